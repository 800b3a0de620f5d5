using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    public sealed class HostFixture : IDisposable
    {
        public PowerShellHost Host { get; } = new PowerShellHost();
        public void Dispose() => Host.Dispose();
    }

    /// <summary>Get-SsprStatus and Test-SsprAdminReadiness, run in the real engine as a user would.</summary>
    public class ReadinessCmdletTests : IClassFixture<HostFixture>
    {
        private readonly PowerShellHost ps;

        public ReadinessCmdletTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        [Fact]
        public void ModuleExportsOnlyFinishedCmdlets_WithHelp()
        {
            var r = ps.Run("(Get-Command -Module SsprTools).Name");
            var names = r.Output.Select(o => o.BaseObject.ToString()).OrderBy(n => n).ToArray();
            Assert.Contains("Get-SsprStatus", names);
            Assert.Contains("Test-SsprAdminReadiness", names);
            foreach (var name in names)
            {
                var help = ps.Run($"Get-Help {name} -Full");
                var text = help.Output.Single();
                Assert.NotNull(text.Properties["examples"]?.Value);
            }
        }

        [Fact]
        public void Status_OnContoso()
        {
            var r = ps.Run("Get-SsprStatus -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            Assert.Empty(r.Errors);
            var status = Assert.Single(r.Output);
            Assert.Equal("SsprTools.TenantStatus", status.TypeNames[0]);
            Assert.True((bool)status.Properties["SelfServePasswordResetEnabled"].Value);
            Assert.True((bool)status.Properties["TwoGatePolicyApplies"].Value);
            Assert.True((int)status.Properties["AdminCount"].Value >= 15);
            Assert.True((int)status.Properties["GlobalAdminCount"].Value >= 2);
            foreach (var property in new[] { "TenantId", "TenantName", "RecoverableAdminCount", "RegistrationReportAvailable", "Findings", "Source", "RetrievedAt" })
            {
                Assert.NotNull(status.Properties[property]);
            }

            Assert.DoesNotContain("SSPR012", FindingIds(status));
            Assert.DoesNotContain("SSPR001", FindingIds(status));
        }

        [Fact]
        public void Status_OnSingleAdmin_FlagsSsprOffAndOneGlobalAdmin()
        {
            var r = ps.Run("Get-SsprStatus $p", Vars(("p", Paths.SingleAdmin)));
            var status = Assert.Single(r.Output);
            Assert.False((bool)status.Properties["SelfServePasswordResetEnabled"].Value);
            Assert.Equal(1, (int)status.Properties["GlobalAdminCount"].Value);
            var ids = FindingIds(status);
            Assert.Contains("SSPR001", ids);
            Assert.Contains("SSPR012", ids);
        }

        [Fact]
        public void Readiness_OnContoso_CoversTheCatalog()
        {
            // Pinned before 2027-02-01 (samples/README.md): SSPR018 is a Warning then.
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -AsOf 2026-12-01", Vars(("p", Paths.Contoso)));
            Assert.Empty(r.Errors);
            Assert.True(r.Output.Count >= 15);
            Assert.All(r.Output, o => Assert.Equal("SsprTools.AdminReadiness", o.TypeNames[0]));
            var all = r.Output.SelectMany(FindingIds).ToHashSet();
            foreach (var id in Enumerable.Range(2, 17).Select(n => $"SSPR{n:000}").Concat(new[] { "SSPR021" }))
            {
                if (id != "SSPR012" && id != "SSPR017")
                {
                    Assert.True(all.Contains(id), id + " does not fire in the contoso sample");
                }
            }

            Assert.DoesNotContain("SSPR001", all);
            Assert.DoesNotContain("SSPR017", all);
            // Ready admins whose findings are only Info (an opt-in country), none with nothing at all any more.
            Assert.Contains(r.Output, o => (bool)o.Properties["Recoverable"].Value && (bool)o.Properties["SelfServiceReady"].Value &&
                ((object[])o.Properties["Findings"].Value).Select(PSObject.AsPSObject).All(f => f.Properties["Severity"].Value.ToString() == "Info"));
            foreach (var property in new[] { "UserPrincipalName", "DisplayName", "Roles", "AccountEnabled", "SelfServiceReady", "AssistedResetBy", "Recoverable", "Findings" })
            {
                Assert.NotNull(r.Output[0].Properties[property]);
            }
        }

        [Fact]
        public void Readiness_DisabledPosture_AddsSspr017_AndDowngradesSelfServiceFindings()
        {
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -ExpectedAdminSspr Disabled", Vars(("p", Paths.Contoso)));
            var admins = r.Output.Where(o => (bool)o.Properties["IsAdmin"].Value).ToList();
            Assert.NotEmpty(admins);
            Assert.All(admins, a => Assert.Contains("SSPR017", FindingIds(a)));
            var selfService = r.Output.SelectMany(o => (object[])o.Properties["Findings"].Value).Select(PSObject.AsPSObject)
                .Where(f => (string)f.Properties["Id"].Value == "SSPR004").ToList();
            Assert.NotEmpty(selfService);
            Assert.All(selfService, f => Assert.Equal("Info", f.Properties["Severity"].Value.ToString()));
        }

        [Fact]
        public void Readiness_SingleAdmin()
        {
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", Paths.SingleAdmin)));
            var ga = Assert.Single(r.Output, o => (bool)o.Properties["IsAdmin"].Value);
            var ids = FindingIds(ga);
            Assert.Contains("SSPR001", ids);
            Assert.Contains("SSPR012", ids);
            Assert.Contains("SSPR011", ids);
            Assert.False((bool)ga.Properties["SelfServiceReady"].Value);
            Assert.False((bool)ga.Properties["Recoverable"].Value);
        }

        [Fact]
        public void Quiet_ReturnsOneBool()
        {
            var single = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -Quiet", Vars(("p", Paths.SingleAdmin)));
            Assert.False((bool)Assert.Single(single.Output).BaseObject);
            var contoso = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -Quiet", Vars(("p", Paths.Contoso)));
            Assert.IsType<bool>(Assert.Single(contoso.Output).BaseObject);
        }

        [Fact]
        public void PipelineInput_ByValue_AndByPropertyName_UnknownUpnIsNonTerminating()
        {
            var names = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p | ForEach-Object { $_.UserPrincipalName }", Vars(("p", Paths.Contoso)))
                .Output.Select(o => (string)o.BaseObject).Take(2).ToArray();

            var byValue = ps.Run("$names[0], 'nobody@contoso.com', $names[1] | Test-SsprAdminReadiness -SnapshotPath $p",
                Vars(("p", Paths.Contoso), ("names", names)));
            Assert.Equal(2, byValue.Output.Count);
            var error = Assert.Single(byValue.Errors);
            Assert.Equal("UserNotFound,SsprTools.Commands.TestSsprAdminReadinessCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal(names[1], byValue.Property<string>(1, "UserPrincipalName"));

            var byProperty = ps.Run("[pscustomobject]@{ UserPrincipalName = $names[0] } | Test-SsprAdminReadiness -SnapshotPath $p",
                Vars(("p", Paths.Contoso), ("names", names)));
            Assert.Equal(names[0], byProperty.Property<string>(0, "UserPrincipalName"));
        }

        [Fact]
        public void UnknownUpn_SuggestsCloseNames()
        {
            var names = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p | ForEach-Object { $_.UserPrincipalName }", Vars(("p", Paths.Contoso)))
                .Output.Select(o => (string)o.BaseObject).ToArray();
            var typo = names[0].Substring(1);
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -UserPrincipalName $u", Vars(("p", Paths.Contoso), ("u", typo)));
            var error = Assert.Single(r.Errors);
            Assert.Contains(names[0], error.ToString());
        }

        [Fact]
        public void MissingFile_IsAClearTerminatingError()
        {
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", Path.Combine(Path.GetTempPath(), "no-such-file.json"))));
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith("SnapshotNotFound,", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.NotNull(error.ErrorDetails?.RecommendedAction);
            Assert.DoesNotContain("   at ", error.ToString());
        }

        [Fact]
        public void Directory_MalformedJson_WrongSchema_AreClearErrors()
        {
            var dir = Directory.CreateTempSubdirectory("sspr-module").FullName;
            try
            {
                var bad = Path.Combine(dir, "bad.json");
                File.WriteAllText(bad, "{\n \"schemaVersion\": 1,\n \"tenant\": { \"id\": \"x\", }\n ]");
                var newer = Path.Combine(dir, "newer.json");
                File.WriteAllText(newer, "{ \"schemaVersion\": 7, \"tenant\": { \"id\": \"x\" } }");

                var cases = new[] { (dir, "SnapshotPathIsDirectory", ErrorCategory.InvalidArgument),
                                    (bad, "SnapshotMalformed", ErrorCategory.InvalidData),
                                    (newer, "SnapshotSchemaTooNew", ErrorCategory.InvalidData) };
                foreach (var (path, id, category) in cases)
                {
                    var r = ps.Run("Get-SsprStatus -SnapshotPath $p", Vars(("p", path)));
                    var error = r.FirstError;
                    Assert.NotNull(error);
                    Assert.StartsWith(id + ",", error!.FullyQualifiedErrorId);
                    Assert.Equal(category, error.CategoryInfo.Category);
                    Assert.Empty(r.Output);
                }

                var malformed = ps.Run("Get-SsprStatus -SnapshotPath $p", Vars(("p", bad))).FirstError!;
                Assert.Contains("line 4", malformed.ToString());
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void NoSourceAtAll_SaysHowToGetOne()
        {
            var r = ps.Run("Get-SsprStatus");
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith("NotConnected,", error!.FullyQualifiedErrorId);
            Assert.Contains("SnapshotPath", error.ErrorDetails!.RecommendedAction);
        }
    }
}
