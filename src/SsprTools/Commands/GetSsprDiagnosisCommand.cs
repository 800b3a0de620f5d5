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
    /// Get-SsprDiagnosis: "my admin cannot reset". From the symptom (no email, no SMS, invalid security code), the
    /// account's readiness findings and its reset attempts in the audit log: the likely causes with their evidence,
    /// the causes the data cannot see, and the next steps in the knowledge-base articles' order.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SsprDiagnosis")]
    [OutputType(typeof(Diagnosis))]
    public sealed class GetSsprDiagnosisCommand : SsprCmdlet
    {
        private readonly List<string> requested = new List<string>();

        /// <summary>The account that cannot reset its password.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UPN", "UserId")]
        [ValidateNotNullOrEmpty]
        public string[]? UserPrincipalName { get; set; }

        /// <summary>What the admin sees: NoEmailReceived, NoSmsReceived or InvalidSecurityCode.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public DiagnosisSymptom Symptom { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SnapshotPath { get; set; }

        /// <summary>Most Microsoft Graph requests in flight at once when reading a live tenant (default 8).</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = TenantReadOptions.DefaultThrottleLimit;

        [Parameter]
        public ExpectedAdminSspr ExpectedAdminSspr { get; set; } = ExpectedAdminSspr.Any;

        protected override void ProcessRecord()
        {
            if (UserPrincipalName != null)
            {
                requested.AddRange(UserPrincipalName.Select(n => n.Trim()).Where(n => n.Length > 0));
            }
        }

        protected override void EndProcessing()
        {
            if (requested.Count == 0)
            {
                return;
            }

            Core.Model.TenantData? data = null;
            ReadinessEvaluator? evaluator = null;
            Guard(() =>
            {
                WarnIfThrottleLimitIgnored(SnapshotPath);
                data = ReadTenant(ResolveSource(SnapshotPath), new TenantReadOptions { Users = requested, RequestedUsersOnly = true, IncludeAuditEvents = true, ThrottleLimit = ThrottleLimit });
                evaluator = new ReadinessEvaluator(data, new ReadinessOptions { ExpectedAdminSspr = ExpectedAdminSspr });
            }, SnapshotPath);

            if (data == null || evaluator == null)
            {
                return;
            }

            var diagnoser = new Diagnoser();
            var warned = new HashSet<string>();
            foreach (var upn in requested.Distinct(System.StringComparer.OrdinalIgnoreCase))
            {
                Guard(() =>
                {
                    var readiness = evaluator.EvaluateUser(upn);
                    if (readiness == null)
                    {
                        WriteError(ErrorRecords.From(Suggestions.UnknownUser(data, upn, "UnknownUser_ActionDiagnosis")));
                        return;
                    }

                    var activity = SsprActivity.Read(data, evaluator, readiness.UserPrincipalName, null);
                    // A live read already warned once, naming the permission or licence; a snapshot did not.
                    if (!activity.AuditAvailable && data.Source != "graph")
                    {
                        foreach (var warning in activity.Warnings.Where(warned.Add))
                        {
                            WriteWarning(warning);
                        }
                    }

                    WriteObject(diagnoser.Diagnose(Symptom, readiness, activity, data));
                }, upn);
            }
        }
    }
}
