using System.Management.Automation;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core.Comparison;
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
    public sealed class CompareSsprReadinessCommand : ReadinessCmdlet
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

        /// <summary>Not a parameter here (two scans take -ReferenceSnapshotPath and -DifferenceSnapshotPath): the side the
        /// shared scan parameters (-ThrottleLimit) apply to is the difference, which may be the connected tenant.</summary>
        public override string? SnapshotPath
        {
            get => DifferenceSnapshotPath;
            set => DifferenceSnapshotPath = value;
        }

        /// <summary>Return one bool: true when nobody became unrecoverable (no BecameUnrecoverable, no new account that cannot recover).</summary>
        [Parameter(Mandatory = true, ParameterSetName = QuietSet)]
        public SwitchParameter Quiet { get; set; }

        protected override void EndProcessing()
        {
            Guard(() =>
            {
                // One ReadinessOptions for both sides: the same rules and postures judge the old data and the new.
                var options = ReadinessOptions();
                var reference = ReadTenant(ResolveSource(ReferenceSnapshotPath));
                var difference = ReadTenant(ResolveSource(DifferenceSnapshotPath), ReadOptions());
                if (reference.SchemaVersion != difference.SchemaVersion)
                {
                    WriteVerbose(Texts.Format("Compare_SchemaVersions", reference.SchemaVersion, difference.SchemaVersion));
                }

                var now = ReadinessScan.Evaluate(difference, options);
                foreach (var name in now.UnknownEmergencyAccessAccounts)
                {
                    WriteWarning(Texts.Format("EmergencyAccess_Unknown", name));
                }

                var changes = ReadinessComparer.Compare(ReadinessScan.Evaluate(reference, options), now);
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
    }
}
