using System.Linq;
using System.Management.Automation;
using Xunit;

namespace SsprTools.Module.Tests
{
    /// <summary>Every exported cmdlet has help from the module's MAML: a synopsis, 2+ examples, and a description per parameter.</summary>
    public class HelpTests : IClassFixture<HostFixture>
    {
        private static readonly string[] CommonParameters =
        {
            "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
            "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
        };

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
    }
}
