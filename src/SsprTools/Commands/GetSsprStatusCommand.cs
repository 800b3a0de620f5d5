using System.Management.Automation;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core.Readiness;
using SsprTools.Core.Sources;

namespace SsprTools.Commands
{
    /// <summary>
    /// Get-SsprStatus: is admin self-service password reset on, does the two-gate policy apply, how many admins
    /// can recover. The Microsoft Graph replacement for Get-MsolCompanyInformation | fl SelfServePasswordResetEnabled.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SsprStatus")]
    [OutputType(typeof(TenantStatus))]
    public sealed class GetSsprStatusCommand : SsprCmdlet
    {
        /// <summary>Read a snapshot file instead of the connected tenant.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? SnapshotPath { get; set; }

        /// <summary>The declared posture for admin SSPR: Enabled, Disabled or Any.</summary>
        [Parameter]
        public ExpectedAdminSspr ExpectedAdminSspr { get; set; } = ExpectedAdminSspr.Any;

        /// <summary>Most Microsoft Graph requests in flight at once when reading a live tenant (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = TenantReadOptions.DefaultThrottleLimit;

        /// <summary>Read the tenant again instead of a whole-tenant read this connection made in the last few minutes.</summary>
        [Parameter]
        public SwitchParameter Refresh { get; set; }

        protected override void EndProcessing()
        {
            Guard(() =>
            {
                WarnIfThrottleLimitIgnored(SnapshotPath);
                var data = ReadTenant(ResolveSource(SnapshotPath), new TenantReadOptions { ThrottleLimit = ThrottleLimit, Refresh = Refresh });
                var evaluator = new ReadinessEvaluator(data, new ReadinessOptions { ExpectedAdminSspr = ExpectedAdminSspr });
                WriteObject(evaluator.Status());
            }, SnapshotPath);
        }
    }
}
