using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core.Files;
using SsprTools.Core.Readiness;
using SsprTools.Core.Reporting;
using SsprTools.Core.Sources;
using SsprTools.Core.Text;

namespace SsprTools.Commands
{
    /// <summary>
    /// Export-SsprReadinessReport: writes the self-contained HTML readiness report, from readiness results on the
    /// pipeline or from a fresh scan of -SnapshotPath or the current connection, and returns the file.
    /// </summary>
    [Cmdlet(VerbsData.Export, "SsprReadinessReport", SupportsShouldProcess = true, DefaultParameterSetName = ScanSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportSsprReadinessReportCommand : ReadinessCmdlet
    {
        private const string ScanSet = "Scan";
        private const string InputSet = "InputObject";

        private static readonly string[] ScanOnlyParameters =
        {
            nameof(SnapshotPath), nameof(ExpectedAdminSspr), nameof(Telephony), nameof(AsOf), nameof(ThrottleLimit),
        };

        private readonly List<AdminReadiness> piped = new List<AdminReadiness>();
        private string? target;

        /// <summary>The HTML file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Readiness results (Test-SsprAdminReadiness) to report on; deserialized ones (Start-Job, remoting) too.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [AllowEmptyCollection]
        [AdminReadinessTransformation]
        public AdminReadiness[]? InputObject { get; set; }

        /// <summary>The tenant status (Get-SsprStatus) to show with piped results.</summary>
        [Parameter(ParameterSetName = InputSet)]
        public TenantStatus? Status { get; set; }

        /// <summary>Html (default): the full self-contained report. Markdown: a short summary for a pipeline's job summary.</summary>
        [Parameter]
        public ReportFormat Format { get; set; } = ReportFormat.Html;

        /// <summary>What changed since the previous scan (Compare-SsprReadiness): the report shows it. Given but empty (or
        /// $null, when the comparison found nothing): the report says nothing changed.</summary>
        [Parameter]
        [AllowNull]
        [AllowEmptyCollection]
        public ReadinessChange[]? Changes { get; set; }

        /// <summary>Overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private static readonly AtomicFileWriter Writer = new AtomicFileWriter("Report", "sspr-report.html");

        protected override void BeginProcessing()
        {
            // Check the destination before a scan or a long pipeline: a bad path fails at once.
            Guard(() =>
            {
                target = FileTargets.Resolve(this, Path, Writer);
                Writer.Check(target, Force);
            }, Path);
        }

        protected override void ProcessRecord()
        {
            if (InputObject != null)
            {
                piped.AddRange(InputObject.Where(o => o != null));
            }
        }

        protected override void EndProcessing()
        {
            var path = target!;
            if (!ShouldProcess(path, Texts.Get(Format == ReportFormat.Markdown ? "Report_Write_ActionMarkdown" : "Report_Write_Action")))
            {
                return;
            }

            // Results from the pipeline (even none, when the upstream command found nothing), else a fresh scan.
            var fromPipeline = ParameterSetName == InputSet || MyInvocation.ExpectingInput;
            TenantStatus? status = Status;
            IReadOnlyList<AdminReadiness> results = piped;
            if (fromPipeline)
            {
                if (piped.Count == 0)
                {
                    WriteWarning(Texts.Get("Report_EmptyPipeline"));
                }

                // The scan parameters shape a fresh scan only: piped results were evaluated under their own postures.
                var ignored = ScanOnlyParameters.Where(MyInvocation.BoundParameters.ContainsKey).Select(n => "-" + n).ToArray();
                if (ignored.Length > 0)
                {
                    WriteWarning(Texts.Format("Report_ScanParametersIgnored", string.Join(", ", ignored)));
                }
            }
            else
            {
                Guard(() =>
                {
                    var data = ReadTenant(ResolveSource(SnapshotPath), ReadOptions());
                    var evaluator = new ReadinessEvaluator(data, ReadinessOptions());
                    WarnUnknownEmergencyAccessAccounts(evaluator);
                    results = evaluator.EvaluateAll();
                    status = evaluator.Status(results);
                }, SnapshotPath);
            }

            WriteVerbose(Texts.Format("Report_Writing", results.Count, path));
            // -Changes given, even as $null (a comparison that found nothing): the report has its changes section.
            IReadOnlyList<ReadinessChange>? changes = MyInvocation.BoundParameters.ContainsKey(nameof(Changes))
                ? (Changes ?? Array.Empty<ReadinessChange>()).Where(c => c != null).ToList()
                : null;
            var text = Format == ReportFormat.Markdown
                ? MarkdownReport.Render(status, results, DateTimeOffset.UtcNow, changes)
                : HtmlReport.Render(status, results, DateTimeOffset.UtcNow, changes);
            Guard(() => Writer.Write(path, new UTF8Encoding(false).GetBytes(text), Force), path);
            WriteObject(new FileInfo(path));
        }
    }
}
