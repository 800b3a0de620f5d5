using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Both exports write through the one file writer: the same -Force rule, the same missing-folder rule, the same
    /// typed errors (prefixed Report/Snapshot), no temporary file left behind, localized -WhatIf text.
    /// </summary>
    public sealed class ExportFileTests : IClassFixture<HostFixture>, IDisposable
    {
        private readonly PowerShellHost ps;
        private readonly TempFolder temp = new TempFolder("sspr-export");
        private readonly string dir;

        public ExportFileTests(HostFixture fixture)
        {
            ps = fixture.Host;
            dir = temp.Path;
        }

        public void Dispose() => temp.Dispose();

        public static TheoryData<string, string, string> Exports() => new TheoryData<string, string, string>
        {
            { "Export-SsprReadinessReport", "Report", "ExportSsprReadinessReportCommand" },
            { "Export-SsprTenantSnapshot", "Snapshot", "ExportSsprTenantSnapshotCommand" },
        };

        private RunResult Export(string cmdlet, string path, string extra = "") =>
            ps.Run($"{cmdlet} -SnapshotPath $p -Path $out {extra}", new Dictionary<string, object?> { ["p"] = Paths.Contoso, ["out"] = path });

        [Theory]
        [MemberData(nameof(Exports))]
        public void An_existing_file_is_replaced_only_with_Force(string cmdlet, string prefix, string type)
        {
            var path = Path.Combine(dir, "out.file");
            File.WriteAllText(path, "keep me");
            var refused = Export(cmdlet, path);
            Assert.Equal($"{prefix}FileExists,SsprTools.Commands.{type}", refused.FirstError?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, refused.FirstError!.CategoryInfo.Category);
            Assert.Contains("-Force", refused.FirstError.ErrorDetails?.RecommendedAction);
            Assert.Empty(refused.Output);
            Assert.Equal("keep me", File.ReadAllText(path));

            var forced = Export(cmdlet, path, "-Force");
            Assert.Empty(forced.Errors);
            Assert.Equal(path, Assert.IsType<FileInfo>(Assert.Single(forced.Output).BaseObject).FullName);
            Assert.NotEqual("keep me", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(dir));
        }

        [Theory]
        [MemberData(nameof(Exports))]
        public void A_missing_folder_is_an_error_and_is_not_created(string cmdlet, string prefix, string type)
        {
            var path = Path.Combine(dir, "no-such-folder", "out.file");
            var r = Export(cmdlet, path, "-Force");
            Assert.Equal($"{prefix}FolderNotFound,SsprTools.Commands.{type}", r.FirstError?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, r.FirstError!.CategoryInfo.Category);
            Assert.Contains("New-Item", r.FirstError.ErrorDetails?.RecommendedAction);
            Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        }

        [Theory]
        [MemberData(nameof(Exports))]
        public void A_directory_and_a_non_file_system_path_are_invalid_arguments(string cmdlet, string prefix, string type)
        {
            var isDir = Export(cmdlet, dir, "-Force");
            Assert.Equal($"{prefix}PathIsDirectory,SsprTools.Commands.{type}", isDir.FirstError?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, isDir.FirstError!.CategoryInfo.Category);

            var variable = Export(cmdlet, "variable:/nope");
            Assert.Equal($"{prefix}PathNotFileSystem,SsprTools.Commands.{type}", variable.FirstError?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, variable.FirstError!.CategoryInfo.Category);
        }

        [Theory]
        [MemberData(nameof(Exports))]
        public void An_IO_failure_is_a_typed_write_error_not_an_unexpected_one(string cmdlet, string prefix, string type)
        {
            var path = Path.Combine(dir, new string('a', 300) + ".file");
            var r = Export(cmdlet, path);
            Assert.Equal($"{prefix}WriteFailed,SsprTools.Commands.{type}", r.FirstError?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.WriteError, r.FirstError!.CategoryInfo.Category);
            Assert.NotNull(r.FirstError.ErrorDetails?.RecommendedAction);
            Assert.DoesNotContain("   at ", r.FirstError.ToString());
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }

        /// <summary>The ShouldProcess text (what -Confirm asks and -WhatIf says) is in the UI culture; answering No writes nothing.</summary>
        [Theory]
        [InlineData("Export-SsprReadinessReport", "", "Het HTML-gereedheidsrapport schrijven")]
        [InlineData("Export-SsprTenantSnapshot", "", "Een momentopname van de tenant schrijven vanuit snapshot:")]
        [InlineData("Export-SsprTenantSnapshot", "-Redact", "Een gemaskeerde momentopname van de tenant schrijven vanuit snapshot:")]
        public void The_confirmation_text_is_localized(string cmdlet, string extra, string dutch)
        {
            var path = Path.Combine(dir, "out.file");
            var prompting = new PromptHost(_ => 2); // [N] No
            using var host = new ResetHost(prompting);
            var r = host.Run(
                "$saved = [cultureinfo]::CurrentUICulture\n" +
                $"try {{ [cultureinfo]::CurrentUICulture = 'nl-NL'; {cmdlet} -SnapshotPath $p -Path $out {extra} -Confirm }} finally {{ [cultureinfo]::CurrentUICulture = $saved }}",
                new Dictionary<string, object?> { ["p"] = Paths.Contoso, ["out"] = path });
            Assert.Null(r.FirstError);
            var prompt = Assert.Single(prompting.Prompts);
            Assert.Contains(dutch, prompt, StringComparison.Ordinal);
            Assert.Contains(path, prompt, StringComparison.Ordinal);
            Assert.False(File.Exists(path));
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
    }
}
