using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using Xunit;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// The Pester suite (tests/Pester) and build.ps1 run only where pwsh is installed. So that they cannot rot silently on
    /// machines without it, these tests parse them with the PowerShell 7.6 parser and check that every exported cmdlet is
    /// called in at least one Pester file.
    /// </summary>
    public class PesterFilesTests : IClassFixture<HostFixture>
    {
        private readonly PowerShellHost ps;

        public PesterFilesTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        private static string PesterFolder => Path.Combine(Paths.RepoRoot, "tests", "Pester");

        public static TheoryData<string> Scripts()
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.GetFiles(PesterFolder, "*.ps1").OrderBy(f => f, StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Paths.RepoRoot, file).Replace('\\', '/'));
            }

            data.Add("build.ps1");
            return data;
        }

        private static ScriptBlockAst Parse(string relativePath)
        {
            var ast = Parser.ParseFile(Path.Combine(Paths.RepoRoot, relativePath), out _, out ParseError[] errors);
            Assert.True(errors.Length == 0, relativePath + " does not parse:" + Environment.NewLine +
                string.Join(Environment.NewLine, errors.Select(e => $"  line {e.Extent.StartLineNumber}: {e.Message}")));
            return ast;
        }

        private static IEnumerable<string> CommandNames(Ast ast) =>
            ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName()).Where(n => n != null)!;

        [Theory]
        [MemberData(nameof(Scripts))]
        public void Parses_WithoutErrors(string relativePath)
        {
            Parse(relativePath);
        }

        [Fact]
        public void TheSuiteHasTestFiles_ThatRequirePester5()
        {
            var tests = Directory.GetFiles(PesterFolder, "*.Tests.ps1");
            Assert.NotEmpty(tests);
            foreach (var file in tests)
            {
                var ast = Parse(Path.GetRelativePath(Paths.RepoRoot, file));
                var pester = ast.ScriptRequirements?.RequiredModules.SingleOrDefault(m => m.Name == "Pester");
                Assert.True(pester?.Version >= new Version(5, 0), Path.GetFileName(file) + " needs #requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }");

                // BeforeDiscovery and It/Describe -ForEach came with Pester 5.1.
                bool needs51 = CommandNames(ast).Contains("BeforeDiscovery") ||
                    ast.FindAll(a => a is CommandParameterAst p && p.ParameterName.Equals("ForEach", StringComparison.OrdinalIgnoreCase) &&
                        p.Parent is CommandAst c && c.GetCommandName() is "It" or "Describe" or "Context", true).Any();
                Assert.True(!needs51 || pester!.Version >= new Version(5, 1), Path.GetFileName(file) + " uses BeforeDiscovery or -ForEach: #requires Pester 5.1");
                Assert.Contains("Describe", CommandNames(ast));
                Assert.Contains("It", CommandNames(ast));
            }
        }

        [Fact]
        public void EveryExportedCmdlet_IsCalledInThePesterSuite()
        {
            var exported = ps.Run("(Get-Command -Module SsprTools -CommandType Cmdlet).Name").Output.Select(o => o.BaseObject.ToString()!).ToList();
            Assert.NotEmpty(exported);
            var called = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.GetFiles(PesterFolder, "*.ps1"))
            {
                called.UnionWith(CommandNames(Parse(Path.GetRelativePath(Paths.RepoRoot, file))));
            }

            var missing = exported.Where(c => !called.Contains(c)).ToList();
            Assert.True(missing.Count == 0, "Not called in any tests/Pester/*.ps1: " + string.Join(", ", missing));
        }

        [Fact]
        public void TheLiveTests_AreTaggedLive_AndStopTheFakeGraph()
        {
            var ast = Parse("tests/Pester/SsprTools.Live.Tests.ps1");
            var describes = ast.FindAll(a => a is CommandAst c && c.GetCommandName() == "Describe", true).Cast<CommandAst>().ToList();
            Assert.NotEmpty(describes);
            foreach (var d in describes)
            {
                var text = d.Extent.Text;
                Assert.Matches(@"^Describe\s+'[^']*'\s+-Tag\s+'Live'", text);
            }

            Assert.Contains("Start-FakeGraph", CommandNames(ast));
            Assert.Contains("Stop-FakeGraph", CommandNames(ast));
            Assert.Contains("AfterAll", CommandNames(ast));
        }

        [Fact]
        public void BuildScript_OffersBuildTestAndClean_WithTagFilters()
        {
            var ast = Parse("build.ps1");
            var parameters = ast.ParamBlock!.Parameters.ToDictionary(p => p.Name.VariablePath.UserPath, StringComparer.OrdinalIgnoreCase);
            Assert.Contains("Tag", parameters.Keys);
            Assert.Contains("ExcludeTag", parameters.Keys);
            var tasks = parameters["Task"].Attributes.OfType<AttributeAst>().Single(a => a.TypeName.Name == "ValidateSet")
                .PositionalArguments.Select(a => ((StringConstantExpressionAst)a).Value).ToList();
            Assert.Equal(new[] { "Build", "Test", "Clean" }, tasks);
            Assert.Contains("Invoke-Pester", CommandNames(ast));
            Assert.Contains("New-PesterConfiguration", CommandNames(ast));
            Assert.Contains("[version]'5.2'", ast.Extent.Text); // New-PesterConfiguration came with Pester 5.2
        }
    }
}
