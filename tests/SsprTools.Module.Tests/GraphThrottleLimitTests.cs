using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using SsprTools.FakeGraph;
using Xunit;
using static SsprTools.Module.Tests.GraphCmdletTests;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// -ThrottleLimit and the reports API limit (issue 8), counted by the fake server: its high-water mark of requests in
    /// flight and the report requests it refused. No timing assertions: only counts.
    /// </summary>
    public class GraphThrottleLimitTests : IClassFixture<HostFixture>
    {
        private readonly PowerShellHost ps;

        public GraphThrottleLimitTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public async Task ThrottleLimit_BoundsTheRequestsInFlight_AndKeepsTheFindings(int limit)
        {
            var expected = Signatures(ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", Paths.Contoso))));
            await using var server = await Serve("contoso.snapshot.json", o => o.Latency = TimeSpan.FromMilliseconds(20));
            Assert.Null(Connect(ps, server).FirstError);
            server.ResetConcurrency();
            var r = ps.Run("Test-SsprAdminReadiness -ThrottleLimit " + limit);
            Assert.Empty(r.Errors);
            Assert.Null(r.Terminating);
            Assert.InRange(server.MaxConcurrentRequests, 1, limit);
            var actual = Signatures(r);
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase), actual.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase));
        }

        [Fact]
        public async Task DefaultThrottleLimit_IsEight_ForEveryReadingCommand()
        {
            await using var server = await Serve("contoso.snapshot.json", o => o.Latency = TimeSpan.FromMilliseconds(20));
            Assert.Null(Connect(ps, server).FirstError);
            server.ResetConcurrency();
            Assert.Empty(ps.Run("Test-SsprAdminReadiness").Errors);
            Assert.InRange(server.MaxConcurrentRequests, 1, 8);

            server.ResetConcurrency();
            var status = ps.Run("Get-SsprStatus -ThrottleLimit 1 -Refresh");
            Assert.Empty(status.Errors);
            Assert.Single(status.Output);
            Assert.Equal(1, server.MaxConcurrentRequests);

            var file = Path.Combine(Path.GetTempPath(), "sspr-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                server.ResetConcurrency();
                var export = ps.Run("Export-SsprTenantSnapshot -Path $f -ThrottleLimit 1", Vars(("f", file)));
                Assert.Empty(export.Errors);
                Assert.True(File.Exists(file));
                Assert.Equal(1, server.MaxConcurrentRequests);
            }
            finally
            {
                File.Delete(file);
            }

            // The diagnosis commands read the live tenant through the same reader and take the same limit.
            server.ResetConcurrency();
            var activity = ps.Run("Get-SsprActivity -ThrottleLimit 1");
            Assert.Null(activity.Terminating);
            Assert.Equal(1, server.MaxConcurrentRequests);

            server.ResetConcurrency();
            var diagnosis = ps.Run("Get-SsprDiagnosis charlotte.evans@contoso.com NoSmsReceived -ThrottleLimit 1");
            Assert.Null(diagnosis.Terminating);
            Assert.Single(diagnosis.Output);
            Assert.Equal(1, server.MaxConcurrentRequests);
        }

        /// <summary>Every command that reads a tenant (it takes -SnapshotPath) takes -ThrottleLimit for live reads.</summary>
        [Fact]
        public void Every_command_that_reads_a_tenant_takes_ThrottleLimit()
        {
            var missing = ps.Run("Get-Command -Module SsprTools -CommandType Cmdlet | Where-Object { $_.Parameters.Keys -like '*SnapshotPath' -and -not $_.Parameters.ContainsKey('ThrottleLimit') } | ForEach-Object Name");
            Assert.Empty(missing.Output);
        }

        [Theory]
        [InlineData("Test-SsprAdminReadiness")]
        [InlineData("Get-SsprStatus")]
        [InlineData("Export-SsprTenantSnapshot -Path ./never.json -WhatIf")]
        [InlineData("Export-SsprReadinessReport -Path ./never.html -WhatIf")]
        [InlineData("Get-SsprActivity")]
        [InlineData("Get-SsprDiagnosis charlotte.evans@contoso.com NoSmsReceived")]
        public void ThrottleLimit_OutOfRange_IsAParameterError(string command)
        {
            var r = ps.Run(command + " -ThrottleLimit 0 -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            Assert.NotNull(r.FirstError);
            Assert.Contains("ParameterArgumentValidationError", r.FirstError!.FullyQualifiedErrorId);
        }

        [Fact]
        public void ThrottleLimit_WithASnapshot_IsIgnoredWithAWarning()
        {
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -ThrottleLimit 2", Vars(("p", Paths.Contoso)));
            Assert.Empty(r.Errors);
            Assert.NotEmpty(r.Output);
            Assert.Contains(r.Warnings, w => w.Contains("-ThrottleLimit", StringComparison.Ordinal));
            Assert.DoesNotContain(ps.Run("Get-SsprStatus -SnapshotPath $p", Vars(("p", Paths.Contoso))).Warnings, w => w.Contains("-ThrottleLimit", StringComparison.Ordinal));
        }

        [Fact]
        public async Task ReportsApi_IsNeverAskedMoreThanFiveTimesInTenSeconds()
        {
            // Graph's own limit emulated: a request beyond 5 in 10 s would be answered 429 and counted as refused.
            await using var server = await Serve("contoso.snapshot.json", o =>
            {
                o.PageSize = 100;
                o.ReportRequestsPer10Seconds = 5;
            });
            ReportPacerHook.RealTime(server.BaseAddress); // the pacer itself on the wall clock, against the emulated limit
            Assert.Null(Connect(ps, server).FirstError);
            for (var i = 0; i < 3; i++)
            {
                Assert.Empty(ps.Run("Test-SsprAdminReadiness -ThrottleLimit 4 -Refresh").Errors);
            }

            Assert.Equal(0, server.ReportRequestsRefused);
            Assert.True(server.CountRequests(q => q.PathAndQuery.Contains("/reports/", StringComparison.Ordinal)) >= 3);
            Assert.DoesNotContain(server.Requests, q => q.Status == 429);
        }

        [Fact]
        public async Task ManyAdmins_RegistrationReport_ReadOnlyForNonAdmins_SameFindingsAsTheSnapshot()
        {
            // 90 admins: the report is read only for the accounts the rules judge by it (non-admins), by id filters;
            // disabled accounts are not asked for (they have no row).
            var (fixture, users, assignments) = ContosoToExtend();
            for (var i = 0; i < 90; i++)
            {
                var id = $"aaaaaaaa-0000-4000-8000-{i:D12}";
                var enabled = i % 30 != 7;
                var user = FixtureUser(id, $"helpdesk{i}", enabled, i % 3 == 0 ? null : $"+47 4{1000000 + i}",
                    new JsonObject { ["@odata.type"] = "#microsoft.graph.emailAuthenticationMethod", ["id"] = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f", ["emailAddress"] = $"h{i}@example.net" });
                if (enabled)
                {
                    // A few rows say isAdmin false (the report lags): they are read by id afterwards.
                    user["registrationDetails"] = new JsonObject { ["isAdmin"] = i % 10 != 3, ["isSsprRegistered"] = true, ["isSsprEnabled"] = true, ["isSsprCapable"] = true, ["methodsRegistered"] = new JsonArray("email") };
                }

                users.Add(user);
                assignments.Add(new JsonObject { ["id"] = $"hd-{i}", ["principalId"] = id, ["roleDefinitionId"] = "729827e3-9c14-49f7-bb1b-9608f156bbb8", ["directoryScopeId"] = "/" });
            }

            EnsureRoleDefinition(fixture, "729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator");

            var expected = FileSignatures(fixture);
            var options = FakeGraphOptions.ForFixture(fixture);
            options.PageSize = 25;
            options.RetryAfterSeconds = 0;
            options.ReportRequestsPer10Seconds = 5;
            options.ExpectedBearerToken = DefaultToken;
            await using var server = await FakeGraphServer.StartAsync(fixture, options);
            ReportPacerHook.RealTime(server.BaseAddress); // the pacer itself on the wall clock, against the emulated limit
            Assert.Null(Connect(ps, server).FirstError);
            server.ClearLog();
            var live = ps.Run("Test-SsprAdminReadiness");
            Assert.Empty(live.Errors);
            var actual = Signatures(live);
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase), actual.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase));

            var reports = server.Requests.Where(q => q.PathAndQuery.Contains("/reports/", StringComparison.Ordinal)).ToList();
            // Issue 13: admins' rows are not read (their methods come from the per-user read); only accounts the rules judge by
            // the report (non-admins), in id filters of 15: one call here, the budget of 5 per 10 s left for the next command.
            Assert.DoesNotContain(reports, q => q.PathAndQuery.Contains("isAdmin", StringComparison.Ordinal));
            Assert.True(reports.Count <= 2, "report calls: " + reports.Count);
            Assert.Equal(0, server.ReportRequestsRefused);
            Assert.DoesNotContain(reports, q => q.PathAndQuery.Contains("aaaaaaaa-0000-4000-8000-000000000007", StringComparison.Ordinal));

            // Exported from the live tenant, the rows are those of the file (disabled accounts have none).
            var exported = Path.Combine(Path.GetTempPath(), "sspr-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                Assert.Empty(ps.Run("Export-SsprTenantSnapshot -Path $f", Vars(("f", exported))).Errors);
                var rows = JsonNode.Parse(File.ReadAllText(exported))!["users"]!.AsArray()
                    .Where(u => u!["registrationDetails"] is JsonObject).Select(u => (string)u!["id"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var want = users.Where(u => u!["registrationDetails"] is JsonObject).Select(u => (string)u!["id"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
                // Rows exported are rows the tenant has; the generated admins' rows are not read at all (issue 13).
                Assert.Subset(want, rows);
                Assert.NotEmpty(rows);
                Assert.DoesNotContain(rows, id => id.StartsWith("aaaaaaaa", StringComparison.Ordinal));
            }
            finally
            {
                File.Delete(exported);
            }
        }

        [Fact]
        public async Task RegistrationReport_PagesKeptSmallByTheServer_TheWantedRowsComeByIdInstead()
        {
            // 400 Helpdesk Administrators (judged by their methods) and 80 Reports Readers (outside the administrator policy:
            // judged by the report). A server that keeps the report's pages at 25 whatever $top asks would need about 20 pages
            // of isAdmin rows; after the first page the 80 readers' rows come by id instead (6 calls), and the answer is the file's.
            var (fixture, users, assignments) = ContosoToExtend();
            for (var i = 0; i < 480; i++)
            {
                var id = $"bbbbbbbb-0000-4000-8000-{i:D12}";
                var reader = i % 6 == 0;
                var user = FixtureUser(id, $"role{i}", true, $"+47 4{1000000 + i}");
                user["registrationDetails"] = new JsonObject { ["isAdmin"] = true, ["isSsprRegistered"] = i % 4 == 0, ["isSsprEnabled"] = true, ["isSsprCapable"] = i % 4 == 0, ["methodsRegistered"] = new JsonArray("mobilePhone") };
                users.Add(user);
                assignments.Add(new JsonObject
                {
                    ["id"] = $"rh-{i}",
                    ["principalId"] = id,
                    ["roleDefinitionId"] = reader ? "4a5d8f65-41da-4de4-8968-e035b65339cf" : "729827e3-9c14-49f7-bb1b-9608f156bbb8",
                    ["directoryScopeId"] = "/",
                });
            }

            EnsureRoleDefinition(fixture, "4a5d8f65-41da-4de4-8968-e035b65339cf", "Reports Reader");
            EnsureRoleDefinition(fixture, "729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator");

            var expected = FileSignatures(fixture);
            var options = FakeGraphOptions.ForFixture(fixture);
            options.PageSize = 25;   // a hard cap: $top does not raise it
            options.ExpectedBearerToken = DefaultToken;
            await using var server = await FakeGraphServer.StartAsync(fixture, options);
            Assert.Null(Connect(ps, server).FirstError);
            server.ClearLog();
            var live = ps.Run("Test-SsprAdminReadiness -Verbose");
            Assert.Empty(live.Errors);
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase), Signatures(live).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase));

            var reports = server.Requests.Where(q => q.PathAndQuery.Contains("/reports/", StringComparison.Ordinal)).ToList();
            Assert.Single(reports, q => q.PathAndQuery.Contains("isAdmin", StringComparison.Ordinal));
            Assert.True(reports.Count <= 8, "report calls: " + reports.Count);
            Assert.Contains(live.Verbose, v => v.Contains("read by id", StringComparison.Ordinal));
        }

        /// <summary>The contoso sample to add generated accounts to: the fixture, its users and its role assignments.</summary>
        private static (JsonObject Fixture, JsonArray Users, JsonArray Assignments) ContosoToExtend()
        {
            var fixture = JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            return (fixture, fixture["users"]!.AsArray(), fixture["roleAssignments"]!.AsArray());
        }

        /// <summary>What the fixture gives scanned as a snapshot file: what the live read of the same fixture must give.</summary>
        private Dictionary<string, string> FileSignatures(JsonObject fixture)
        {
            var file = Path.Combine(Path.GetTempPath(), "sspr-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(file, fixture.ToJsonString());
            try
            {
                return Signatures(ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", file))));
            }
            finally
            {
                File.Delete(file);
            }
        }

        /// <summary>A generated account for the fixture: a password method plus <paramref name="methods"/>, no other contact data.</summary>
        private static JsonObject FixtureUser(string id, string name, bool enabled, string? mobile, params JsonObject[] methods) => new JsonObject
        {
            ["id"] = id,
            ["userPrincipalName"] = name + "@contoso.com",
            ["displayName"] = name,
            ["accountEnabled"] = enabled,
            ["userType"] = "Member",
            ["mobilePhone"] = mobile,
            ["otherMails"] = new JsonArray(),
            ["businessPhones"] = new JsonArray(),
            ["proxyAddresses"] = new JsonArray(),
            ["authenticationMethods"] = new JsonArray(new[]
            {
                new JsonObject { ["@odata.type"] = "#microsoft.graph.passwordAuthenticationMethod", ["id"] = "28c10230-6103-485e-b985-444c60001490" },
            }.Concat(methods).Select(m => (JsonNode?)m).ToArray()),
        };

        private static void EnsureRoleDefinition(JsonObject fixture, string roleId, string name)
        {
            var definitions = fixture["roleDefinitions"]!.AsArray();
            if (!definitions.Any(d => (string?)d!["id"] == roleId))
            {
                definitions.Add(new JsonObject { ["id"] = roleId, ["displayName"] = name, ["isBuiltIn"] = true });
            }
        }
    }
}
