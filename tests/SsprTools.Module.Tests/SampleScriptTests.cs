using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using Xunit;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// The PowerShell users copy: the samples (Azure Automation runbook, GitHub Actions workflow, fleet scan) and the
    /// README's and docs' code blocks parse, and every SsprTools command in them is exported, with parameters that exist
    /// (splatted hashtables included) and that one parameter set accepts together. Parsed with the PowerShell AST.
    /// </summary>
    public class SampleScriptTests : IClassFixture<HostFixture>
    {
        private static readonly HashSet<string> Common = new HashSet<string>(
            new[] { "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
                "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm" }, StringComparer.OrdinalIgnoreCase);

        private readonly Dictionary<string, CommandInfo> exported;

        public SampleScriptTests(HostFixture fixture)
        {
            exported = fixture.Host.Run("Get-Command -Module SsprTools").Output
                .Select(o => (CommandInfo)o.BaseObject).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        }

        private static string Repo(params string[] parts) => Path.Combine(new[] { Paths.RepoRoot }.Concat(parts).ToArray());

        /// <summary>Every ```powershell block of a Markdown file.</summary>
        private static IEnumerable<string> PowerShellBlocks(string markdownFile) =>
            Regex.Matches(File.ReadAllText(markdownFile), "```powershell\\r?\\n([\\s\\S]*?)```").Select(m => m.Groups[1].Value);

        /// <summary>The `run: |` scripts of a workflow, with whether their step says `shell: pwsh`.</summary>
        internal static List<(string Script, bool Pwsh)> RunScripts(string yaml)
        {
            var lines = yaml.Replace("\r\n", "\n").Split('\n');
            var scripts = new List<(string, bool)>();
            for (var i = 0; i < lines.Length; i++)
            {
                var m = Regex.Match(lines[i], @"^(\s*)(- )?run:\s*\|\s*$");
                if (!m.Success)
                {
                    continue;
                }

                var indent = m.Groups[1].Length;
                var body = new List<string>();
                var j = i + 1;
                for (; j < lines.Length && (lines[j].Trim().Length == 0 || lines[j].Length - lines[j].TrimStart().Length > indent); j++)
                {
                    body.Add(lines[j]);
                }

                var cut = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
                var script = string.Join("\n", body.Select(l => l.Length >= cut ? l.Substring(cut) : l.Trim()));

                // The step's keys sit at this indentation, from its "- " line to the next step.
                var pwsh = false;
                for (var k = i - 1; k >= 0; k--)
                {
                    if (Regex.IsMatch(lines[k], @"^\s*shell:\s*pwsh\s*$") && lines[k].Length - lines[k].TrimStart().Length == indent)
                    {
                        pwsh = true;
                    }

                    if (Regex.IsMatch(lines[k], @"^\s*- ") && lines[k].Length - lines[k].TrimStart().Length == indent - 2)
                    {
                        break;
                    }
                }

                for (var k = i + 1; k < lines.Length && lines[k].Length - lines[k].TrimStart().Length >= indent; k++)
                {
                    if (Regex.IsMatch(lines[k], @"^\s*shell:\s*pwsh\s*$") && lines[k].Length - lines[k].TrimStart().Length == indent)
                    {
                        pwsh = true;
                    }
                }

                scripts.Add((script, pwsh));
                i = j - 1;
            }

            return scripts;
        }

        /// <summary>What is wrong with the SsprTools calls in <paramref name="script"/>; empty when nothing.</summary>
        internal List<string> Problems(string script, string where)
        {
            var problems = new List<string>();
            var ast = Parser.ParseInput(script, out _, out var errors);
            foreach (var e in errors)
            {
                problems.Add($"{where}: does not parse: {e.Message} (line {e.Extent.StartLineNumber})");
            }

            // Keys of hashtables assigned to a variable ($x = @{ A = 1 }) and added later ($x.B = 2): what @x splats.
            var splatKeys = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var assign in ast.FindAll(a => a is AssignmentStatementAst, true).Cast<AssignmentStatementAst>())
            {
                if (assign.Left is VariableExpressionAst v && assign.Right is CommandExpressionAst { Expression: HashtableAst table })
                {
                    var keys = splatKeys.TryGetValue(v.VariablePath.UserPath, out var k) ? k : splatKeys[v.VariablePath.UserPath] = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var pair in table.KeyValuePairs)
                    {
                        keys.Add(pair.Item1 is StringConstantExpressionAst s ? s.Value : pair.Item1.Extent.Text);
                    }
                }
                else if (assign.Left is MemberExpressionAst { Expression: VariableExpressionAst target, Member: StringConstantExpressionAst member }
                    && splatKeys.TryGetValue(target.VariablePath.UserPath, out var known))
                {
                    known.Add(member.Value);
                }
            }

            foreach (var call in ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>())
            {
                var name = call.GetCommandName();
                if (name == null || !(Regex.IsMatch(name, @"^[A-Za-z]+-Sspr", RegexOptions.IgnoreCase) || name.Equals("Reset-AdminPassword", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var line = call.Extent.StartLineNumber;
                if (!exported.TryGetValue(name, out var command))
                {
                    problems.Add($"{where} line {line}: {name} is not a cmdlet SsprTools exports");
                    continue;
                }

                var given = new List<string>();
                foreach (var element in call.CommandElements.Skip(1))
                {
                    if (element is CommandParameterAst p)
                    {
                        given.Add(p.ParameterName);
                    }
                    else if (element is VariableExpressionAst { Splatted: true } splat && splatKeys.TryGetValue(splat.VariablePath.UserPath, out var keys))
                    {
                        given.AddRange(keys);
                    }
                }

                var resolved = new List<string>();
                foreach (var parameter in given.Where(g => !Common.Contains(g)))
                {
                    var match = command.Parameters.Values.FirstOrDefault(p => p.Name.Equals(parameter, StringComparison.OrdinalIgnoreCase)
                        || p.Aliases.Contains(parameter, StringComparer.OrdinalIgnoreCase));
                    if (match == null)
                    {
                        problems.Add($"{where} line {line}: {name} has no parameter -{parameter}");
                    }
                    else
                    {
                        resolved.Add(match.Name);
                    }
                }

                if (resolved.Count > 0 && !command.ParameterSets.Any(set => resolved.All(r => set.Parameters.Any(p => p.Name.Equals(r, StringComparison.OrdinalIgnoreCase)))))
                {
                    problems.Add($"{where} line {line}: no parameter set of {name} takes -{string.Join(" -", resolved)} together");
                }
            }

            return problems;
        }

        [Fact]
        public void TheCheckerCatchesWhatItShould()
        {
            Assert.Empty(Problems("$r = @{ SnapshotPath = 'x'; Force = $true }\n$r.Changes = @()\nExport-SsprReadinessReport @r -Path a.html -Format Markdown", "ok"));
            Assert.Contains(Problems("Get-SsprStatuss", "t"), p => p.Contains("not a cmdlet SsprTools exports"));
            Assert.Contains(Problems("Compare-SsprReadiness -ReferencePath a", "t"), p => p.Contains("no parameter -ReferencePath"));
            Assert.Contains(Problems("$r = @{ SnapshotPth = 'x' }\nTest-SsprAdminReadiness @r", "t"), p => p.Contains("no parameter -SnapshotPth"));
            Assert.Contains(Problems("Connect-SsprGraph -Identity -FederatedTokenFile f", "t"), p => p.Contains("no parameter set"));
            Assert.Contains(Problems("if ($x { }", "t"), p => p.Contains("does not parse"));
        }

        [Fact]
        public void AzureAutomationRunbook_CallsOnlyExportedCmdletsWithRealParameters()
        {
            var file = Repo("samples", "azure-automation", "Invoke-SsprScheduledScan.ps1");
            var script = File.ReadAllText(file);
            Assert.Empty(Problems(script, file));
            foreach (var cmdlet in new[] { "Connect-SsprGraph", "Export-SsprTenantSnapshot", "Compare-SsprReadiness", "Export-SsprReadinessReport", "Connect-AzAccount", "Set-AzStorageBlobContent" })
            {
                Assert.Contains(cmdlet, script);
            }

            Assert.Matches(@"Connect-SsprGraph -Identity", script);
            Assert.Matches(@"\bthrow\b", script); // a runbook job fails on an exception, not on exit codes
        }

        [Fact]
        public void GitHubWorkflow_RunScriptsArePwsh_ParseAndCallOnlyExportedCmdlets()
        {
            var file = Repo("samples", "github-actions", "sspr-scan.yml");
            var yaml = File.ReadAllText(file);
            var scripts = RunScripts(yaml);
            Assert.True(scripts.Count >= 2, "the workflow's run: scripts were not found");
            var all = new List<string>();
            foreach (var (script, pwsh) in scripts)
            {
                Assert.True(pwsh, "a run: step without shell: pwsh:\n" + script);
                // Matrix values reach the script through env:, never spliced into its text (no script injection).
                Assert.DoesNotContain("${{", script);
                all.AddRange(Problems(script, file));
            }

            Assert.Empty(all);
            var scan = string.Join("\n", scripts.Select(s => s.Script));
            Assert.Contains("-FederatedTokenFile", scan);
            Assert.Contains("Compare-SsprReadiness", scan);
            Assert.Contains("GITHUB_STEP_SUMMARY", scan);
            Assert.Matches(@"(?m)^\s*matrix:", yaml);
            Assert.Matches(@"(?m)^\s*id-token:\s*write", yaml);
        }

        [Fact]
        public void FleetScan_CallsOnlyExportedCmdletsWithRealParameters()
        {
            var file = Repo("samples", "fleet-scan.ps1");
            var script = File.ReadAllText(file);
            Assert.Empty(Problems(script, file));
            Assert.Contains("ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel", script);
        }

        [Fact]
        public void ReadmeAndDocsCodeBlocks_CallOnlyExportedCmdletsWithRealParameters()
        {
            var files = new[] { Repo("README.md") }.Concat(Directory.GetFiles(Repo("docs"), "*.md")).Concat(new[] { Repo("samples", "README.md") }).Where(File.Exists).ToList();
            var problems = new List<string>();
            var blocks = 0;
            foreach (var file in files)
            {
                foreach (var block in PowerShellBlocks(file))
                {
                    blocks++;
                    problems.AddRange(Problems(block, Path.GetFileName(file)));
                }
            }

            Assert.True(blocks > 10, $"only {blocks} powershell blocks found");
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
