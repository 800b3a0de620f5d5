using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SsprHelp;
using Xunit;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// The help comes from one Markdown file per cmdlet (src/SsprTools/help) and the compiled cmdlets' metadata
    /// (tools/SsprHelp). These tests fail when the Markdown misses a cmdlet, a parameter of any set or an example,
    /// describes a parameter the cmdlet does not have, when the laid-out MAML is not what the generator makes now, and
    /// when Get-Help's syntax does not show each parameter set as the engine has it.
    /// </summary>
    public class HelpTests : IClassFixture<HostFixture>
    {
        private static readonly string[] CommonParameters =
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
            "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
        };

        private static readonly string HelpFolder = Path.Combine(Paths.RepoRoot, "src", "SsprTools", "help");
        private static readonly string MamlFile = Path.Combine(Paths.ModuleFolder, "en-US", "SsprTools.dll-Help.xml");

        private readonly PowerShellHost ps;

        public HelpTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        public static TheoryData<string> Cmdlets()
        {
            using var host = new PowerShellHost();
            var data = new TheoryData<string>();
            foreach (var name in host.Run("(Get-Command -Module SsprTools).Name").Output.Select(o => o.BaseObject.ToString()!))
            {
                data.Add(name);
            }

            return data;
        }

        private List<CmdletInfo> ModuleCmdlets() =>
            ps.Run("Get-Command -Module SsprTools -CommandType Cmdlet").Output.Select(o => (CmdletInfo)o.BaseObject).ToList();

        [Fact]
        public void MarkdownDescribesEveryCmdletAndEveryParameterOfEverySet()
        {
            var help = HelpGenerator.Build(ModuleCmdlets(), HelpFolder);
            Assert.True(help.Problems.Count == 0, "Fix the help Markdown (src/SsprTools/help):\n" + string.Join("\n", help.Problems));
            Assert.Equal(ModuleCmdlets().Select(c => c.Name).OrderBy(n => n), help.Docs.Select(d => d.Name).OrderBy(n => n));
        }

        [Fact]
        public void LaidOutHelpIsWhatTheMarkdownAndTheCmdletsMakeNow()
        {
            var help = HelpGenerator.Build(ModuleCmdlets(), HelpFolder);
            Assert.True(File.Exists(MamlFile), MamlFile + " is missing: build the solution (dotnet build SsprTools.sln).");
            Assert.True(help.Maml == File.ReadAllText(MamlFile),
                MamlFile + " is stale relative to src/SsprTools/help/*.md and the cmdlets: build again (dotnet build SsprTools.sln).");
        }

        [Fact]
        public void CheckReportsAMissingParameterAnExtraParameterAndAMissingExample()
        {
            string folder = Path.Combine(Path.GetTempPath(), "sspr-help-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                foreach (var file in Directory.GetFiles(HelpFolder, "*-*.md"))
                {
                    File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
                }

                // Get-SsprActivity: -Days described as -Weeks (missing one, extra one); its examples removed.
                string activity = Path.Combine(folder, "Get-SsprActivity.md");
                string text = File.ReadAllText(activity).Replace("### -Days", "### -Weeks");
                int examples = text.IndexOf("## EXAMPLES", StringComparison.Ordinal);
                int parameters = text.IndexOf("## PARAMETERS", StringComparison.Ordinal);
                File.WriteAllText(activity, text.Substring(0, examples) + text.Substring(parameters));
                File.Delete(Path.Combine(folder, "Get-SsprConnection.md"));
                File.WriteAllText(Path.Combine(folder, "Get-SsprNothing.md"), "# Get-SsprNothing\n\n## SYNOPSIS\n\nNothing.\n");

                var problems = HelpGenerator.Build(ModuleCmdlets(), folder).Problems.Select(p => p.Path + ": " + p.Message).ToList();

                Assert.Contains(problems, p => p.Contains("Get-SsprActivity.md") && p.Contains("-Days (parameter sets: Days) has no description"));
                Assert.Contains(problems, p => p.Contains("Get-SsprActivity.md") && p.Contains("has no parameter -Weeks"));
                Assert.Contains(problems, p => p.Contains("Get-SsprActivity.md") && p.Contains("has no example"));
                Assert.Contains(problems, p => p.Contains("Get-SsprConnection.md") && p.Contains("Get-SsprConnection has no help"));
                Assert.Contains(problems, p => p.Contains("Get-SsprNothing.md") && p.Contains("the module has no cmdlet Get-SsprNothing"));
                Assert.Equal(5, problems.Count);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        [Fact]
        public void MarkdownKeepsToProseAndLeavesTheMetadataToTheCmdlet()
        {
            var doc = HelpMarkdown.Parse("Get-SsprStatus.md", string.Join("\n",
                "# Get-SsprStatus", "", "## SYNOPSIS", "", "Gets the status", "of the tenant.", "", "## SYNTAX", "", "```", "Get-SsprStatus", "```", "",
                "## EXAMPLES", "", "### Example 1: The sample", "", "```powershell", "Get-SsprStatus x.json", "### not a heading", "```", "", "Shows it.", "",
                "## PARAMETERS", "", "### -SnapshotPath", "", "A `snapshot` **file**.", "", "```yaml", "Type: System.String", "```", "",
                "### ThrottleLimit", "", "Requests in flight."));

            Assert.Equal("Gets the status of the tenant.", Assert.Single(doc.Synopsis).Text);
            var example = Assert.Single(doc.Examples);
            Assert.Equal("The sample", example.Title);
            Assert.Equal("Get-SsprStatus x.json\n### not a heading", example.Code);
            Assert.Equal("A snapshot file.", Assert.Single(doc.Parameters).Paragraphs[0].Text);
            Assert.Contains(doc.Problems, p => p.Line == 8 && p.Message.Contains("remove the '## SYNTAX' section"));
            Assert.Contains(doc.Problems, p => p.Line == 27 && p.Message.Contains("remove the code block under '### -SnapshotPath'"));
            Assert.Contains(doc.Problems, p => p.Line == 35 && p.Message.Contains("'### -Name', not '### ThrottleLimit'"));
            Assert.Equal(3, doc.Problems.Count);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void GetHelpShowsOneSyntaxLinePerParameterSet(string cmdlet)
        {
            int sets = (int)ps.Run($"(Get-Command {cmdlet}).ParameterSets.Count").Output.Single().BaseObject;
            int items = (int)ps.Run($"@((Get-Help {cmdlet}).syntax.syntaxItem).Count").Output.Single().BaseObject;
            Assert.Equal(sets, items);

            // Each syntax line is its set: the same parameters, mandatory and positional as the engine has them there.
            var expected = ps.Run($"(Get-Command {cmdlet}).ParameterSets | ForEach-Object {{ ($_.Parameters | Where-Object Name -notin @('{string.Join("','", CommonParameters)}') | " +
                "Sort-Object Name | ForEach-Object { '{0}:{1}:{2}' -f $_.Name, $_.IsMandatory, $(if ($_.Position -ge 0) { $_.Position } else { 'named' }) }) -join ' ' }")
                .Output.Select(o => o.BaseObject.ToString()!).OrderBy(s => s).ToList();
            var shown = ps.Run($"(Get-Help {cmdlet}).syntax.syntaxItem | ForEach-Object {{ (@($_.parameter) | Where-Object {{ $_ }} | " +
                "Sort-Object { $_.name } | ForEach-Object { '{0}:{1}:{2}' -f $_.name, ($_.required -eq 'true'), $_.position }) -join ' ' }")
                .Output.Select(o => o.BaseObject.ToString()!).OrderBy(s => s).ToList();
            Assert.Equal(expected, shown);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void HasFullHelp(string cmdlet)
        {
            var help = Assert.Single(ps.Run($"Get-Help {cmdlet} -Full").Output);
            var synopsis = help.Properties["Synopsis"].Value?.ToString() ?? "";
            Assert.False(string.IsNullOrWhiteSpace(synopsis), cmdlet + " has no synopsis");
            Assert.DoesNotContain(cmdlet + " ", synopsis.Trim() + " "); // the auto-generated synopsis is the syntax line

            var examples = ps.Run($"@((Get-Help {cmdlet} -Full).examples.example).Count").Output.Single();
            Assert.True((int)examples.BaseObject >= 2, cmdlet + " has fewer than 2 examples");

            var parameters = ps.Run($"(Get-Command {cmdlet}).Parameters.Keys").Output.Select(o => o.BaseObject.ToString()!)
                .Where(p => !CommonParameters.Contains(p)).ToList();
            foreach (var parameter in parameters)
            {
                var description = ps.Run($"((Get-Help {cmdlet} -Parameter {parameter}).description | ForEach-Object {{ $_.Text }}) -join ' '")
                    .Output.SingleOrDefault()?.BaseObject?.ToString();
                Assert.False(string.IsNullOrWhiteSpace(description), $"{cmdlet} -{parameter} has no description in the help");
            }
        }

        [Fact]
        public void ParameterFactsComeFromTheCmdlet()
        {
            // Mandatory where the cmdlet says so (the hand-typed help had InputObject optional), the aliases, the
            // pipeline input and a default value read from a new cmdlet object.
            var input = ps.Run("(Get-Help Export-SsprReadinessReport).syntax.syntaxItem.parameter | Where-Object { $_.name -eq 'InputObject' }").Output.Single();
            Assert.Equal("true", input.Properties["required"].Value?.ToString());
            Assert.Equal("True (ByValue)", input.Properties["pipelineInput"].Value?.ToString());

            var upn = ps.Run("Get-Help Reset-AdminPassword -Parameter UserPrincipalName").Output.Single();
            Assert.Equal("UPN, UserId", upn.Properties["aliases"].Value?.ToString());
            Assert.Equal("0", upn.Properties["position"].Value?.ToString());
            Assert.Equal("True (ByValue, ByPropertyName)", upn.Properties["pipelineInput"].Value?.ToString());

            var force = ps.Run("Get-Help Reset-AdminPassword -Parameter ForceChangePasswordNextSignIn").Output.Single();
            Assert.Equal("True", force.Properties["defaultValue"].Value?.ToString());
            var timeout = ps.Run("Get-Help Connect-SsprGraph -Parameter TimeoutSec").Output.Single();
            Assert.Equal("100", timeout.Properties["defaultValue"].Value?.ToString());

            var outputs = ps.Run("(Get-Help Test-SsprAdminReadiness).returnValues.returnValue | ForEach-Object { $_.type.name }").Output
                .Select(o => o.BaseObject.ToString()).ToList();
            Assert.Equal(new[] { "SsprTools.AdminReadiness", "System.Boolean" }, outputs);
        }
    }
}
