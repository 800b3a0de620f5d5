using System.Management.Automation;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core.Comparison;
using SsprTools.Core.Readiness;
using SsprTools.Core.Sources;
using SsprTools.Core.Text;

namespace SsprTools.Commands
{
    /// <summary>
    /// Compare-SsprReadiness: what changed between two scans of one tenant (a snapshot and a later snapshot, or the
    /// connected tenant now). Both sides are evaluated here, by this module's rules and the postures given, so a
    /// newer module version or another posture is never reported as drift.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "SsprReadiness", DefaultParameterSetName = ObjectsSet)]
    [OutputType(typeof(ReadinessChange), ParameterSetName = new[] { ObjectsSet })]
    [OutputType(typeof(bool), ParameterSetName = new[] { QuietSet })]
    public sealed class CompareSsprReadinessCommand : SsprCmdlet
    {
        private const string ObjectsSet = "Objects";
        private const string QuietSet = "Quiet";

        /// <summary>The earlier scan: a snapshot file (Export-SsprTenantSnapshot).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string ReferenceSnapshotPath { get; set; } = "";

        /// <summary>The later scan: a snapshot file; omitted, the connected tenant now.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? DifferenceSnapshotPath { get; set; }

        /// <summary>The declared posture for admin SSPR, applied to both scans.</summary>
        [Parameter]
        public ExpectedAdminSspr ExpectedAdminSspr { get; set; } = ExpectedAdminSspr.Any;

        /// <summary>Most Microsoft Graph requests in flight at once when reading the connected tenant (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = TenantReadOptions.DefaultThrottleLimit;

        /// <summary>Return one bool: true when nobody became unrecoverable (no BecameUnrecoverable, no new account that cannot recover).</summary>
        [Parameter(Mandatory = true, ParameterSetName = QuietSet)]
        public SwitchParameter Quiet { get; set; }

        protected override void EndProcessing()
        {
            Guard(() =>
            {
                WarnIfThrottleLimitIgnored(DifferenceSnapshotPath);
                // One ReadinessOptions for both sides: the same rules and postures judge the old data and the new.
                var options = Posture();
                var reference = ReadTenant(ResolveSource(ReferenceSnapshotPath));
                var difference = ReadTenant(ResolveSource(DifferenceSnapshotPath), new TenantReadOptions { ThrottleLimit = ThrottleLimit });
                if (reference.SchemaVersion != difference.SchemaVersion)
                {
                    WriteVerbose(Texts.Format("Compare_SchemaVersions", reference.SchemaVersion, difference.SchemaVersion));
                }

                var changes = ReadinessComparer.Compare(ReadinessScan.Evaluate(reference, options), ReadinessScan.Evaluate(difference, options));
                WriteVerbose(Texts.Format("Compare_Summary", changes.Count));
                if (Quiet)
                {
                    var lost = false;
                    foreach (var change in changes)
                    {
                        lost |= change.LostRecovery;
                    }

                    WriteObject(!lost);
                    return;
                }

                foreach (var change in changes)
                {
                    WriteObject(change);
                }
            }, DifferenceSnapshotPath ?? ReferenceSnapshotPath);
        }

        /// <summary>The declared postures, as the Core options every side is evaluated with.</summary>
        private ReadinessOptions Posture() => new ReadinessOptions { ExpectedAdminSspr = ExpectedAdminSspr };
    }
}
