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
    }
}
