using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// One version source and one cmdlet list: the manifest's ModuleVersion comes from Directory.Build.props at layout
    /// time, and the manifest, the release notes and the README's table list exactly the cmdlets the assembly defines.
    /// </summary>
    public sealed class ManifestTests : IClassFixture<HostFixture>
    {
        private readonly PowerShellHost ps;

        public ManifestTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        private static string RepoManifest => Path.Combine(Paths.RepoRoot, "SsprTools.psd1");

        /// <summary>A manifest read as PowerShell data (what Import-PowerShellDataFile does), without running it.</summary>
        private static Hashtable Data(string path)
        {
            var ast = Parser.ParseFile(path, out _, out var errors);
            Assert.True(errors.Length == 0, path + " does not parse: " + string.Join("; ", errors.Select(e => e.Message)));
            var table = Assert.IsType<HashtableAst>(ast.EndBlock.Statements.OfType<PipelineAst>().Single().GetPureExpression());
            return (Hashtable)table.SafeGetValue();
        }

        private static string[] Strings(object? value) => ((object[])value!).Select(o => (string)o).ToArray();

        private static string PropsVersion() =>
            XDocument.Load(Path.Combine(Paths.RepoRoot, "Directory.Build.props")).Descendants("Version").Single().Value;

        /// <summary>Verb-Noun of every [Cmdlet] class in the module's assembly.</summary>
        private string[] AssemblyCmdlets()
        {
            var assembly = (Assembly)ps.Run("(Get-Command Get-SsprStatus).ImplementingType.Assembly").Output.Single().BaseObject;
            return assembly.GetTypes()
                .Select(t => t.GetCustomAttribute<CmdletAttribute>())
                .Where(a => a != null)
                .Select(a => a!.VerbName + "-" + a.NounName)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
        }

        [Fact]
        public void The_laid_out_manifest_is_valid_and_carries_the_version_of_Directory_Build_props()
        {
            var r = ps.Run("Test-ModuleManifest -Path $p", new System.Collections.Generic.Dictionary<string, object?> { ["p"] = Paths.ModuleManifest });
            Assert.Empty(r.Errors);
            var info = Assert.IsType<PSModuleInfo>(Assert.Single(r.Output).BaseObject);
            Assert.Equal(new Version(PropsVersion()), info.Version);
            Assert.Equal(PropsVersion(), (string)Data(Paths.ModuleManifest)["ModuleVersion"]!);
        }

        [Fact]
        public void The_repo_manifest_is_the_same_manifest_with_no_version_of_its_own()
        {
            var repo = Data(RepoManifest);
            var built = Data(Paths.ModuleManifest);
            Assert.Equal("0.0.0", (string)repo["ModuleVersion"]!);
            Assert.Equal(built.Keys.Cast<string>().OrderBy(k => k), repo.Keys.Cast<string>().OrderBy(k => k));
            var text = File.ReadAllText(RepoManifest);
            Assert.Equal(File.ReadAllText(Paths.ModuleManifest).TrimEnd(), Regex.Replace(text, @"(?m)^(\s*ModuleVersion\s*=\s*)'0\.0\.0'", "${1}'" + PropsVersion() + "'").TrimEnd());
        }

        [Fact]
        public void CmdletsToExport_is_exactly_the_cmdlets_the_assembly_defines()
        {
            var exported = Strings(Data(Paths.ModuleManifest)["CmdletsToExport"]).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(AssemblyCmdlets(), exported);
            var loaded = ps.Run("(Get-Command -Module SsprTools -CommandType Cmdlet).Name").Output.Select(o => (string)o.BaseObject).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(exported, loaded);
        }

        [Fact]
        public void The_release_notes_and_the_README_table_name_every_cmdlet()
        {
            var cmdlets = AssemblyCmdlets();
            var psData = (Hashtable)((Hashtable)Data(Paths.ModuleManifest)["PrivateData"]!)["PSData"]!;
            var notes = (string)psData["ReleaseNotes"]!;
            Assert.All(cmdlets, c => Assert.Contains(c, notes, StringComparison.Ordinal));

            var table = Regex.Matches(File.ReadAllText(Path.Combine(Paths.RepoRoot, "README.md")), @"(?m)^\| `([A-Za-z]+-[A-Za-z]+)` \|")
                .Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(cmdlets, table);
        }
    }
}
