using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core.Sources;
using SsprTools.Core.Readiness;
using SsprTools.Core.Reporting;
using SsprTools.Core.Text;

namespace SsprTools.Commands
{
    /// <summary>
    /// Export-SsprReadinessReport: writes the self-contained HTML readiness report, from readiness results on the
    /// pipeline or from a fresh scan of -SnapshotPath or the current connection, and returns the file.
    /// </summary>
    [Cmdlet(VerbsData.Export, "SsprReadinessReport", SupportsShouldProcess = true, DefaultParameterSetName = ScanSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportSsprReadinessReportCommand : SsprCmdlet
    {
        private const string ScanSet = "Scan";
        private const string InputSet = "InputObject";

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

        /// <summary>Read a snapshot file instead of the connected tenant.</summary>
        [Parameter(ParameterSetName = ScanSet)]
        [ValidateNotNullOrEmpty]
        public string? SnapshotPath { get; set; }

        /// <summary>The declared posture for admin SSPR: Enabled, Disabled or Any.</summary>
        [Parameter(ParameterSetName = ScanSet)]
        public ExpectedAdminSspr ExpectedAdminSspr { get; set; } = ExpectedAdminSspr.Any;

        /// <summary>Overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Without pipeline input: read the tenant again instead of a whole-tenant read this connection made in the last few minutes.</summary>
        [Parameter]
        public SwitchParameter Refresh { get; set; }

        protected override void BeginProcessing()
        {
            // Check the destination before a scan or a long pipeline: a bad path fails at once.
            target = ResolveTarget();
            CheckTarget(target);
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
            if (!ShouldProcess(path, Texts.Get("Report_Write_Action")))
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
            }
            else
            {
                Guard(() =>
                {
                    var data = ReadTenant(ResolveSource(SnapshotPath), new TenantReadOptions { Refresh = Refresh });
                    var evaluator = new ReadinessEvaluator(data, new ReadinessOptions { ExpectedAdminSspr = ExpectedAdminSspr });
                    results = evaluator.EvaluateAll();
                    status = evaluator.Status(results);
                }, SnapshotPath);
            }

            WriteVerbose(Texts.Format("Report_Writing", results.Count, path));
            var html = HtmlReport.Render(status, results, DateTimeOffset.UtcNow);
            CheckTarget(path);
            Write(path, html);
            WriteObject(new FileInfo(path));
        }

        private string ResolveTarget()
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out provider, out _);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException || e is PSArgumentException || e is NotSupportedException)
            {
                ThrowTerminatingError(Error("ReportPathInvalid", ErrorCategory.InvalidArgument, e.Message, Texts.Get("Report_NotFileSystem_Action"), Path, e));
                throw; // not reached
            }

            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                ThrowTerminatingError(Error("ReportPathNotFileSystem", ErrorCategory.InvalidArgument,
                    Texts.Format("Report_NotFileSystem", Path, provider.Name), Texts.Get("Report_NotFileSystem_Action"), Path));
            }

            return resolved;
        }

        private void CheckTarget(string path)
        {
            if (Directory.Exists(path))
            {
                ThrowTerminatingError(Error("ReportPathIsDirectory", ErrorCategory.InvalidArgument,
                    Texts.Format("Report_PathIsDirectory", path), Texts.Format("Report_PathIsDirectory_Action", System.IO.Path.Combine(path, "sspr-report.html")), path));
            }

            var parent = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(parent) && !Directory.Exists(parent))
            {
                ThrowTerminatingError(Error("ReportFolderNotFound", ErrorCategory.ObjectNotFound,
                    Texts.Format("Report_ParentMissing", parent, path), Texts.Format("Report_ParentMissing_Action", parent), path));
            }

            if (File.Exists(path) && !Force)
            {
                ThrowTerminatingError(Error("ReportFileExists", ErrorCategory.ResourceExists,
                    Texts.Format("Report_FileExists", path), Texts.Get("Report_FileExists_Action"), path));
            }
        }

        /// <summary>Write to a temporary file beside the target, then move it into place: a reader never sees half a report.</summary>
        private void Write(string path, string html)
        {
            var folder = System.IO.Path.GetDirectoryName(path);
            var temp = System.IO.Path.Combine(string.IsNullOrEmpty(folder) ? "." : folder,
                "." + System.IO.Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                File.WriteAllText(temp, html, new UTF8Encoding(false));
                if (File.Exists(path))
                {
                    File.Replace(temp, path, null);
                }
                else
                {
                    File.Move(temp, path);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                TryDelete(temp);
                ThrowTerminatingError(Error("ReportWriteFailed", ErrorCategory.WriteError,
                    Texts.Format("Report_WriteFailed", path, e.Message), Texts.Get("Report_WriteFailed_Action"), path, e));
            }
        }

        private static void TryDelete(string file)
        {
            try
            {
                if (File.Exists(file))
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static ErrorRecord Error(string id, ErrorCategory category, string message, string action, object target, Exception? inner = null)
        {
            var exception = category == ErrorCategory.InvalidArgument
                ? new ArgumentException(message, inner)
                : (Exception)new IOException(message, inner);
            return new ErrorRecord(exception, id, category, target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = action },
            };
        }
    }
}
