using System.IO;
using System.Management.Automation;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core.Files;
using SsprTools.Core.Snapshots;
using SsprTools.Core.Sources;
using SsprTools.Core.Text;

namespace SsprTools.Commands
{
    /// <summary>
    /// Export-SsprTenantSnapshot: saves what the checks read (the connected tenant, or a snapshot) as a snapshot file for
    /// offline analysis; -Redact masks phone numbers and email local parts so that the file still gives the same findings.
    /// </summary>
    [Cmdlet(VerbsData.Export, "SsprTenantSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportSsprTenantSnapshotCommand : SsprCmdlet
    {
        /// <summary>The snapshot file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Mask phone numbers and email local parts, keeping the findings reproducible.</summary>
        [Parameter]
        public SwitchParameter Redact { get; set; }

        /// <summary>Read a snapshot instead of the connected tenant (e.g. to redact an existing file).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SnapshotPath { get; set; }

        /// <summary>Most Microsoft Graph requests in flight at once when reading a live tenant (default 8).</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = TenantReadOptions.DefaultThrottleLimit;

        /// <summary>Replace an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private static readonly AtomicFileWriter Writer = new AtomicFileWriter("Snapshot", "tenant.snapshot.json");

        protected override void EndProcessing()
        {
            Guard(() =>
            {
                // Check the destination before reading the tenant: a bad path fails at once.
                var target = FileTargets.Resolve(this, Path!, Writer);
                Writer.Check(target, Force);
                var source = ResolveSource(SnapshotPath);
                if (!ShouldProcess(target, Texts.Format(Redact ? "Snapshot_Write_ActionRedacted" : "Snapshot_Write_Action", source.Name)))
                {
                    return;
                }

                WarnIfThrottleLimitIgnored(SnapshotPath);
                var data = ReadTenant(source, new TenantReadOptions { IncludeAuditEvents = true, ThrottleLimit = ThrottleLimit });
                if (Redact)
                {
                    data = SnapshotRedactor.Redact(data);
                }

                Writer.Write(target, SnapshotFormat.Serialize(data), Force);
                WriteObject(new FileInfo(target));
            }, Path);
        }
    }
}
