using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Text;

namespace SsprTools.Core.Diagnosis
{
    /// <summary>
    /// Get-SsprDiagnosis's engine: from a symptom, the account's readiness findings, its reset attempts and the tenant,
    /// the causes the data confirms (with evidence), the causes it cannot see, and the next steps in the articles' order.
    /// </summary>
    public sealed class Diagnoser
    {
        private readonly DiagnosisCatalog catalog;

        public Diagnoser(DiagnosisCatalog? catalog = null)
        {
            this.catalog = catalog ?? DiagnosisCatalog.Default;
        }

        public DiagnosisCatalog Catalog => catalog;

        /// <param name="symptom">What the admin reports.</param>
        /// <param name="readiness">The account's readiness result: its findings are evidence, AssistedResetBy names who can reset.</param>
        /// <param name="activity">The account's attempts (SsprActivity.Read for this user).</param>
        /// <param name="data">The tenant: its cloud picks the sender addresses.</param>
        public SsprTools.Diagnosis Diagnose(DiagnosisSymptom symptom, AdminReadiness readiness, ActivityReport activity, TenantData data)
        {
            var likely = new CauseList();
            var attempts = activity.Attempts;
            var open = attempts.Where(a => a.Outcome != ResetOutcome.Succeeded).ToList();

            // 1. Findings: what the directory shows about the account.
            foreach (var finding in readiness.Findings)
            {
                if (catalog.FindingSymptoms.TryGetValue(finding.Id, out var symptoms) && symptoms.Contains(symptom))
                {
                    likely.Add(FromFinding(finding)).Evidence.Add(Texts.Format("Evidence_Finding", finding.Id, finding.Severity, finding.Detail));
                }
            }

            // 2. Audit failures and blocks whose cause explains this symptom.
            foreach (var attempt in open.Where(a => a.NamedCause != null))
            {
                var definition = catalog.Cause(attempt.NamedCause!);
                if (definition == null || definition.Kind != "audit" || !definition.Symptoms.Contains(symptom))
                {
                    continue;
                }

                var cause = CauseFor(attempt.CauseId ?? definition.Id, definition, readiness, likely);
                cause.Evidence.Add(Texts.Format("Evidence_AuditStep", attempt.CorrelationId, Durations.Utc(FailureTime(attempt)), attempt.FailureReason ?? ""));
                if (attempt.BlockedUntil.HasValue)
                {
                    cause.Evidence.Add(Texts.Format("Evidence_BlockedUntil", Durations.Utc(attempt.BlockedUntil.Value)));
                }
            }

            // 3. Timing and sessions: the invalid-security-code article.
            if (symptom == DiagnosisSymptom.InvalidSecurityCode)
            {
                AddTiming(open, readiness, likely);
                AddSessions(attempts, likely);
            }

            // 4. A code or link the service sent but that was never used.
            foreach (var attempt in open)
            {
                // The last code of each kind only: a code sent again replaced the earlier one.
                var latest = attempt.CodeChecks.GroupBy(c => c.Method).Select(g => g.Last());
                foreach (var check in latest.Where(c => c.EnteredAt == null))
                {
                    if (symptom == DiagnosisSymptom.NoEmailReceived && check.Method == "Email")
                    {
                        Named("EmailLinkNotUsed", likely).Evidence.Add(Texts.Format("Evidence_EmailNotUsed", attempt.CorrelationId, Durations.Utc(check.SentAt)));
                    }
                    else if (symptom == DiagnosisSymptom.NoSmsReceived && check.Method == "Sms")
                    {
                        Named("SmsCodeNotUsed", likely).Evidence.Add(Texts.Format("Evidence_SmsNotUsed", attempt.CorrelationId, Durations.Utc(check.SentAt)));
                    }
                }
            }

            // 5. Nothing logged for this name although others are, and nothing else explains the symptom: the name typed
            //    on the reset page was probably another. With other causes confirmed it stays a possibility.
            string? noAttempts = null;
            if (activity.AuditAvailable && attempts.Count == 0 && activity.AnyLogged)
            {
                var sinceText = activity.Since.HasValue ? Texts.Format("Activity_Since", Durations.Utc(activity.Since.Value)) : "";
                noAttempts = Texts.Format("Evidence_NoAttempts", readiness.UserPrincipalName, sinceText);
                if (likely.Ids.All(id => id == "SSPR016"))
                {
                    Named("UsernameMistyped", likely, readiness.UserPrincipalName).Evidence.Add(noAttempts);
                }
            }

            var other = OtherPossible(symptom, readiness, activity, data, likely, noAttempts);
            var notEvaluated = readiness.NotEvaluated.Concat(activity.Warnings).ToArray();

            return new SsprTools.Diagnosis
            {
                UserPrincipalName = readiness.UserPrincipalName,
                Symptom = symptom,
                LikelyCauses = likely.Build(),
                OtherPossibleCauses = other.Build(),
                NextSteps = NextSteps(symptom, readiness, activity, data, likely).ToArray(),
                RecentAttempts = attempts.ToArray(),
                IsAdmin = readiness.IsAdmin,
                AssistedResetBy = readiness.AssistedResetBy,
                NotEvaluated = notEvaluated,
                Readiness = readiness,
                TenantId = readiness.TenantId,
                Source = readiness.Source,
            };
        }

