using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core.Diagnosis;
using SsprTools.Core.Readiness;
using SsprTools.Core.Sources;
using SsprTools.Core.Text;

namespace SsprTools.Commands
{
    /// <summary>
    /// Get-SsprActivity: the self-service password reset audit events of the tenant, grouped by correlationId into
    /// attempts, with the outcome, the failure reason and the cause it maps to.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SsprActivity", DefaultParameterSetName = "All")]
    [OutputType(typeof(ResetAttempt))]
    public sealed class GetSsprActivityCommand : SsprCmdlet
    {
        private readonly List<string> requested = new List<string>();

        /// <summary>Accounts whose attempts to show; every account's when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UPN", "UserId")]
        [ValidateNotNullOrEmpty]
        public string[]? UserPrincipalName { get; set; }

        /// <summary>Only attempts that went on at or after this time.</summary>
        [Parameter(ParameterSetName = "Since", Mandatory = true)]
        public DateTime Since { get; set; }

        /// <summary>Only attempts of the last n days (counted from a snapshot's time, or from now).</summary>
        [Parameter(ParameterSetName = "Days", Mandatory = true)]
        [ValidateRange(1, 3650)]
        public int Days { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SnapshotPath { get; set; }

        /// <summary>Most Microsoft Graph requests in flight at once when reading a live tenant (default 8).</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = TenantReadOptions.DefaultThrottleLimit;

        protected override void ProcessRecord()
        {
            if (UserPrincipalName != null)
            {
                requested.AddRange(UserPrincipalName.Select(n => n.Trim()).Where(n => n.Length > 0));
            }
        }

        protected override void EndProcessing()
        {
            Core.Model.TenantData? data = null;
            ReadinessEvaluator? evaluator = null;
            DateTimeOffset? since = null;
            Guard(() =>
            {
                var readSince = ParameterSetName == "Since" ? new DateTimeOffset(Since)
                    : ParameterSetName == "Days" ? DateTimeOffset.UtcNow.AddDays(-Days)
                    : (DateTimeOffset?)null;
                WarnIfThrottleLimitIgnored(SnapshotPath);
                data = ReadTenant(ResolveSource(SnapshotPath), new TenantReadOptions
                {
                    Users = requested.Count > 0 ? requested : null,
                    RequestedUsersOnly = requested.Count > 0,
                    IncludeAuditEvents = true,
                    AuditSince = readSince,
                    ThrottleLimit = ThrottleLimit,
                });
                evaluator = new ReadinessEvaluator(data);
                liveRead = data.Source == "graph";
                since = ParameterSetName == "Days" ? SsprActivity.SinceDays(data, Days) : readSince;
            }, SnapshotPath);

            if (data == null || evaluator == null)
            {
                return;
            }

            var warned = new HashSet<string>(StringComparer.Ordinal);
            if (requested.Count == 0)
            {
                Guard(() => Emit(SsprActivity.Read(data, evaluator, null, since), warned));
                return;
            }

            foreach (var upn in requested.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                Guard(() =>
                {
                    var report = SsprActivity.Read(data, evaluator, upn, since);
                    if (report.Attempts.Count == 0 && evaluator.Index.FindUser(upn) == null)
                    {
                        WriteError(ErrorRecords.From(Suggestions.UnknownUser(data, upn, "UnknownUser_ActionDiagnosis")));
                        return;
                    }

                    Emit(report, warned);
                }, upn);
            }
        }

        private bool? liveRead;

        private void Emit(ActivityReport report, HashSet<string> warned)
        {
            WriteVerbose(SsprActivity.Describe(report));
            // When the audit log could not be read live, the read already warned once (naming the permission or licence).
            foreach (var warning in report.Warnings.Where(w => report.AuditAvailable || liveRead == false).Where(warned.Add))
            {
                WriteWarning(warning);
            }

            foreach (var attempt in report.Attempts)
            {
                WriteObject(attempt);
            }
        }
    }
}
