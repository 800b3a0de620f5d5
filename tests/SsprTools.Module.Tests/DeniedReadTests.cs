using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static SsprTools.Module.Tests.GraphCmdletTests;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Issue 13: an optional read denied with 403 makes the checks that needed it "not evaluated", with one warning naming the
    /// permission and the Connect-SsprGraph -Scopes that adds it; the rest of the answer is still given.
    /// </summary>
    public class DeniedReadTests : IClassFixture<HostFixture>
    {
        private static readonly string[] All =
        {
            "Policy.Read.All", "RoleManagement.Read.Directory", "User.Read.All", "UserAuthenticationMethod.Read.All", "AuditLog.Read.All",
            "GroupMember.Read.All", "AdministrativeUnit.Read.All", "User.Read",
        };

        private readonly PowerShellHost ps;

        public DeniedReadTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        [Theory]
        [InlineData("GroupMember.Read.All", "GroupMember.Read.All", null)]
        [InlineData("AdministrativeUnit.Read.All", "AdministrativeUnit.Read.All", null)]
        // PIM schedules: the fake accepts RoleManagement.Read.Directory for them, so the role data comes through Directory.Read.All here.
        [InlineData("RoleManagement.Read.Directory", "RoleEligibilitySchedule.Read.Directory", "Directory.Read.All")]
        public async Task DeniedOptionalRead_OneWarning_ResultsStillGiven_NotEvaluatedSaysWhy(string removed, string permission, string? added)
        {
            var clean = Signatures(ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", new Dictionary<string, object?> { ["p"] = Paths.Contoso }));
            await using var server = await Serve("contoso.snapshot.json", o =>
                o.GrantedScopes = new HashSet<string>(All.Where(s => s != removed).Concat(added == null ? Array.Empty<string>() : new[] { added }), StringComparer.OrdinalIgnoreCase));
            Assert.Null(Connect(ps, server).FirstError);

            var r = ps.Run("Test-SsprAdminReadiness");
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            // Admins known only through the denied read (role groups' members, eligible-only) are not listed; the others are.
            Assert.InRange(r.Output.Count, clean.Count / 2, clean.Count);
            var warnings = r.Warnings.Where(w => w.Contains(permission, StringComparison.Ordinal)).ToList();
            Assert.Single(warnings);
            Assert.Contains("Connect-SsprGraph -Scopes " + permission, warnings[0], StringComparison.Ordinal);
            Assert.All(r.Output, o => Assert.Contains((string[])o.Properties["NotEvaluated"].Value, n => n.Contains(permission, StringComparison.Ordinal)));

            var status = ps.Run("Get-SsprStatus -Refresh");
            Assert.Null(status.Terminating);
            Assert.Single(status.Output);
            Assert.Contains((string[])status.Output[0].Properties["NotEvaluated"].Value, n => n.Contains(permission, StringComparison.Ordinal));

            var one = ps.Run("Test-SsprAdminReadiness -UserPrincipalName charlotte.evans@contoso.com");
            Assert.Null(one.Terminating);
            Assert.Single(one.Output);
            Assert.Single(one.Warnings, w => w.Contains(permission, StringComparison.Ordinal));
        }

        [Fact]
        public async Task DeniedAuditLog_DiagnosisStillAnswers_WithOneWarning()
        {
            await using var server = await Serve("contoso.snapshot.json", o =>
                o.GrantedScopes = new HashSet<string>(All.Where(s => s != "AuditLog.Read.All"), StringComparer.OrdinalIgnoreCase));
            Assert.Null(Connect(ps, server).FirstError);
            var d = ps.Run("Get-SsprDiagnosis charlotte.evans@contoso.com InvalidSecurityCode");
            Assert.Null(d.Terminating);
            Assert.Single(d.Output);
            Assert.Single(d.Warnings, w => w.Contains("AuditLog.Read.All", StringComparison.Ordinal));
        }

        [Fact]
        public async Task DeniedRoleAssignments_StillStops_WithTheScopeToAdd()
        {
            await using var server = await Serve("contoso.snapshot.json", o =>
                o.GrantedScopes = new HashSet<string>(All.Where(s => s != "RoleManagement.Read.Directory"), StringComparer.OrdinalIgnoreCase));
            Assert.Null(Connect(ps, server).FirstError);
            var r = ps.Run("Test-SsprAdminReadiness");
            Assert.NotNull(r.FirstError);
            Assert.Contains("Connect-SsprGraph -Scopes RoleManagement.Read.Directory", r.FirstError!.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        }
    }
}