        private void AddTiming(List<ResetAttempt> open, AdminReadiness readiness, CauseList likely)
        {
            var w = catalog.Windows;
            foreach (var attempt in open.Where(a => a.Kind == "SelfServiceReset"))
            {
                foreach (var check in attempt.CodeChecks.Where(c => c.ExceedsCurrentWindow))
                {
                    var verdict = check.ExceedsArticleWindow
                        ? Texts.Format("Timing_BeyondBoth", Minutes(w.ArticleCode), Minutes(w.CurrentCode))
                        : Texts.Format("Timing_BeyondCurrentOnly", Minutes(w.ArticleCode), Minutes(w.CurrentCode));
                    var cause = Named("CodeExpired", likely);
                    cause.Evidence.Add(Texts.Format("Evidence_CodeLate", attempt.CorrelationId, MethodText(check.Method),
                        Durations.Utc(check.SentAt), Durations.UtcTime(check.EnteredAt!.Value), Durations.Text(check.Delay!.Value), verdict));
                    var optIn = readiness.Findings.FirstOrDefault(f => f.Id == "SSPR014");
                    if (check.Method == "Sms" && optIn != null)
                    {
                        cause.Evidence.Add(Texts.Format("Evidence_Sspr014Delay", optIn.Detail));
                    }
                }

                if (attempt.ExceedsCurrentSessionWindow && attempt.Outcome != ResetOutcome.Cancelled && attempt.Outcome != ResetOutcome.Blocked)
                {
                    var verdict = attempt.ExceedsArticleFlowWindow
                        ? Texts.Format("Timing_BeyondBoth", Minutes(w.ArticleFlow), Minutes(w.CurrentSession))
                        : Texts.Format("Timing_BeyondCurrentOnly", Minutes(w.ArticleFlow), Minutes(w.CurrentSession));
                    Named("FlowExpired", likely).Evidence.Add(Texts.Format("Evidence_FlowLong", attempt.CorrelationId, Durations.Text(attempt.Duration),
                        Durations.Utc(attempt.StartedAt), Durations.UtcTime(attempt.EndedAt), verdict));
                }

                if (attempt.NamedCause == "CodeMismatch")
                {
                    var check = attempt.CodeChecks.LastOrDefault(c => c.Delay.HasValue);
                    Named("CodeMismatch", likely).Evidence.Add(check == null
                        ? Texts.Format("Evidence_AuditStep", attempt.CorrelationId, Durations.Utc(FailureTime(attempt)), attempt.FailureReason ?? "")
                        : Texts.Format("Evidence_CodeInTime", attempt.CorrelationId, MethodText(check.Method), Durations.Utc(check.SentAt),
                            Durations.Text(check.Delay!.Value), Minutes(w.ArticleCode), Minutes(w.CurrentCode), attempt.FailureReason ?? ""));
                }

                // A cause the audit text itself names (cookies, "code expired", "session expired"): the step is the evidence.
                if (attempt.NamedCause == "CookiesDisabled"
                    || (attempt.NamedCause == "CodeExpired" && !attempt.CodeChecks.Any(c => c.ExceedsCurrentWindow))
                    || (attempt.NamedCause == "FlowExpired" && !attempt.ExceedsCurrentSessionWindow))
                {
                    Named(attempt.NamedCause, likely).Evidence.Add(Texts.Format("Evidence_AuditStep", attempt.CorrelationId, Durations.Utc(FailureTime(attempt)), attempt.FailureReason ?? ""));
                }
            }
        }

