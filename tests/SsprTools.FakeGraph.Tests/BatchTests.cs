using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static SsprTools.FakeGraph.Tests.TestTenant;

namespace SsprTools.FakeGraph.Tests
{
    public sealed class BatchTests
    {
        private static string BatchOf(int count, Func<int, string> url) =>
            new JsonObject
            {
                ["requests"] = new JsonArray(Enumerable.Range(1, count)
                    .Select(i => (JsonNode)new JsonObject { ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["method"] = "GET", ["url"] = url(i) })
                    .ToArray()),
            }.ToJsonString();

        [Fact]
        public async Task Twenty_requests_succeed_in_shuffled_order_and_count_as_one_request()
        {
            await using FakeGraphServer server = await StartAsync(new FakeGraphOptions { RandomSeed = 7 });
            using HttpClient client = Client(server);

            string[] users = { AliceId, BobId, "alice@contoso.com" };
            var (status, body, _) = await SendAsync(client, HttpMethod.Post, "v1.0/$batch",
                BatchOf(20, i => $"/users/{users[i % 3]}/authentication/methods"));

            Assert.Equal(200, status);
            var responses = body!["responses"]!.AsArray();
            Assert.Equal(20, responses.Count);
            string[] ids = responses.Select(r => (string)r!["id"]!).ToArray();
            Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(s => s), ids.OrderBy(s => s));
            Assert.NotEqual(Enumerable.Range(1, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), ids);
            Assert.All(responses, r =>
            {
                Assert.Equal(200, (int)r!["status"]!);
                Assert.NotNull(r["body"]!["value"]);
            });

            RequestLogEntry entry = Assert.Single(server.Requests);
            Assert.True(entry.IsBatch);
            Assert.Equal(20, entry.InnerRequestCount);
            Assert.Equal(200, entry.Status);
            Assert.Equal(20, server.BatchInnerRequests.Count);
        }

        [Fact]
        public async Task Twenty_one_requests_are_rejected()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, body, _) = await SendAsync(client, HttpMethod.Post, "v1.0/$batch", BatchOf(21, _ => "/organization"));
            Assert.Equal(400, status);
            AssertError(body, "BadRequest");

            var (badStatus, badBody, _) = await SendAsync(client, HttpMethod.Post, "v1.0/$batch", "{ not json");
            Assert.Equal(400, badStatus);
            AssertError(badBody, "BadRequest");
        }

        [Fact]
        public async Task Inner_requests_are_throttled_individually_with_retry_after()
        {
            await using FakeGraphServer server = await StartAsync(new FakeGraphOptions { ThrottleRate = 1.0 });
            using HttpClient client = Client(server);

            var (status, body, _) = await SendAsync(client, HttpMethod.Post, "v1.0/$batch", BatchOf(3, _ => $"/users/{AliceId}"));
            Assert.Equal(200, status);
            Assert.All(body!["responses"]!.AsArray(), r =>
            {
                Assert.Equal(429, (int)r!["status"]!);
                Assert.Equal("0", (string?)r["headers"]!["Retry-After"]);
                Assert.Equal("TooManyRequests", (string?)r["body"]!["error"]!["code"]);
            });

            var (topStatus, topBody, response) = await GetAsync(client, $"v1.0/users/{AliceId}");
            Assert.Equal(429, topStatus);
            AssertError(topBody, "TooManyRequests");
            Assert.Equal(TimeSpan.Zero, response.Headers.RetryAfter?.Delta);
        }

        [Fact]
        public async Task Inner_errors_and_mixed_results_keep_their_status()
        {
            await using FakeGraphServer server = await StartAsync(new FakeGraphOptions { PimLicensed = false });
            using HttpClient client = Client(server);

            string batch = """
            {"requests":[
              {"id":"a","method":"GET","url":"/users/nobody@contoso.com"},
              {"id":"b","method":"GET","url":"/roleManagement/directory/roleEligibilitySchedules"},
              {"id":"c","method":"GET","url":"/users?$filter=userPrincipalName eq 'alice@contoso.com'&$select=id"},
              {"id":"d","method":"PATCH","url":"/users/bob@contoso.com","headers":{"Content-Type":"application/json"},
               "body":{"passwordProfile":{"password":"Xk7#pLm2!qRz","forceChangePasswordNextSignIn":true}}},
              {"id":"e","method":"GET","url":"/users/bob@contoso.com","dependsOn":["a"]},
              {"id":"f","method":"PATCH","url":"/users/bob@contoso.com","body":{"mobilePhone":"+1 5555550199"}}
            ]}
            """;
            var (status, body, _) = await SendAsync(client, HttpMethod.Post, "v1.0/$batch", batch);
            Assert.Equal(200, status);
            JsonNode Get(string id) => body!["responses"]!.AsArray().Single(r => (string?)r!["id"] == id)!;
            Assert.Equal(404, (int)Get("a")["status"]!);
            Assert.Equal(400, (int)Get("b")["status"]!);
            Assert.Equal("AadPremiumLicenseRequired", (string?)Get("b")["body"]!["error"]!["code"]);
            Assert.Equal(AliceId, (string?)Get("c")["body"]!["value"]![0]!["id"]);
            Assert.Equal(204, (int)Get("d")["status"]!);
            Assert.Equal(424, (int)Get("e")["status"]!);
            Assert.Equal(400, (int)Get("f")["status"]!); // a body needs a Content-Type header
            Assert.Equal("Xk7#pLm2!qRz", server.State.GetLastPassword(BobId)?.Password);
        }
    }
}
