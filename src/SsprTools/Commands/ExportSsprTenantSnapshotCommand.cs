using System.IO;
using System.Management.Automation;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core.Snapshots;
using SsprTools.Core.Sources;

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

        /// <summary>Most Microsoft Graph requests in flight at once when reading a live tenant (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = TenantReadOptions.DefaultThrottleLimit;

        protected override void EndProcessing()
        {
            Guard(() =>
            {
                var target = GetUnresolvedProviderPathFromPSPath(Path);
                var source = ResolveSource(SnapshotPath);
                if (!ShouldProcess(target, "Write a tenant snapshot" + (Redact ? " (redacted)" : "") + " from " + source.Name))
                {
                    return;
                }

                WarnIfThrottleLimitIgnored(SnapshotPath);
                var data = ReadTenant(source, new TenantReadOptions { IncludeAuditEvents = true, ThrottleLimit = ThrottleLimit });
                if (Redact)
                {
                    data = SnapshotRedactor.Redact(data);
                }

                var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(target));
                if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                SnapshotFormat.WriteFile(data, target);
                WriteObject(new FileInfo(target));
            }, Path);
        }
    }
}