        /// <summary>nb KB: the link opened on another computer or in a new browser session. Seen as overlapping sessions or a change of address.</summary>
        private void AddSessions(IReadOnlyList<ResetAttempt> attempts, CauseList likely)
        {
            var w = catalog.Windows;
            foreach (var attempt in attempts.Where(a => a.Outcome != ResetOutcome.Succeeded && a.IpAddresses.Length > 1))
            {
                Named("OtherBrowserSession", likely).Evidence.Add(Texts.Format("Evidence_IpChanged", attempt.CorrelationId, attempt.IpAddresses.Length, string.Join(", ", attempt.IpAddresses)));
            }

            var ordered = attempts.Where(a => a.Kind == "SelfServiceReset").OrderBy(a => a.StartedAt).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var previous = ordered[i - 1];
                var next = ordered[i];
                if (previous.Outcome == ResetOutcome.Succeeded || previous.Outcome == ResetOutcome.Blocked)
                {
                    continue;
                }

                var lastUnusedCode = previous.CodeChecks.Where(c => c.EnteredAt == null).Select(c => (DateTimeOffset?)c.SentAt).LastOrDefault();
                var overlaps = next.StartedAt <= previous.EndedAt
                    || (lastUnusedCode.HasValue && next.StartedAt - lastUnusedCode.Value <= w.ArticleCode);
                if (overlaps)
                {
                    Named("OtherBrowserSession", likely).Evidence.Add(Texts.Format("Evidence_ParallelSession", next.CorrelationId, Durations.Utc(next.StartedAt),
                        previous.CorrelationId, Durations.Utc(previous.StartedAt)));
                }
            }
        }

        private CauseList OtherPossible(DiagnosisSymptom symptom, AdminReadiness readiness, ActivityReport activity, TenantData data, CauseList likely, string? noAttempts)
        {
            var other = new CauseList();
            var (cloud, senders) = catalog.SendersFor(data.Tenant.Cloud);
            var w = catalog.Windows;
            var auditNote = !activity.AuditAvailable
                ? Texts.Format("Evidence_AuditUnavailable", activity.UnavailableReason)
                : !activity.AnyLogged ? Texts.Get("Evidence_AuditEmpty") : null;

            foreach (var definition in catalog.Causes.Where(c => c.PossibleWhenUnseen && c.Symptoms.Contains(symptom)))
            {
                if (likely.Contains(definition.Id) || definition.Findings.Any(likely.Contains))
                {
                    continue;
                }

                string? evidence;
                switch (definition.Id)
                {
                    case "JunkFolder":
                        evidence = Texts.Get("Evidence_Unseen_Mailbox");
                        break;
                    case "SafeSenders":
                        evidence = Texts.Format("Evidence_Unseen_Senders", cloud, string.Join(", ", senders));
                        break;
                    case "CarrierFiltering":
                        evidence = Texts.Get("Evidence_Unseen_Carrier");
                        break;
                    case "VoipSmsService":
                        evidence = Texts.Get("Evidence_Unseen_Voip");
                        break;
                    case "CookiesDisabled":
                        evidence = auditNote ?? Texts.Get("Evidence_Unseen_Cookies");
                        break;
                    case "UsernameMistyped":
                        if (activity.Attempts.Count > 0)
                        {
                            continue; // attempts under this name exist: the name was typed right
                        }

                        evidence = noAttempts ?? auditNote ?? Texts.Get("Evidence_Unseen_Username");
                        break;
                    case "CodeExpired":
                    case "CodeMismatch":
                        var checks = activity.Attempts.SelectMany(a => a.CodeChecks).Where(c => c.Delay.HasValue).ToList();
                        evidence = auditNote ?? (checks.Count == 0
                            ? Texts.Get("Evidence_NoCodesSeen")
                            : Texts.Format("Evidence_NoLateCodes", string.Join(", ", checks.Select(c => MethodText(c.Method) + " " + Durations.Text(c.Delay!.Value)))));
                        break;
                    case "FlowExpired":
                        evidence = auditNote ?? (activity.Attempts.Count == 0
                            ? Texts.Get("Evidence_Unseen_NotConfirmed")
                            : Texts.Format("Evidence_NoLongFlow", Minutes(w.CurrentSession), Durations.Text(activity.Attempts.Max(a => a.Duration))));
                        break;
                    case "OtherBrowserSession":
                        evidence = auditNote ?? Texts.Get("Evidence_NoSessionTrace");
                        break;
                    default:
                        evidence = auditNote ?? Texts.Get("Evidence_Unseen_NotConfirmed");
                        break;
                }

                var cause = Named(definition.Id, other, definition.Id == "SafeSenders" ? string.Join(", ", senders) : readiness.UserPrincipalName);
                cause.Evidence.Add(evidence);
            }

            // Not evaluated is not passed: a finding of this symptom whose check could not run stays possible.
            foreach (var note in readiness.NotEvaluated)
            {
                foreach (var id in FindingIdsIn(note))
                {
                    if (catalog.FindingSymptoms.TryGetValue(id, out var symptoms) && symptoms.Contains(symptom) && !likely.Contains(id))
                    {
                        other.Add(new CauseBuilder(id, Texts.Get(id + "_Title"), Texts.Get(id + "_Remediation"), Texts.Get(id + "_Reference"), "Finding"))
                            .Evidence.Add(note);
                    }
                }
            }

            // Without an audit log, a block cannot be ruled out either.
            if (auditNote != null && !likely.Contains("BlockedTooManyAttempts"))
            {
                Named("BlockedTooManyAttempts", other).Evidence.Add(auditNote);
            }

            return other;
        }

