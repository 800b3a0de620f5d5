using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// -Telephony and -AsOf (branch i12a) on Get-SsprStatus, Test-SsprAdminReadiness and Export-SsprReadinessReport, from
    /// the one ReadinessCmdlet base class: Microsoft stops delivering SMS and voice on 2027-02-01
    /// (learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement).
    /// </summary>
    public class PostureParameterTests : IClassFixture<HostFixture>
    {
        private readonly PowerShellHost ps;

        public PostureParameterTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        private static string Severity(PSObject result, string id) =>
            ((object[])result.Properties["Findings"].Value).Select(PSObject.AsPSObject)
                .First(f => (string)f.Properties["Id"].Value == id).Properties["Severity"].Value.ToString()!;

        [Fact]
        public void TheScanningCmdlets_ShareThePostureParameters()
        {
            foreach (var cmdlet in new[] { "Get-SsprStatus", "Test-SsprAdminReadiness", "Export-SsprReadinessReport" })
            {
                var r = ps.Run($"(Get-Command {cmdlet}).Parameters.Keys");
                var keys = r.Output.Select(o => o.BaseObject.ToString()).ToList();
                foreach (var p in new[] { "SnapshotPath", "ExpectedAdminSspr", "Telephony", "AsOf", "ThrottleLimit" })
                {
                    Assert.True(keys.Contains(p), cmdlet + " lacks -" + p);
                }
            }

            // -Telephony takes exactly the three postures; anything else is a binding error.
            var bad = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -Telephony Carrier", Vars(("p", Paths.Contoso)));
            Assert.NotEmpty(bad.Errors);
            Assert.Empty(bad.Output);
        }

        [Fact]
        public void AsOf_20270201_ShowsWhoLosesTheSelfServicePath()
        {
            var before = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -UserPrincipalName emily.carter@contoso.com -AsOf 2027-01-31", Vars(("p", Paths.Contoso)));
            var after = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -UserPrincipalName emily.carter@contoso.com -AsOf 2027-02-01", Vars(("p", Paths.Contoso)));
            Assert.Empty(after.Errors);
            Assert.True((bool)before.Output[0].Properties["SelfServiceReady"].Value);
            Assert.Equal("Warning", Severity(before.Output[0], "SSPR018"));
            Assert.False((bool)after.Output[0].Properties["SelfServiceReady"].Value);
            Assert.Equal("Error", Severity(after.Output[0], "SSPR018"));
            Assert.Contains("SSPR009", FindingIds(after.Output[0]));

            var managed = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -UserPrincipalName emily.carter@contoso.com -AsOf 2027-02-01 -Telephony CustomerManaged", Vars(("p", Paths.Contoso)));
            Assert.True((bool)managed.Output[0].Properties["SelfServiceReady"].Value);
            Assert.DoesNotContain("SSPR018", FindingIds(managed.Output[0]));
        }

        [Fact]
        public void GetSsprStatus_SaysWhatTheDateDoes_AndStillTakesThePathByPosition()
        {
            var r = ps.Run("Get-SsprStatus $p -Telephony Microsoft -AsOf 2026-12-01", Vars(("p", Paths.Contoso)));
            Assert.Empty(r.Errors);
            var s = r.Output.Single();
            Assert.Equal("Microsoft", s.Properties["Telephony"].Value.ToString());
            Assert.Equal(new DateTime(2026, 12, 1), (DateTime)s.Properties["AsOf"].Value);
            Assert.Equal(new DateTime(2027, 2, 1), (DateTime)s.Properties["SmsVoiceRetirementDate"].Value);
            Assert.Equal(8, (int)s.Properties["SmsVoiceDependentAdminCount"].Value);
            Assert.Equal(22, (int)s.Properties["RecoverableAdminCount"].Value);
            Assert.Equal(21, (int)s.Properties["RecoverableAdminCountAfterRetirement"].Value);
            Assert.Contains("eva.lindqvist@contoso.com", (string[])s.Properties["AdminsLosingSelfService"].Value);

            var none = ps.Run("Get-SsprStatus -SnapshotPath $p -Telephony None", Vars(("p", Paths.Contoso))).Output.Single();
            Assert.Equal(7, (int)none.Properties["SelfServiceReadyAdminCount"].Value);
            Assert.Empty((string[])none.Properties["AdminsLosingSelfService"].Value);
        }

        [Fact]
        public void ExportReport_ScansWithThePostures_AndWarnsWhenPipedResultsMakeThemMoot()
        {
            var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "i12a-" + Guid.NewGuid().ToString("N")));
            try
            {
                var path = Path.Combine(dir.FullName, "after.html");
                var r = ps.Run("Export-SsprReadinessReport -SnapshotPath $p -Path $out -AsOf 2027-02-01", Vars(("p", Paths.Contoso), ("out", path)));
                Assert.Empty(r.Errors);
                var html = File.ReadAllText(path);
                Assert.Contains("datetime=\"2027-02-01\"", html);
                Assert.Contains("data-fact=\"sms-voice-dependent\"", html);

                var piped = Path.Combine(dir.FullName, "piped.html");
                var p2 = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p | Export-SsprReadinessReport -Path $out -Telephony None", Vars(("p", Paths.Contoso), ("out", piped)));
                Assert.Empty(p2.Errors);
                Assert.Contains(p2.Warnings, w => w.Contains("-Telephony"));
                Assert.True(File.Exists(piped));
            }
            finally
            {
                dir.Delete(true);
            }
        }
    }
}
