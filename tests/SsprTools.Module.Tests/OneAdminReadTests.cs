using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using SsprTools.FakeGraph;
using Xunit;
using static SsprTools.Module.Tests.GraphCmdletTests;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Issue 13, "cost in proportion to the question": a one-admin command reads that admin (profile, methods, registration row,
    /// audit events filtered by that admin on the server) and the role data who-can-reset needs, never the other admins'
    /// methods or the whole audit log, and answers exactly as the scan of the same file does.
    /// </summary>
    public class OneAdminReadTests : IClassFixture<HostFixture>
    {
        private const string Upn = "charlotte.evans@contoso.com";
        private readonly PowerShellHost ps;

        public OneAdminReadTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        private static string IdOf(string upn)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Paths.Contoso));
            return doc.RootElement.GetProperty("users").EnumerateArray()
                .First(u => string.Equals(u.GetProperty("userPrincipalName").GetString(), upn, StringComparison.OrdinalIgnoreCase))
                .GetProperty("id").GetString()!;
        }

        /// <summary>Top-level requests plus the requests inside each $batch (their URLs are in the logged body).</summary>
        private static int Cost(FakeGraphServer server) => server.Requests.Sum(q => q.IsBatch ? q.InnerRequestCount : 1);

        private static IEnumerable<string> Urls(FakeGraphServer server) =>
            server.Requests.SelectMany(q => q.IsBatch && q.Body != null
                ? JsonDocument.Parse(q.Body).RootElement.GetProperty("requests").EnumerateArray().Select(r => Uri.UnescapeDataString(r.GetProperty("url").GetString() ?? ""))
                : new[] { q.PathAndQuery });

        private static void AssertOnlyThisAdminsMethodsAndEvents(FakeGraphServer server, string id)
        {
            var urls = Urls(server).ToList();
            var methods = urls.Where(u => u.Contains("/authentication/methods", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.NotEmpty(methods);
            Assert.All(methods, u => Assert.Contains(id, u, StringComparison.OrdinalIgnoreCase));
            foreach (var audit in urls.Where(u => u.Contains("auditLogs/directoryAudits", StringComparison.OrdinalIgnoreCase)))
            {
                // Filtered by this admin on the server (or the one-row probe of whether anyone else is logged).
                Assert.True(audit.Contains("targetResources/any(t: t/id eq '" + id + "')", StringComparison.Ordinal) ||
                    audit.Contains("initiatedBy/user/id eq '" + id + "'", StringComparison.Ordinal) ||
                    audit.Contains("$top=1", StringComparison.Ordinal), audit);
            }

            foreach (var report in urls.Where(u => u.Contains("userRegistrationDetails", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.Contains(id, report, StringComparison.OrdinalIgnoreCase);
            }
        }

        [Fact]
        public async Task TestSsprAdminReadiness_OneAdmin_ReadsThatAdminOnly_SameAnswerAsTheFile()
        {
            var expected = Signatures(ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u -SnapshotPath $p", Vars(("u", Upn), ("p", Paths.Contoso))));
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var scanCost = Cost(server);
            server.ClearLog();
            var r = ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u", Vars(("u", Upn)));
            Assert.Empty(r.Errors);
            Assert.Equal(expected, Signatures(r));
            AssertOnlyThisAdminsMethodsAndEvents(server, IdOf(Upn));
            Assert.DoesNotContain(Urls(server), u => u.Contains("auditLogs", StringComparison.OrdinalIgnoreCase));
            Assert.True(Cost(server) <= 25, "requests: " + Cost(server));

            // AssistedResetBy and the Global Administrator count need the other role holders' account state, not their methods.
            var whole = ps.Run("Test-SsprAdminReadiness");
            Assert.Equal(Signatures(whole)[Upn], Signatures(r)[Upn]);
        }

        /// <summary>
        /// pieter.jansen owns the role-assignable SG-Exchange-Admins: only a Privileged Authentication Administrator or Global
        /// Administrator may reset him (learn.microsoft.com/entra/identity/role-based-access-control/groups-concept). The one-admin
        /// read learns that from his owned groups (one request), not from every role-assignable group's owners, and answers as
        /// the file and the whole-tenant read do.
        /// </summary>
        [Fact]
        public async Task OneAdmin_OwnerOfRoleAssignableGroup_ReadsItsOwnedGroups_OnlyPaaAndGaReset()
        {
            const string owner = "pieter.jansen@contoso.com";
            var file = ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u -SnapshotPath $p", Vars(("u", owner), ("p", Paths.Contoso)));
            Assert.Empty(file.Errors);
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            server.ClearLog();
            var live = ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u", Vars(("u", owner)));
            Assert.Empty(live.Errors);
            Assert.Equal(Signatures(file), Signatures(live));
            string[] Resetters(RunResult r) => ((object[])r.Output.Single().Properties["AssistedResetBy"].Value).Select(x => x.ToString()!).ToArray();
            // The sample's Global Administrators and Privileged Authentication Administrators, no one else.
            Assert.Equal(new[] { "breakglass1@contoso.onmicrosoft.com", "emily.carter@contoso.com", "kari.nordmann@contoso.com", "maarten.devries@contoso.com" },
                Resetters(live));
            Assert.Equal(Resetters(file), Resetters(live));

            var urls = Urls(server).ToList();
            // The SDK sends the cast as "graph.group", which Graph accepts beside "microsoft.graph.group".
            Assert.True(urls.Any(u => Regex.IsMatch(u, "users/" + IdOf(owner) + "/ownedObjects/(microsoft\\.)?graph\\.group\\?", RegexOptions.IgnoreCase)),
                string.Join("; ", urls));
            Assert.DoesNotContain(urls, u => u.Contains("/owners", StringComparison.OrdinalIgnoreCase));
            Assert.True(Cost(server) <= 25, "requests: " + Cost(server));

            // The same answer as the whole-tenant read (which reads every role-assignable group's owners).
            var whole = ps.Run("Test-SsprAdminReadiness");
            Assert.Equal(Signatures(whole)[owner], Signatures(live)[owner]);
        }

        /// <summary>
        /// haruto.sato is an Exchange Administrator through the role-assignable SG-Exchange-Admins, a role that resets no one:
        /// the one-admin read learns his membership from his memberOf and does not read that group's member list (only groups
        /// holding a role that may reset passwords are listed in full), and answers as the file and the whole read do.
        /// </summary>
        [Fact]
        public async Task OneAdmin_MemberOfANonResettingRoleGroup_FromItsMemberOf_SameAnswer()
        {
            const string member = "haruto.sato@contoso.com";
            var file = ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u -SnapshotPath $p", Vars(("u", member), ("p", Paths.Contoso)));
            Assert.Empty(file.Errors);
            Assert.Single(file.Output);
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            server.ClearLog();
            var live = ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u", Vars(("u", member)));
            Assert.Empty(live.Errors);
            Assert.Equal(Signatures(file), Signatures(live));
            string Roles(RunResult r) => string.Join(",", (string[])r.Output.Single().Properties["Roles"].Value);
            Assert.Contains("Exchange Administrator", Roles(live), StringComparison.Ordinal);
            Assert.Equal(Roles(file), Roles(live));
            Assert.Equal(true, live.Output.Single().Properties["IsAdmin"].Value);
            var urls = Urls(server).ToList();
            Assert.DoesNotContain(urls, u => u.Contains("groups/1c5ec3ea-9131-5ae7-b552-878173bc23c9/members", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(urls, u => u.Contains("users/" + IdOf(member) + "/memberOf", StringComparison.OrdinalIgnoreCase));
            Assert.True(Cost(server) <= 25, "requests: " + Cost(server));
        }

        [Fact]
        public async Task DiagnosisAndActivity_OneAdmin_ReadThatAdminsEventsFilteredOnTheServer()
        {
            var fileDiagnosis = ps.Run("Get-SsprDiagnosis $u InvalidSecurityCode -SnapshotPath $p", Vars(("u", Upn), ("p", Paths.Contoso)));
            var fileActivity = ps.Run("Get-SsprActivity -UserPrincipalName $u -SnapshotPath $p", Vars(("u", Upn), ("p", Paths.Contoso)));
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var id = IdOf(Upn);

            server.ClearLog();
            var diagnosis = ps.Run("Get-SsprDiagnosis $u InvalidSecurityCode", Vars(("u", Upn)));
            Assert.Empty(diagnosis.Errors);
            AssertOnlyThisAdminsMethodsAndEvents(server, id);
            Assert.Contains(Urls(server), u => u.Contains("targetResources/any(t: t/id eq '" + id + "')", StringComparison.Ordinal));
            Assert.True(Cost(server) <= 25, "requests: " + Cost(server));
            Assert.Equal(Ids(fileDiagnosis, "LikelyCauses"), Ids(diagnosis, "LikelyCauses"));

            // Right after the diagnosis, the same admin's activity answers from the events the diagnosis read (the reports API
            // allows 5 calls per 10 s): no audit request, and -Verbose says so.
            server.ClearLog();
            var activity = ps.Run("Get-SsprActivity -UserPrincipalName $u -Verbose", Vars(("u", Upn)));
            Assert.Empty(activity.Errors);
            AssertOnlyThisAdminsMethodsAndEvents(server, id);
            Assert.DoesNotContain(Urls(server), u => u.Contains("auditLogs/directoryAudits", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(activity.Verbose, v => v.Contains("audit events as read", StringComparison.Ordinal));
            Assert.True(Cost(server) <= 25, "requests: " + Cost(server));
            Assert.NotEmpty(activity.Output);
            Assert.Equal(fileActivity.Output.Select(o => o.Properties["CorrelationId"].Value + "/" + o.Properties["Outcome"].Value),
                activity.Output.Select(o => o.Properties["CorrelationId"].Value + "/" + o.Properties["Outcome"].Value));

            // A longer window than the kept read covers is read from Graph.
            server.ClearLog();
            var longer = ps.Run("Get-SsprActivity -UserPrincipalName $u -Days 90", Vars(("u", Upn)));
            Assert.Empty(longer.Errors);
            Assert.Contains(Urls(server), u => u.Contains("targetResources/any(t: t/id eq '" + id + "')", StringComparison.Ordinal));
        }

        [Fact]
        public async Task ManyNamedAdmins_AuditCallsBeyondTheReportsLimit_WaitWithAProgressMessage()
        {
            // Three accounts: 6 audit calls, more than the reports API's 5 per 10 s. The 6th waits (on the tests' virtual clock),
            // and the wait is shown as progress before it starts, so a person at a prompt sees why nothing moves.
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var r = ps.Run("Get-SsprActivity -UserPrincipalName $u -Verbose", Vars(("u", new[] { Upn, "kari.nordmann@contoso.com", "emily.carter@contoso.com" })));
            Assert.Empty(r.Errors);
            Assert.Contains(r.Progress, p => (p.StatusDescription ?? "").Contains("reports limit", StringComparison.Ordinal));
            Assert.Contains(r.Verbose, v => v.Contains("waited", StringComparison.Ordinal));
        }

        private static string Ids(RunResult r, string property) =>
            string.Join(",", r.Output.SelectMany(o => ((object[])o.Properties[property].Value).Select(c => System.Management.Automation.PSObject.AsPSObject(c).Properties["Id"].Value)));

        [Fact]
        public async Task UnknownName_OneAdminRead_StillSuggestsAdmins()
        {
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var r = ps.Run("Test-SsprAdminReadiness -UserPrincipalName charlote.evans@contoso.com");
            Assert.NotNull(r.FirstError);
            Assert.Contains(Upn, r.FirstError!.ToString() + " " + r.FirstError.ErrorDetails?.RecommendedAction, StringComparison.OrdinalIgnoreCase);
        }
    }
}

namespace SsprTools.Module.Tests
{
    /// <summary>Issue 13: a whole-tenant read is kept per connection for a few minutes; -Refresh and a new connection read again.</summary>
    public class TenantReadCacheTests : IClassFixture<HostFixture>
    {
        private readonly PowerShellHost ps;

        public TenantReadCacheTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        [Fact]
        public async Task StatusAfterAScan_ReadsNothingAgain_RefreshDoes()
        {
            await using var server = await GraphCmdletTests.Serve("contoso.snapshot.json");
            Assert.Null(GraphCmdletTests.Connect(ps, server).FirstError);
            server.ClearLog();
            var scan = ps.Run("Test-SsprAdminReadiness");
            Assert.Empty(scan.Errors);
            var scanRequests = server.Requests.Count;
            Assert.True(scanRequests > 0);

            server.ClearLog();
            var status = ps.Run("Get-SsprStatus -Verbose");
            Assert.Empty(status.Errors);
            Assert.Single(status.Output);
            Assert.Empty(server.Requests);
            Assert.Contains(status.Verbose, v => v.Contains("-Refresh", StringComparison.Ordinal));
            Assert.Equal(scan.Output.Count(o => (bool)o.Properties["IsAdmin"].Value), (int)status.Output[0].Properties["AdminCount"].Value);

            // The report pipeline of the README: one read for the results and the status together.
            var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sspr-" + Guid.NewGuid().ToString("N") + ".html");
            try
            {
                server.ClearLog();
                var report = ps.Run("Test-SsprAdminReadiness | Export-SsprReadinessReport -Path $f -Status (Get-SsprStatus) -Force",
                    new System.Collections.Generic.Dictionary<string, object?> { ["f"] = file });
                Assert.Empty(report.Errors);
                Assert.Empty(server.Requests);
            }
            finally
            {
                System.IO.File.Delete(file);
            }

            server.ClearLog();
            Assert.Empty(ps.Run("Get-SsprStatus -Refresh").Errors);
            Assert.Equal(scanRequests, server.Requests.Count);

            // One-admin questions never use the kept read.
            server.ClearLog();
            Assert.Empty(ps.Run("Test-SsprAdminReadiness -UserPrincipalName charlotte.evans@contoso.com").Errors);
            Assert.NotEmpty(server.Requests);

            // A new connection starts without a kept read.
            Assert.Null(GraphCmdletTests.Connect(ps, server).FirstError);
            server.ClearLog();
            Assert.Empty(ps.Run("Get-SsprStatus").Errors);
            Assert.NotEmpty(server.Requests);
        }
    }
}
