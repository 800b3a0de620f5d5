using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static SsprTools.FakeGraph.Tests.TestTenant;

namespace SsprTools.FakeGraph.Tests
{
    public sealed class ScaleAndMiscTests
    {
        [Fact]
        public async Task Starts_from_a_snapshot_file_and_ForFixture_follows_the_collection_block()
        {
            JsonObject fixture = Fixture();
            fixture["collection"] = new JsonObject { ["registrationReport"] = "notLicensed", ["roleEligibilities"] = "notLicensed", ["authenticationMethods"] = "masked" };
            string path = Path.Combine(Path.GetTempPath(), $"fakegraph-{Guid.NewGuid():N}.snapshot.json");
            await File.WriteAllTextAsync(path, fixture.ToJsonString());
            try
            {
                FakeGraphOptions options = FakeGraphOptions.ForFixture(path);
                Assert.False(options.RegistrationReportLicensed);
                Assert.False(options.PimLicensed);
                Assert.True(options.AuditLicensed);
                Assert.True(options.MaskPhoneNumbers);

                options.RetryAfterSeconds = 0;
                await using FakeGraphServer server = await FakeGraphServer.StartAsync(path, options);
                using HttpClient client = Client(server);
                Assert.Equal(403, (await GetAsync(client, "v1.0/reports/authenticationMethods/userRegistrationDetails")).Status);
                Assert.Equal(200, (await GetAsync(client, "v1.0/users")).Status);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public async Task MemberOf_lists_groups_and_administrative_units()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (_, bob, _) = await GetAsync(client, $"v1.0/users/{BobId}/transitiveMemberOf");
            JsonNode group = Assert.Single(bob!["value"]!.AsArray())!;
            Assert.Equal("#microsoft.graph.group", (string?)group["@odata.type"]);
            Assert.Equal(GroupId, (string?)group["id"]);

            var (_, carol, _) = await GetAsync(client, $"v1.0/users/{CarolId}/memberOf");
            Assert.Equal("#microsoft.graph.administrativeUnit", (string?)Assert.Single(carol!["value"]!.AsArray())!["@odata.type"]);
        }

        [Fact]
        public async Task Large_tenant_pages_quickly_and_latency_is_not_serialized()
        {
            JsonObject fixture = Fixture();
            var users = fixture["users"]!.AsArray();
            for (int i = 0; i < 3000; i++)
            {
                users.Add(new JsonObject
                {
                    ["id"] = $"dddddddd-0000-4000-8000-{i:D12}",
                    ["userPrincipalName"] = $"user{i}@contoso.com",
                    ["displayName"] = $"User {i}",
                    ["authenticationMethods"] = new JsonArray(new JsonObject { ["@odata.type"] = "#microsoft.graph.passwordAuthenticationMethod" }),
                    ["registrationDetails"] = new JsonObject { ["isAdmin"] = false, ["methodsRegistered"] = new JsonArray() },
                });
            }

            var options = new FakeGraphOptions { RetryAfterSeconds = 0 };
            await using FakeGraphServer server = await FakeGraphServer.StartAsync(fixture, options);
            using HttpClient client = Client(server);

            var watch = Stopwatch.StartNew();
            int count = 0;
            string? url = "v1.0/users?$top=999&$select=id,accountEnabled";
            while (url is not null)
            {
                var (_, body, _) = await GetAsync(client, url);
                count += body!["value"]!.AsArray().Count;
                url = (string?)body["@odata.nextLink"];
            }

            Assert.Equal(3003, count);

            // Latency is a lower bound only: upper bounds on time flake on a loaded machine.
            options.Latency = TimeSpan.FromMilliseconds(300);
            watch.Restart();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => GetAsync(client, $"v1.0/users/user{i}@contoso.com/authentication/methods")));
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"8 requests with 300 ms latency took only {watch.Elapsed}");
            Assert.Equal(31 + 8, server.CountRequests()); // PageSize 100 caps $top=999: 31 pages.
        }

        [Fact]
        public async Task MaxPageSize_lets_top_raise_the_page_like_Graph()
        {
            JsonObject fixture = Fixture();
            var users = fixture["users"]!.AsArray();
            for (int i = 0; i < 250; i++)
            {
                users.Add(new JsonObject { ["id"] = $"eeeeeeee-0000-4000-8000-{i:D12}", ["userPrincipalName"] = $"u{i}@contoso.com" });
            }

            await using FakeGraphServer server = await FakeGraphServer.StartAsync(fixture, new FakeGraphOptions { PageSize = 100, MaxPageSize = 999 });
            using HttpClient client = Client(server);
            var (_, all, _) = await GetAsync(client, "v1.0/users?$top=999&$select=id");
            Assert.Equal(253, all!["value"]!.AsArray().Count);
            Assert.Null(all["@odata.nextLink"]);
            var (_, page, _) = await GetAsync(client, "v1.0/users?$select=id");
            Assert.Equal(100, page!["value"]!.AsArray().Count);
            var (_, small, _) = await GetAsync(client, "v1.0/users?$top=7&$select=id");
            Assert.Equal(7, small!["value"]!.AsArray().Count);
        }

        [Fact]
        public async Task MaxConcurrentRequests_is_the_high_water_mark_of_requests_in_flight()
        {
            var options = new FakeGraphOptions { Latency = TimeSpan.FromMilliseconds(200) };
            await using FakeGraphServer server = await StartAsync(options);
            using HttpClient client = Client(server);
            await GetAsync(client, "v1.0/organization");
            Assert.Equal(1, server.MaxConcurrentRequests);
            server.ResetConcurrency();
            Assert.Equal(0, server.MaxConcurrentRequests);
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => GetAsync(client, "v1.0/organization")));
            Assert.InRange(server.MaxConcurrentRequests, 1, 3);
            Assert.Equal(0, server.ConcurrentRequests);
        }

        [Fact]
        public async Task ReportRequestsPer10Seconds_answers_429_beyond_the_limit_with_Retry_After()
        {
            var options = new FakeGraphOptions { ReportRequestsPer10Seconds = 2 };
            await using FakeGraphServer server = await StartAsync(options);
            using HttpClient client = Client(server);
            Assert.Equal(200, (await GetAsync(client, "v1.0/reports/authenticationMethods/userRegistrationDetails")).Status);
            Assert.Equal(200, (await GetAsync(client, "v1.0/auditLogs/directoryAudits")).Status);
            var (status, _, response) = await GetAsync(client, "v1.0/reports/authenticationMethods/userRegistrationDetails");
            Assert.Equal(429, status);
            Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 10);
            Assert.Equal(200, (await GetAsync(client, "v1.0/users")).Status);
            Assert.Equal(1, server.ReportRequestsRefused);
        }
    }
}
