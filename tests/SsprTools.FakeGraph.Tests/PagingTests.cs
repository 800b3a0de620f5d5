using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static SsprTools.FakeGraph.Tests.TestTenant;

namespace SsprTools.FakeGraph.Tests
{
    public sealed class PagingTests
    {
        [Fact]
        public async Task NextLink_is_absolute_on_the_server_and_paging_ends()
        {
            await using FakeGraphServer server = await StartAsync(new FakeGraphOptions { PageSize = 2 });
            using HttpClient client = Client(server);

            var ids = new List<string?>();
            string? url = "v1.0/users?$select=id,userPrincipalName";
            int pages = 0;
            while (url is not null)
            {
                var (status, body, _) = await GetAsync(client, url);
                Assert.Equal(200, status);
                pages++;
                ids.AddRange(body!["value"]!.AsArray().Select(u => (string?)u!["id"]));
                url = (string?)body["@odata.nextLink"];
                if (url is not null)
                {
                    Assert.StartsWith(server.BaseAddress + "v1.0/users?", url);
                    Assert.Contains("$select=id%2CuserPrincipalName", url);
                    Assert.Contains("$skiptoken=", url);
                }

                Assert.True(pages < 10, "paging did not end");
            }

            Assert.Equal(2, pages);
            Assert.Equal(new[] { AliceId, BobId, CarolId }, ids.ToArray());
        }

        [Fact]
        public async Task Smaller_top_wins_and_top_1000_is_rejected()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (_, first, _) = await GetAsync(client, "v1.0/users?$top=1");
            Assert.Single(first!["value"]!.AsArray());
            string next = (string)first["@odata.nextLink"]!;
            Assert.Contains("$top=1", next);
            var (_, second, _) = await GetAsync(client, next);
            Assert.Equal(BobId, (string?)Assert.Single(second!["value"]!.AsArray())!["id"]);

            var (okStatus, all, _) = await GetAsync(client, "v1.0/users?$top=999");
            Assert.Equal(200, okStatus);
            Assert.Equal(3, all!["value"]!.AsArray().Count);
            Assert.Null(all["@odata.nextLink"]);

            var (status, error, _) = await GetAsync(client, "v1.0/users?$top=1000");
            Assert.Equal(400, status);
            AssertError(error, "Request_UnsupportedQuery");
            Assert.Equal("Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.", (string?)error!["error"]!["message"]);
        }

        [Fact]
        public async Task Loop_next_link_points_back_to_itself()
        {
            await using FakeGraphServer server = await StartAsync(new FakeGraphOptions { LoopNextLink = true });
            using HttpClient client = Client(server);

            var (_, body, _) = await GetAsync(client, "v1.0/users?$select=id");
            string next = (string)body!["@odata.nextLink"]!;
            Assert.Equal(server.BaseAddress + "v1.0/users?$select=id", next);
            var (_, again, _) = await GetAsync(client, next);
            Assert.Equal(next, (string?)again!["@odata.nextLink"]);
        }

        [Fact]
        public async Task Truncated_response_is_not_valid_json()
        {
            await using FakeGraphServer server = await StartAsync(new FakeGraphOptions { TruncateResponses = true });
            using HttpClient client = Client(server);

            using HttpResponseMessage response = await client.GetAsync("v1.0/users");
            string text = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("{", text);
            Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonNode.Parse(text));
        }

        [Fact]
        public async Task Hang_makes_a_client_time_out_and_is_logged()
        {
            await using FakeGraphServer server = await StartAsync(new FakeGraphOptions { HangFor = TimeSpan.FromSeconds(30) });
            // Generous numbers: on a loaded 2-core CI machine the request may take a while to reach the server.
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };

            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => client.GetAsync("v1.0/organization"));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (server.CountRequests(r => r.PathAndQuery == "/v1.0/organization") == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(1, server.CountRequests(r => r.PathAndQuery == "/v1.0/organization"));
        }
    }
}