        private IEnumerable<string> NextSteps(DiagnosisSymptom symptom, AdminReadiness readiness, ActivityReport activity, TenantData data, CauseList likely)
        {
            var w = catalog.Windows;
            var upn = readiness.UserPrincipalName;
            var resetters = string.Join(", ", readiness.AssistedResetBy);
            var latest = activity.Attempts.OrderBy(a => a.EndedAt).LastOrDefault();
            if (latest != null && latest.Outcome == ResetOutcome.Succeeded && latest.Kind == "SelfServiceReset")
            {
                yield return Texts.Format("NextStep_LastSucceeded", Durations.Utc(latest.EndedAt));
            }
            else if (latest != null && latest.Outcome == ResetOutcome.Succeeded && latest.Kind == "AdminReset")
            {
                yield return Texts.Format("NextStep_AdminResetDone", Durations.Utc(latest.EndedAt));
            }

            var block = activity.Attempts.Where(a => a.BlockedUntil.HasValue && a.BlockedUntil.Value > activity.ReferenceTime)
                .Select(a => a.BlockedUntil!.Value).OrderBy(t => t).LastOrDefault();
            if (block != default)
            {
                yield return Texts.Format("NextStep_Blocked", Durations.Utc(block));
            }

            if (!readiness.IsAdmin)
            {
                // nl KB: "Als u geen beheerder bent, neem dan contact op met de beheerder van uw bedrijf."
                yield return readiness.AssistedResetBy.Length > 0
                    ? Texts.Format("NextStep_ContactAdministrator", upn, resetters)
                    : Texts.Format("NextStep_ContactAdministratorNone", upn);
            }

            if (symptom == DiagnosisSymptom.InvalidSecurityCode)
            {
                // nb KB, in its order: retype; restart within the window in one session; close all browsers; another admin; support.
                yield return Texts.Get("NextStep_RetypeCode");
                yield return Texts.Format("NextStep_RestartWithinWindow", Minutes(w.CurrentCode), Minutes(w.CurrentSession), Minutes(w.ArticleCode), Minutes(w.ArticleFlow));
                yield return Texts.Get("NextStep_CloseBrowsers");
                if (readiness.IsAdmin)
                {
                    yield return readiness.AssistedResetBy.Length > 0
                        ? Texts.Format("NextStep_AnotherAdminResets", resetters)
                        : Texts.Format("NextStep_Support", upn);
                }
                else if (readiness.AssistedResetBy.Length == 0)
                {
                    yield return Texts.Format("NextStep_Support", upn);
                }

                yield break;
            }

            // nl KB, in its order: another admin (or support); the user name; an admin account; email / phone; the feature switch.
            if (readiness.IsAdmin)
            {
                yield return readiness.AssistedResetBy.Length > 0
                    ? Texts.Format("NextStep_AskAnotherAdmin", resetters)
                    : Texts.Format("NextStep_Support", upn);
            }
            else if (readiness.AssistedResetBy.Length == 0)
            {
                yield return Texts.Format("NextStep_Support", upn);
            }

            yield return Texts.Format("NextStep_CheckUsername", upn);
            if (!readiness.IsAdmin)
            {
                yield return Texts.Get("NextStep_MakeAdmin");
            }

            if (symptom == DiagnosisSymptom.NoEmailReceived)
            {
                yield return Texts.Format("NextStep_CheckEmail", string.Join(", ", catalog.SendersFor(data.Tenant.Cloud).Addresses));
            }
            else
            {
                yield return Texts.Get("NextStep_CheckPhone");
            }

            var fixable = likely.Ids.Where(id => id.StartsWith("SSPR", StringComparison.Ordinal) && id != "SSPR016" && id != "SSPR001").ToList();
            if (fixable.Count > 0)
            {
                yield return Texts.Format("NextStep_FixFindings", string.Join(", ", fixable));
            }

            if (readiness.IsAdmin)
            {
                yield return Texts.Format("NextStep_CheckEnabled", data.Tenant.AllowedToUseSspr ? "True" : "False");
            }
        }

