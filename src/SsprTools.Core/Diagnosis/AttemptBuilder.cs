using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;

namespace SsprTools.Core.Diagnosis
{
    /// <summary>What one audit step says, once classified.</summary>
    internal enum StepKind
    {
        Other,
        Started,
        Completed,
        Succeeded,
        Failed,
        Blocked,
        Abandoned,
        Cancelled,
    }

    internal sealed class ClassifiedStep
    {
        public ClassifiedStep(AuditEvent e, string? activityKind, StepKind kind, MethodDefinition? method)
        {
            Event = e;
            ActivityKind = activityKind;
            Kind = kind;
            Method = method;
        }

        public AuditEvent Event { get; }
        public string? ActivityKind { get; }
        public StepKind Kind { get; }
        public MethodDefinition? Method { get; }
        public DateTimeOffset Time => Event.ActivityDateTime;
    }

    /// <summary>
    /// Turns SSPR audit events (loggedByService "Self-service Password Management", both the "Self-service…" and the
    /// legacy "Self-serve…" activity names) into attempts: grouped by correlationId, steps in time order, an outcome,
    /// the failure reason, and the cause it maps to through the data table.
    /// </summary>
    public sealed class AttemptBuilder
    {
        private readonly DiagnosisCatalog catalog;

        public AttemptBuilder(DiagnosisCatalog? catalog = null)
        {
            this.catalog = catalog ?? DiagnosisCatalog.Default;
        }

        /// <summary>True for an event of the SSPR service that belongs to a user's attempt (directory-level events are not).</summary>
        public bool IsAttemptEvent(AuditEvent e)
        {
            var kind = catalog.ActivityKind(e.ActivityDisplayName);
            if (kind == "Directory")
            {
                return false;
            }

            return catalog.IsSsprService(e.LoggedByService) || (string.IsNullOrWhiteSpace(e.LoggedByService) && kind != null);
        }

        /// <param name="events">Audit events in any order; events of other services are ignored.</param>
        /// <param name="referenceTime">"Now": the snapshot's time or the clock; an open flow newer than the session window is InProgress.</param>
        /// <param name="findingsOf">The finding ids of an account (by UPN, then id), to name the finding that explains a failure.</param>
        public IReadOnlyList<ResetAttempt> Build(IEnumerable<AuditEvent> events, DateTimeOffset referenceTime,
            Func<string, string?, IReadOnlyCollection<string>>? findingsOf = null)
        {
            var groups = new Dictionary<string, List<AuditEvent>>(StringComparer.OrdinalIgnoreCase);
            var order = new List<string>();
            var index = 0;
            foreach (var e in events.Where(IsAttemptEvent))
            {
                var key = string.IsNullOrWhiteSpace(e.CorrelationId) ? "event:" + (e.Id ?? (index).ToString(System.Globalization.CultureInfo.InvariantCulture)) : e.CorrelationId!.Trim();
                index++;
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = new List<AuditEvent>();
                    order.Add(key);
                }

                list.Add(e);
            }

