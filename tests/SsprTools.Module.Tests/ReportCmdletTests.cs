using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Xunit;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>Export-SsprReadinessReport in the real engine: pipeline input, fresh scans, -WhatIf, -Force and path errors.</summary>
    public sealed class ReportCmdletTests : IClassFixture<HostFixture>, IDisposable
    {
        private readonly PowerShellHost ps;
        private readonly TempFolder temp = new TempFolder("sspr-report");
        private readonly string dir;

        public ReportCmdletTests(HostFixture fixture)
        {
            ps = fixture.Host;
            dir = temp.Path;
        }

        public void Dispose() => temp.Dispose();

        private static int Rows(string html) => Regex.Matches(html, "<tbody class=\"account").Count;

        private string Out(string name = "report.html") => Path.Combine(dir, name);

        private static FileInfo AssertFileInfo(RunResult r, string path)
        {
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            var file = Assert.IsType<FileInfo>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(Path.GetFullPath(path), file.FullName);
            Assert.True(file.Exists);
            Assert.True(file.Length > 10_000);
            return file;
        }

        [Fact]
        public void FreshScan_OfASnapshot_WritesTheReport_AndReturnsTheFile()
        {
            var path = Out();
            var r = ps.Run("Export-SsprReadinessReport -SnapshotPath $p -AsOf 2026-12-01 -Path $out", Vars(("p", Paths.Contoso), ("out", path)));
            AssertFileInfo(r, path);
            var html = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Equal(24, Rows(html));
            Assert.Contains("Contoso Ltd", html);
            Assert.Contains("data-fact=\"admin-sspr\"", html);
            Assert.DoesNotContain("not part of the input", html);
            Assert.Contains("data-key=\"unrecoverable\" data-count=\"1\"", html);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFiles(dir, ".*"));
        }

        [Fact]
        public void PipelineInput_IsReported_WithoutAScan_AndSaysTheStatusIsMissing()
        {
            var path = Out();
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -AsOf 2026-12-01 | Export-SsprReadinessReport -Path $out", Vars(("p", Paths.Contoso), ("out", path)));
            AssertFileInfo(r, path);
            var html = File.ReadAllText(path);
            Assert.Equal(24, Rows(html));
            Assert.Contains("The tenant status was not part of the input", html);
            Assert.Contains("4c1a7e52-8f3d-4b6a-9e21-7d0c5b3f9a18", html);
        }

        [Fact]
        public void PipelineInput_WithStatus_FilteredToTheUnrecoverable()
        {
            var path = Out();
            var r = ps.Run("$s = Get-SsprStatus -SnapshotPath $p -AsOf 2026-12-01; Test-SsprAdminReadiness -SnapshotPath $p -AsOf 2026-12-01 | Where-Object { -not $_.Recoverable } | Export-SsprReadinessReport -Path $out -Status $s",
                Vars(("p", Paths.Contoso), ("out", path)));
            AssertFileInfo(r, path);
            var html = File.ReadAllText(path);
            Assert.Equal(1, Rows(html));
            Assert.Contains("data-upn=\"michael.johnson@contoso.com\"", html);
            Assert.Contains("data-fact=\"admin-sspr\"", html);
            Assert.Contains("Contoso Ltd", html);
        }

        [Fact]
        public void InputObject_ByParameter()
        {
            var path = Out();
            var r = ps.Run("$r = Test-SsprAdminReadiness -SnapshotPath $p -AsOf 2026-12-01; Export-SsprReadinessReport -InputObject $r -Path $out", Vars(("p", Paths.SingleAdmin), ("out", path)));
            AssertFileInfo(r, path);
            Assert.Equal(1, Rows(File.ReadAllText(path)));
        }

        [Fact]
        public void EmptyPipeline_WritesAnEmptyReport_AndWarns_RatherThanScanning()
        {
            var path = Out();
            var r = ps.Run("@() | Export-SsprReadinessReport -Path $out", Vars(("out", path)));
            AssertFileInfo(r, path);
            Assert.Single(r.Warnings);
            Assert.Equal(0, Rows(File.ReadAllText(path)));
        }

        [Fact]
        public void DeserializedResults_AsFromStartJobOrRemoting_AreReportedInFull()
        {
            var path = Out();
            var script = @"
$r = Test-SsprAdminReadiness -SnapshotPath $p -AsOf 2026-12-01
$d = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($r, 3))
$d[0].PSObject.TypeNames[0]
$d | Export-SsprReadinessReport -Path $out";
            var r = ps.Run(script, Vars(("p", Paths.Contoso), ("out", path)));
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            Assert.Equal("Deserialized.SsprTools.AdminReadiness", r.Output[0].BaseObject);
            var file = Assert.IsType<FileInfo>(r.Output[1].BaseObject);
            var html = File.ReadAllText(file.FullName);
            Assert.Equal(24, Rows(html));
            Assert.Contains("data-key=\"unrecoverable\" data-count=\"1\"", html);
            Assert.Contains("data-key=\"error\" data-count=\"18\"", html);
            Assert.Contains("data-finding=\"SSPR014\"", html);
            Assert.Contains("maarten.devries@contoso.com", html);

            var direct = Out("direct.html");
            ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -AsOf 2026-12-01 | Export-SsprReadinessReport -Path $out", Vars(("p", Paths.Contoso), ("out", direct)));
            string Body(string f) => Regex.Replace(File.ReadAllText(f), "<time datetime=\"[^\"]*\">[^<]*</time>|<title>.*?</title>", "");
            Assert.Equal(Body(direct), Body(path));
        }

        [Fact]
        public void WrongInput_IsABindingError_AndErrorActionStopWritesNothing()
        {
            var path = Out();
            var r = ps.Run("'just text' | Export-SsprReadinessReport -Path $out", Vars(("out", path)));
            var error = Assert.Single(r.Errors);
            Assert.Matches("InputObjectNotBound|ParameterArgument", error.FullyQualifiedErrorId);

            // As with any cmdlet, a record that does not bind is skipped with its error; a job that must not
            // publish a partial report runs with -ErrorAction Stop.
            var stopped = ps.Run("'just text' | Export-SsprReadinessReport -Path $out -ErrorAction Stop", Vars(("out", Out("stopped.html"))));
            Assert.NotNull(stopped.FirstError);
            Assert.False(File.Exists(Out("stopped.html")));
        }

        [Fact]
        public void HostileObjects_StayText()
        {
            var path = Out();
            var script = @"
$a = [SsprTools.AdminReadiness]@{ UserPrincipalName = '""><img src=x onerror=alert(1)>@contoso.com'; DisplayName = '<script>alert(1)</script>'; IsAdmin = $true; AccountEnabled = $true }
$a | Export-SsprReadinessReport -Path $out";
            var r = ps.Run(script, Vars(("out", path)));
            AssertFileInfo(r, path);
            var html = File.ReadAllText(path);
            Assert.DoesNotContain("<img", html);
            Assert.Single(Regex.Matches(html, "<script"));
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        }

        [Fact]
        public void WhatIf_WritesNothing_AndDoesNotScan()
        {
            var path = Out();
            var r = ps.Run("Export-SsprReadinessReport -SnapshotPath $p -AsOf 2026-12-01 -Path $out -WhatIf", Vars(("p", Paths.Contoso), ("out", path)));
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            Assert.Empty(r.Output);
            Assert.False(File.Exists(path));

            // No connection and -WhatIf: nothing is read, so no NotConnected error either.
            var noScan = ps.Run("Export-SsprReadinessReport -Path $out -WhatIf", Vars(("out", path)));
            Assert.Null(noScan.FirstError);
            Assert.False(File.Exists(path));
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void ExistingFile_NeedsForce()
        {
            var path = Out();
            File.WriteAllText(path, "keep me");
            var r = ps.Run("Export-SsprReadinessReport -SnapshotPath $p -AsOf 2026-12-01 -Path $out", Vars(("p", Paths.Contoso), ("out", path)));
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.Equal("ReportFileExists,SsprTools.Commands.ExportSsprReadinessReportCommand", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Contains("-Force", error.ErrorDetails?.RecommendedAction);
            Assert.Empty(r.Output);
            Assert.Equal("keep me", File.ReadAllText(path));

            var forced = ps.Run("Export-SsprReadinessReport -SnapshotPath $p -AsOf 2026-12-01 -Path $out -Force", Vars(("p", Paths.Contoso), ("out", path)));
            AssertFileInfo(forced, path);
            Assert.Equal(24, Rows(File.ReadAllText(path)));
            Assert.Single(Directory.GetFileSystemEntries(dir));
        }

        [Fact]
        public void Directory_AndMissingFolder_AreClearErrors_BeforeAnyScan()
        {
            var isDir = ps.Run("Export-SsprReadinessReport -SnapshotPath $p -AsOf 2026-12-01 -Path $out -Force", Vars(("p", Paths.Contoso), ("out", dir)));
            Assert.Equal("ReportPathIsDirectory,SsprTools.Commands.ExportSsprReadinessReportCommand", isDir.FirstError?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, isDir.FirstError!.CategoryInfo.Category);
            Assert.NotNull(isDir.FirstError.ErrorDetails?.RecommendedAction);

            var missing = Path.Combine(dir, "no-such-folder", "report.html");
            var noFolder = ps.Run("Export-SsprReadinessReport -SnapshotPath $p -AsOf 2026-12-01 -Path $out", Vars(("p", Paths.Contoso), ("out", missing)));
            Assert.Equal("ReportFolderNotFound,SsprTools.Commands.ExportSsprReadinessReportCommand", noFolder.FirstError?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, noFolder.FirstError!.CategoryInfo.Category);
            Assert.Contains("no-such-folder", noFolder.FirstError.ToString());
            Assert.DoesNotContain("   at ", noFolder.FirstError.ToString());
            Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
        }

        [Fact]
        public void RelativePath_IsResolvedAgainstThePowerShellLocation()
        {
            var r = ps.Run("$before = $ExecutionContext.SessionState.Path.CurrentLocation.Path; [void]$ExecutionContext.SessionState.Path.SetLocation($d); try { Export-SsprReadinessReport -SnapshotPath $p -AsOf 2026-12-01 -Path ./relative.html } finally { [void]$ExecutionContext.SessionState.Path.SetLocation($before) }",
                Vars(("p", Paths.Contoso), ("d", dir)));
            AssertFileInfo(r, Path.Combine(dir, "relative.html"));
        }

        [Fact]
        public void NoSnapshotAndNoConnection_IsNotConnected_AndWritesNothing()
        {
            var path = Out();
            var r = ps.Run("Export-SsprReadinessReport -Path $out", Vars(("out", path)));
            Assert.StartsWith("NotConnected,", r.FirstError?.FullyQualifiedErrorId);
            Assert.False(File.Exists(path));
        }
    }
}
