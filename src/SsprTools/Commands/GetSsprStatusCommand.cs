using System.Management.Automation;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core.Readiness;

namespace SsprTools.Commands
{
    /// <summary>
    /// Get-SsprStatus: is admin self-service password reset on, does the two-gate policy apply, how many admins
    /// can recover. The Microsoft Graph replacement for Get-MsolCompanyInformation | fl SelfServePasswordResetEnabled.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SsprStatus")]
    [OutputType(typeof(TenantStatus))]
    public sealed class GetSsprStatusCommand : ReadinessCmdlet
    {
        /// <summary>Read a snapshot file instead of the connected tenant (also by position: Get-SsprStatus file.json).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public override string? SnapshotPath { get; set; }

        protected override void EndProcessing()
        {
            Guard(() =>
            {
                var data = ReadTenant(ResolveSource(SnapshotPath), ReadOptions());
                var evaluator = new ReadinessEvaluator(data, ReadinessOptions());
                WarnUnknownEmergencyAccessAccounts(evaluator);
                WriteObject(evaluator.Status());
            }, SnapshotPath);
        }
    }
}