            return order
                .Select(key => BuildOne(key, groups[key], referenceTime, findingsOf))
                .OrderBy(a => a.StartedAt).ThenBy(a => a.CorrelationId, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        private ResetAttempt BuildOne(string key, List<AuditEvent> events, DateTimeOffset referenceTime,
            Func<string, string?, IReadOnlyCollection<string>>? findingsOf)
        {
            var w = catalog.Windows;
            var steps = events.OrderBy(e => e.ActivityDateTime).Select(Classify).ToList();
            var started = steps[0].Time;
            var ended = steps[steps.Count - 1].Time;
            var duration = ended - started;
            var (upn, userId) = UserOf(events);
            var kind = KindOf(steps);

            var outcome = OutcomeOf(steps, kind, referenceTime, ended);
            var failureStep = FailureStepOf(steps, outcome);
            var codeChecks = CodeChecksOf(steps);
            var exceedsCurrentSession = duration > w.CurrentSession;
            var exceedsArticleFlow = duration > w.ArticleFlow;

            string? named = null;
            CauseDefinition? cause = null;
            if (outcome == ResetOutcome.Blocked)
            {
                cause = catalog.Cause("BlockedTooManyAttempts");
            }
            else if (outcome == ResetOutcome.Failed)
            {
                cause = steps.Where(s => s.Kind == StepKind.Failed).Reverse()
                    .Select(s => catalog.MatchReason(s.Event.ResultReason)).FirstOrDefault(c => c != null);
            }

            if (cause != null && !cause.ResolvedByTiming)
            {
                named = cause.Id;
            }
            else if (outcome != ResetOutcome.Succeeded && outcome != ResetOutcome.Blocked && outcome != ResetOutcome.InProgress && kind == "SelfServiceReset")
            {
                // An invalid-or-expired code, a failure no table entry explains, or a flow that stopped: the timing decides.
                if (codeChecks.Any(c => c.ExceedsCurrentWindow))
                {
                    named = "CodeExpired";
                }
                else if (exceedsCurrentSession && outcome != ResetOutcome.Cancelled)
                {
                    named = "FlowExpired";
                }
                else if (cause != null && cause.ResolvedByTiming)
                {
                    named = "CodeMismatch";
                }
                else if (outcome == ResetOutcome.Failed && steps.Any(s => string.Equals(s.Event.Result, "timeout", StringComparison.OrdinalIgnoreCase)))
                {
                    named = "FlowExpired";
                }
                else if (outcome == ResetOutcome.Abandoned
                    && codeChecks.GroupBy(c => c.Method).Select(g => g.Last()).LastOrDefault(c => c.EnteredAt == null) is CodeCheck unused)
                {
                    // The flow stopped while a code or link was out and never used: it may never have arrived.
                    named = unused.Method == "Email" ? "EmailLinkNotUsed" : "SmsCodeNotUsed";
                }
            }

            var causeId = named;
            var definition = named == null ? null : catalog.Cause(named);
            if (definition != null && definition.Findings.Count > 0 && findingsOf != null)
            {
                var findings = findingsOf(upn, userId);
                var confirmed = definition.Findings.FirstOrDefault(f => findings.Contains(f));
                if (confirmed != null)
                {
                    causeId = confirmed;
                }
            }

            var blockStep = steps.LastOrDefault(s => s.Kind == StepKind.Blocked);
            var details = steps.Select(s => new ResetAttemptStep
            {
                Time = s.Time,
                Offset = s.Time - started,
                Activity = s.Event.ActivityDisplayName ?? "",
                Result = s.Event.Result,
                Reason = s.Event.ResultReason,
                IpAddress = s.Event.InitiatedBy?.User?.IpAddress,
            }).ToArray();
            return new ResetAttempt
            {
                CorrelationId = key,
                StartedAt = started,
                EndedAt = ended,
                Duration = duration,
                Steps = details.Select(d => d.Text).ToArray(),
                StepDetails = details,
                Outcome = outcome,
                FailureReason = failureStep == null ? null
                    : !string.IsNullOrWhiteSpace(failureStep.Event.ResultReason) ? failureStep.Event.ResultReason : failureStep.Event.ActivityDisplayName,
                CauseId = causeId,
                NamedCause = named,
                UserPrincipalName = upn,
                UserId = userId,
                Kind = kind,
                BlockedUntil = blockStep == null ? (DateTimeOffset?)null : blockStep.Time + w.Block,
                CodeChecks = codeChecks.ToArray(),
                ExceedsArticleFlowWindow = exceedsArticleFlow,
                ExceedsCurrentSessionWindow = exceedsCurrentSession,
                IpAddresses = events.Select(e => e.InitiatedBy?.User?.IpAddress).Where(ip => !string.IsNullOrWhiteSpace(ip))
                    .Select(ip => ip!).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            };
        }

        internal ClassifiedStep Classify(AuditEvent e)
        {
            var activityKind = catalog.ActivityKind(e.ActivityDisplayName);
            var reason = DiagnosisCatalog.Normalize(e.ResultReason ?? "");
            var result = (e.Result ?? "").Trim().ToLowerInvariant();
            var method = catalog.Methods.FirstOrDefault(m => m.Phrases.Any(p => DiagnosisCatalog.ContainsWord(reason, p)));

            StepKind kind;
            if (activityKind == "Blocked")
            {
                kind = StepKind.Blocked;
            }
            else if (result == "failure" || result == "timeout")
            {
                kind = catalog.MatchReason(e.ResultReason)?.Outcome == ResetOutcome.Blocked ? StepKind.Blocked : StepKind.Failed;
            }
            else if (catalog.SucceededPhrases.Any(p => DiagnosisCatalog.ContainsAll(reason, p)))
            {
                kind = StepKind.Succeeded;
            }
            else if (catalog.AbandonedPhrases.Any(p => DiagnosisCatalog.ContainsAll(reason, p)))
            {
                kind = StepKind.Abandoned;
            }
            else if (catalog.CancelledPhrases.Any(p => DiagnosisCatalog.ContainsAll(reason, p)))
            {
                kind = StepKind.Cancelled;
            }
            else if (catalog.MatchReason(e.ResultReason) is CauseDefinition known)
            {
                // A known failure text logged with another result (e.g. "success"): the text decides.
                kind = known.Outcome == ResetOutcome.Blocked ? StepKind.Blocked : StepKind.Failed;
            }
            else if (activityKind != null && activityKind != "FlowProgress" && result == "success")
            {
                // Reset, unlock, change, registration: the activity itself is the outcome.
                kind = StepKind.Succeeded;
            }
            else if (catalog.CompletedWords.Any(word => DiagnosisCatalog.ContainsWord(reason, word)))
            {
                kind = StepKind.Completed;
            }
            else if (catalog.StartedWords.Any(word => DiagnosisCatalog.ContainsWord(reason, word)))
            {
                kind = StepKind.Started;
            }
            else
            {
                kind = StepKind.Other;
            }

            return new ClassifiedStep(e, activityKind, kind, method);
        }

        private static (string Upn, string? Id) UserOf(IEnumerable<AuditEvent> events)
        {
            foreach (var e in events)
            {
                var target = e.TargetResources.FirstOrDefault(t => string.Equals(t.Type, "User", StringComparison.OrdinalIgnoreCase)
                    && (!string.IsNullOrWhiteSpace(t.UserPrincipalName) || !string.IsNullOrWhiteSpace(t.Id)));
                if (target != null)
                {
                    return (target.UserPrincipalName ?? "", target.Id);
                }
            }

            var initiator = events.Select(e => e.InitiatedBy?.User).FirstOrDefault(u => u != null && (!string.IsNullOrWhiteSpace(u.UserPrincipalName) || !string.IsNullOrWhiteSpace(u.Id)));
            return (initiator?.UserPrincipalName ?? "", initiator?.Id);
        }

        private static string KindOf(List<ClassifiedStep> steps)
        {
            var kinds = new HashSet<string>(steps.Select(s => s.ActivityKind).Where(k => k != null).Select(k => k!));
            if (kinds.Contains("Unlock"))
            {
                return "Unlock";
            }

            if (kinds.Contains("FlowProgress") || kinds.Contains("SelfServiceReset") || kinds.Contains("Blocked"))
            {
                return "SelfServiceReset";
            }

            if (kinds.Contains("AdminReset"))
            {
                return "AdminReset";
            }

            if (kinds.Contains("PasswordChange"))
            {
                return "PasswordChange";
            }

            return kinds.Contains("Registration") ? "Registration" : "Other";
        }

        private ResetOutcome OutcomeOf(List<ClassifiedStep> steps, string kind, DateTimeOffset referenceTime, DateTimeOffset ended)
        {
            if (steps.Any(s => s.Kind == StepKind.Blocked))
            {
                return ResetOutcome.Blocked;
            }

            if (steps.Any(s => s.Kind == StepKind.Succeeded))
            {
                return ResetOutcome.Succeeded;
            }

            if (steps.Any(s => s.Kind == StepKind.Failed))
            {
                return ResetOutcome.Failed;
            }

            var last = steps.LastOrDefault(s => s.Kind == StepKind.Abandoned || s.Kind == StepKind.Cancelled);
            if (last != null)
            {
                return last.Kind == StepKind.Cancelled ? ResetOutcome.Cancelled : ResetOutcome.Abandoned;
            }

            if (kind != "SelfServiceReset")
            {
                return ResetOutcome.Unknown;
            }

            // A flow with no result: still open within the session window, else the user left or it timed out.
            return referenceTime - ended <= catalog.Windows.CurrentSession && ended <= referenceTime.AddMinutes(5)
                ? ResetOutcome.InProgress
                : ResetOutcome.Abandoned;
        }

        private static ClassifiedStep? FailureStepOf(List<ClassifiedStep> steps, ResetOutcome outcome)
        {
            switch (outcome)
            {
                case ResetOutcome.Blocked:
                    return steps.LastOrDefault(s => s.Kind == StepKind.Blocked && !string.IsNullOrWhiteSpace(s.Event.ResultReason))
                        ?? steps.Last(s => s.Kind == StepKind.Blocked);
                case ResetOutcome.Failed:
                    return steps.Last(s => s.Kind == StepKind.Failed);
                case ResetOutcome.Abandoned:
                case ResetOutcome.Cancelled:
                    return steps.LastOrDefault(s => s.Kind == StepKind.Abandoned || s.Kind == StepKind.Cancelled);
                default:
                    return null;
            }
        }

        /// <summary>Each email link or SMS code sent, and the first later step that used it (completed, failed or blocked).</summary>
        private List<CodeCheck> CodeChecksOf(List<ClassifiedStep> steps)
        {
            var w = catalog.Windows;
            var checks = new List<CodeCheck>();
            for (var i = 0; i < steps.Count; i++)
            {
                var sent = steps[i];
                if (sent.Kind != StepKind.Started || sent.Method == null || !sent.Method.SendsCode)
                {
                    continue;
                }

                ClassifiedStep? used = null;
                for (var j = i + 1; j < steps.Count; j++)
                {
                    var s = steps[j];
                    if (s.Kind == StepKind.Started && s.Method?.Id == sent.Method.Id)
                    {
                        break; // a new code replaced this one
                    }

                    var sameMethod = s.Method == null || s.Method.Id == sent.Method.Id;
                    if ((s.Kind == StepKind.Completed && s.Method?.Id == sent.Method.Id)
                        || ((s.Kind == StepKind.Failed || s.Kind == StepKind.Blocked) && sameMethod))
                    {
                        used = s;
                        break;
                    }
                }

                var delay = used == null ? (TimeSpan?)null : used.Time - sent.Time;
                checks.Add(new CodeCheck
                {
                    Method = sent.Method.Id,
                    SentAt = sent.Time,
                    EnteredAt = used?.Time,
                    Delay = delay,
                    ExceedsArticleWindow = delay > w.ArticleCode,
                    ExceedsCurrentWindow = delay > w.CurrentCode,
                });
            }

            return checks;
        }
    }
}
