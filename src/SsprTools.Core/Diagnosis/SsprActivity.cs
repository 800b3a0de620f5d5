using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;
using SsprTools.Core.Text;

namespace SsprTools.Core.Diagnosis
{
    /// <summary>The attempts a query found, and why there may be none.</summary>
    public sealed class ActivityReport
    {
        public IReadOnlyList<ResetAttempt> Attempts { get; init; } = Array.Empty<ResetAttempt>();
        /// <summary>Why no attempts can be shown (audit log unreadable, none in the window …), for WriteWarning.</summary>
        public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();
        /// <summary>False when the audit log could not be read (licence, permission, not read).</summary>
        public bool AuditAvailable { get; init; }
        /// <summary>Attempts of every account in the window: tells "none for this name" from "none at all".</summary>
        public int TenantAttemptCount { get; init; }
        /// <summary>Any account has attempts in the window (after a live one-admin read, which reads only the asked-about
        /// accounts' events, <see cref="TenantAttemptCount"/> counts theirs and a probe tells whether others are logged).</summary>
        public bool AnyLogged { get; init; }
        public DateTimeOffset ReferenceTime { get; init; }
        public DateTimeOffset? Since { get; init; }
        /// <summary>Why the audit log could not be read, in words; null when it could.</summary>
        public string? UnavailableReason { get; init; }
    }

    /// <summary>Get-SsprActivity's engine: the SSPR attempts of a tenant, of one account, since a time.</summary>
    public static class SsprActivity
    {
        /// <summary>"Now" for a tenant: the time the data was read (a snapshot's generatedAt), else the clock.</summary>
        public static DateTimeOffset ReferenceTime(TenantData data) => data.GeneratedAt ?? DateTimeOffset.UtcNow;

        /// <summary>The start of a "-Days n" window, counted back from the data's reference time.</summary>
        public static DateTimeOffset SinceDays(TenantData data, int days) => ReferenceTime(data).AddDays(-days);

        /// <param name="data">The tenant, with its audit events.</param>
        /// <param name="evaluator">Readiness of the tenant: a failure a finding explains is named by the finding id.</param>
        /// <param name="user">A UPN or object id; null for every account.</param>
        /// <param name="since">Oldest attempt wanted (by its last step); null for all the data holds.</param>
        public static ActivityReport Read(TenantData data, ReadinessEvaluator evaluator, string? user, DateTimeOffset? since, DiagnosisCatalog? catalog = null)
        {
            var reference = ReferenceTime(data);
            var tenantName = string.IsNullOrEmpty(data.Tenant.DisplayName) ? data.Tenant.Id : data.Tenant.DisplayName;
            var sinceText = since.HasValue ? Texts.Format("Activity_Since", Durations.Utc(since.Value)) : "";
            if (data.Collection.AuditLogs != CollectionStates.Available)
            {
                var reason = Reason(data.Collection.AuditLogs);
                return new ActivityReport
                {
                    AuditAvailable = false,
                    UnavailableReason = reason,
                    ReferenceTime = reference,
                    Since = since,
                    Warnings = new[] { Texts.Format("Activity_AuditUnavailable", tenantName, reason) },
                };
            }

            var findings = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.OrdinalIgnoreCase);
            IReadOnlyCollection<string> FindingsOf(string upn, string? id)
            {
                var key = (upn ?? "") + "|" + (id ?? "");
                if (!findings.TryGetValue(key, out var ids))
                {
                    var account = (string.IsNullOrEmpty(upn) ? null : evaluator.Index.FindUser(upn!))
                        ?? (string.IsNullOrEmpty(id) ? null : evaluator.Index.FindUser(id!));
                    ids = account == null
                        ? (IReadOnlyCollection<string>)Array.Empty<string>()
                        : new HashSet<string>(evaluator.Evaluate(account).Findings.Select(f => f.Id), StringComparer.OrdinalIgnoreCase);
                    findings[key] = ids;
                }

                return ids;
            }

            var all = new AttemptBuilder(catalog).Build(data.AuditEvents, reference, FindingsOf)
                .Where(a => !since.HasValue || a.EndedAt >= since.Value)
                .ToList();

            var attempts = all;
            if (!string.IsNullOrWhiteSpace(user))
            {
                var account = evaluator.Index.FindUser(user!.Trim());
                attempts = all.Where(a => IsFor(a, user!.Trim(), account)).ToList();
            }

            var warnings = new List<string>();
            var anyLogged = all.Count > 0 || data.OtherAccountsLogged;
            if (!anyLogged)
            {
                warnings.Add(Texts.Format("Activity_NoEvents", tenantName, sinceText) + Texts.Get("Activity_Retention"));
            }
            else if (attempts.Count == 0)
            {
                warnings.Add(Texts.Format("Activity_NoEventsForUser", user, sinceText) + Texts.Get("Activity_Retention"));
            }

            return new ActivityReport
            {
                Attempts = attempts,
                Warnings = warnings,
                AuditAvailable = true,
                TenantAttemptCount = all.Count,
                AnyLogged = anyLogged,
                ReferenceTime = reference,
                Since = since,
            };
        }

        private static bool IsFor(ResetAttempt attempt, string wanted, DirectoryUser? account)
        {
            if (string.Equals(attempt.UserPrincipalName, wanted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(attempt.UserId, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return account != null
                && (string.Equals(attempt.UserId, account.Id, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(attempt.UserPrincipalName, account.UserPrincipalName, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>One line for -Verbose: how many attempts the audit log holds and how many the query kept.</summary>
        public static string Describe(ActivityReport report) =>
            Texts.Format("Activity_Verbose", report.TenantAttemptCount, report.Attempts.Count, Durations.Utc(report.ReferenceTime),
                report.Since.HasValue ? Texts.Format("Activity_Since", Durations.Utc(report.Since.Value)) : "");

        internal static string Reason(string state) =>
            state == CollectionStates.NotLicensed ? Texts.Get("Reason_NotLicensed")
            : state == CollectionStates.Forbidden ? Texts.Get("Reason_Forbidden")
            : Texts.Get("Reason_NotRead");
    }
}