        private static readonly System.Text.RegularExpressions.Regex FindingRange =
            new System.Text.RegularExpressions.Regex(@"SSPR(\d{3})(?:\s*[-\u2013]\s*SSPR(\d{3}))?", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>The finding ids a NotEvaluated note names, ranges such as "SSPR004-SSPR007" included.</summary>
        internal static IEnumerable<string> FindingIdsIn(string note)
        {
            foreach (System.Text.RegularExpressions.Match m in FindingRange.Matches(note))
            {
                var first = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                var last = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : first;
                for (var n = first; n <= last && n - first < 20; n++)
                {
                    yield return "SSPR" + n.ToString("000", CultureInfo.InvariantCulture);
                }
            }
        }

        private static DateTimeOffset FailureTime(ResetAttempt attempt)
        {
            var step = attempt.StepDetails.LastOrDefault(s => s.Reason == attempt.FailureReason && attempt.FailureReason != null);
            return step?.Time ?? attempt.EndedAt;
        }

        private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);

        private static string MethodText(string method) =>
            method == "Email" ? Texts.Get("Method_Email") : method == "Sms" ? Texts.Get("Method_Sms") : method;

        private static CauseBuilder FromFinding(Finding finding) =>
            new CauseBuilder(finding.Id, finding.Title, finding.Remediation, finding.Reference, "Finding");

        /// <summary>The cause an audit failure points at: the finding when the account has it, else the named cause.</summary>
        private CauseBuilder CauseFor(string id, CauseDefinition definition, AdminReadiness readiness, CauseList list)
        {
            if (list.TryGet(id, out var existing))
            {
                return existing;
            }

            var finding = readiness.Findings.FirstOrDefault(f => f.Id == id);
            return finding != null ? list.Add(FromFinding(finding)) : Named(definition.Id, list);
        }

        private CauseBuilder Named(string id, CauseList list, string? argument = null)
        {
            if (list.TryGet(id, out var existing))
            {
                return existing;
            }

            var definition = catalog.Cause(id);
            var article = definition?.Article ?? "docs";
            var source = definition?.Kind switch
            {
                "audit" => "AuditLog",
                "timing" => "Timing",
                "steps" => "AuditLog",
                _ => "Article",
            };
            var remediation = Texts.Get("Cause_" + id + "_Remediation");
            if (argument != null && remediation.Contains("{0}"))
            {
                remediation = string.Format(CultureInfo.CurrentCulture, remediation, argument);
            }

            return list.Add(new CauseBuilder(id, Texts.Get("Cause_" + id + "_Title"), remediation, Texts.Get("Cause_Reference_" + article), source));
        }

        private sealed class CauseBuilder
        {
            public CauseBuilder(string id, string title, string remediation, string? reference, string source)
            {
                Id = id;
                Title = title;
                Remediation = remediation;
                Reference = reference;
                Source = source;
            }

            public string Id { get; }
            public string Title { get; }
            public string Remediation { get; }
            public string? Reference { get; }
            public string Source { get; }
            public List<string> Evidence { get; } = new List<string>();

            public DiagnosisCause Build() => new DiagnosisCause
            {
                Id = Id,
                Title = Title,
                Evidence = Evidence.Distinct(StringComparer.Ordinal).ToArray(),
                Remediation = Remediation,
                Reference = Reference,
                Source = Source,
            };
        }

        /// <summary>Causes in the order they were found, one entry per id.</summary>
        private sealed class CauseList
        {
            private readonly List<CauseBuilder> items = new List<CauseBuilder>();

            public IEnumerable<string> Ids => items.Select(i => i.Id);

            public bool Contains(string id) => items.Any(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));

            public bool TryGet(string id, out CauseBuilder cause)
            {
                cause = items.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase))!;
                return cause != null;
            }

            public CauseBuilder Add(CauseBuilder cause)
            {
                if (TryGet(cause.Id, out var existing))
                {
                    return existing;
                }

                items.Add(cause);
                return cause;
            }

            public DiagnosisCause[] Build() => items.Select(i => i.Build()).ToArray();
        }
    }
}
