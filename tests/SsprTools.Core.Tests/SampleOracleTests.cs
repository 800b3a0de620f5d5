using System;
using System.IO;
using System.Linq;
using SsprTools.Core.Readiness;
using SsprTools.Core.Snapshots;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The bundled samples against the expected results written down in samples/README.md.</summary>
    public class SampleOracleTests
    {
        private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

        private const string GA2 = "emily.carter,kari.nordmann,maarten.devries";

        // UPN local part → (finding ids, SelfServiceReady, Recoverable, AssistedResetBy local parts in order)
        public static TheoryData<string, string, bool, bool, string> Contoso => new TheoryData<string, string, bool, bool, string>
        {
            { "charlotte.evans", "SSPR014", true, true, GA2 },
            { "daan.visser", "SSPR002,SSPR009", false, true, "charlotte.evans,emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker" },
            { "emily.carter", "", true, true, "kari.nordmann,maarten.devries" },
            { "emma.dejong", "SSPR015", true, true, "charlotte.evans,daan.visser,emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker" },
            { "eva.lindqvist", "SSPR011", true, true, "" },
            { "haruto.sato", "SSPR005,SSPR009", false, true, GA2 },
            { "ingrid.johansen", "", true, true, "emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker" },
            { "jessica.miller", "SSPR004,SSPR009", false, true, GA2 },
            { "kari.nordmann", "", true, true, "emily.carter,maarten.devries" },
            { "lucas.smit", "SSPR003,SSPR009", false, true, GA2 },
            { "maarten.devries", "", true, true, "emily.carter,kari.nordmann" },
            { "michael.johnson", "SSPR010", false, false, "charlotte.evans,daan.visser,emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker" },
            { "ola.hansen", "SSPR013", true, true, GA2 },
            { "oliver.bennett", "SSPR006,SSPR014", true, true, GA2 },
            { "ryan.cooper", "SSPR008", true, true, GA2 },
            { "sarah.thompson", "SSPR008,SSPR009", false, true, GA2 },
            { "silje.haugen", "SSPR016", true, true, "charlotte.evans,emily.carter,ingrid.johansen,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker" },
            { "sophie.bakker", "", true, true, GA2 },
            { "william.davies", "SSPR007,SSPR009", false, true, GA2 },
            { "yui.tanaka", "SSPR014", true, true, GA2 },
        };

        [Theory]
        [MemberData(nameof(Contoso))]
        public void ContosoAdmin(string name, string findings, bool selfServiceReady, bool recoverable, string resetBy)
        {
            var evaluator = new ReadinessEvaluator(SnapshotFormat.ReadFile(Sample("contoso.snapshot.json")));
            var all = evaluator.EvaluateAll();
            var r = Assert.Single(all, a => a.UserPrincipalName == name + "@contoso.com");
            Assert.Equal(findings, string.Join(",", r.Findings.Select(f => f.Id).Distinct().OrderBy(x => x)));
            Assert.Equal(selfServiceReady, r.SelfServiceReady);
            Assert.Equal(recoverable, r.Recoverable);
            Assert.Equal(resetBy, string.Join(",", r.AssistedResetBy.Select(u => u.Split('@')[0])));
        }

        [Fact]
        public void ContosoScan_HasExactlyTheOracleAccounts_AndStatus()
        {
            var evaluator = new ReadinessEvaluator(SnapshotFormat.ReadFile(Sample("contoso.snapshot.json")));
            var all = evaluator.EvaluateAll();
            Assert.Equal(Contoso.Select(row => (string)row[0]).OrderBy(x => x), all.Select(a => a.UserPrincipalName.Split('@')[0]).OrderBy(x => x));
            var status = evaluator.Status(all);
            Assert.Equal("Contoso Ltd", status.TenantName);
            Assert.True(status.SelfServePasswordResetEnabled);
            Assert.True(status.TwoGatePolicyApplies);
            Assert.Equal(19, status.AdminCount);
            Assert.Equal(2, status.GlobalAdminCount);
            Assert.Equal(18, status.RecoverableAdminCount);
            Assert.True(status.RegistrationReportAvailable);
            Assert.Empty(status.Findings);
            Assert.Empty(status.NotEvaluated);
        }

        [Theory]
        [InlineData("bjorn.odegard", true, "charlotte.evans,daan.visser,emily.carter,ingrid.johansen,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker")]
        [InlineData("daniel.brooks", false, "charlotte.evans,daan.visser,emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker")]
        public void ContosoNonAdmins_RequestedExplicitly(string name, bool selfServiceReady, string resetBy)
        {
            var r = new ReadinessEvaluator(SnapshotFormat.ReadFile(Sample("contoso.snapshot.json"))).EvaluateUser(name + "@contoso.com")!;
            Assert.Equal("SSPR016", string.Join(",", r.Findings.Select(f => f.Id)));
            Assert.False(r.IsAdmin);
            Assert.Equal(selfServiceReady, r.SelfServiceReady);
            Assert.True(r.Recoverable);
            Assert.Equal(resetBy, string.Join(",", r.AssistedResetBy.Select(u => u.Split('@')[0])));
        }

        [Fact]
        public void SingleAdmin_GlobalAdministratorCannotGetBackIn()
        {
            var evaluator = new ReadinessEvaluator(SnapshotFormat.ReadFile(Sample("single-admin.snapshot.json")));
            var admin = Assert.Single(evaluator.EvaluateAll(), a => a.IsAdmin);
            Assert.Equal("SSPR001,SSPR011,SSPR012", string.Join(",", admin.Findings.Select(f => f.Id).OrderBy(x => x)));
            Assert.False(admin.SelfServiceReady);
            Assert.False(admin.Recoverable);
            var status = evaluator.Status();
            Assert.Equal("SSPR001,SSPR012", string.Join(",", status.Findings.Select(f => f.Id).OrderBy(x => x)));
            Assert.Equal(1, status.GlobalAdminCount);
            Assert.False(status.SelfServePasswordResetEnabled);
        }
    }
}
