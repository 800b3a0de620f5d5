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
    public sealed class AuthAndFaultTests
    {
        [Fact]
        public async Task Wrong_or_missing_token_is_401_and_the_token_is_never_logged()
        {
            await using FakeGraphServer server = await StartAsync(new FakeGraphOptions { ExpectedBearerToken = "good-token" });

            using (HttpClient anonymous = Client(server))
            {
                var (status, body, response) = await GetAsync(anonymous, "v1.0/organization");
                Assert.Equal(401, status);
                AssertError(body, "InvalidAuthenticationToken");
                Assert.NotEmpty(response.Headers.WwwAuthenticate);
            }

            using (HttpClient wrong = Client(server, "bad-token"))
            {
                var (status, body, _) = await GetAsync(wrong, "v1.0/organization");
                Assert.Equal(401, status);
                AssertError(body, "InvalidAuthenticationToken");
            }

            using (HttpClient good = Client(server, "good-token"))
            {
                var (status, _, _) = await GetAsync(good, "v1.0/organization");
                Assert.Equal(200, status);
            }

            IReadOnlyList<RequestLogEntry> log = server.Requests;
            Assert.Equal(new[] { 401, 401, 200 }, log.Select(l => l.Status).ToArray());
            Assert.Equal(new string?[] { null, "Bearer", "Bearer" }, log.Select(l => l.AuthorizationHeaderPresent).ToArray());
            Assert.DoesNotContain(log, l => (l.AuthorizationHeaderPresent ?? "").Contains("token", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Missing_permission_is_403_naming_it()
        {
            var options = new FakeGraphOptions
            {
                GrantedScopes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "User.Read.All", "Policy.Read.All" },
            };
            await using FakeGraphServer server = await StartAsync(options);
            using HttpClient client = Client(server);

            Assert.Equal(200, (await GetAsync(client, "v1.0/users")).Status);
            Assert.Equal(200, (await GetAsync(client, "v1.0/policies/authorizationPolicy")).Status);

            var (status, body, _) = await GetAsync(client, $"v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '{GlobalAdmin}'");
            Assert.Equal(403, status);
            AssertError(body, "Authorization_RequestDenied");
            Assert.Contains("RoleManagement.Read.Directory", (string?)body!["error"]!["message"]);

            var (mStatus, mBody, _) = await GetAsync(client, $"v1.0/users/{AliceId}/authentication/methods");
            Assert.Equal(403, mStatus);
            Assert.Contains("UserAuthenticationMethod.Read.All", (string?)mBody!["error"]!["message"]);

            var (pStatus, pBody, _) = await SendAsync(client, HttpMethod.Patch, $"v1.0/users/{AliceId}",
                """{"passwordProfile":{"password":"Xk7#pLm2!qRz","forceChangePasswordNextSignIn":true}}""");
            Assert.Equal(403, pStatus);
            Assert.Contains("User-PasswordProfile.ReadWrite.All", (string?)pBody!["error"]!["message"]);

            // Directory.Read.All satisfies role reads; a ReadWrite variant satisfies method reads.
            options.GrantedScopes.Add("Directory.Read.All");
            options.GrantedScopes.Add("UserAuthenticationMethod.ReadWrite.All");
            Assert.Equal(200, (await GetAsync(client, "v1.0/roleManagement/directory/roleAssignments")).Status);
            Assert.Equal(200, (await GetAsync(client, $"v1.0/users/{AliceId}/authentication/methods")).Status);
        }

        [Fact]
        public async Task License_errors()
        {
            var options = new FakeGraphOptions { RegistrationReportLicensed = false, PimLicensed = false, AuditLicensed = false };
            await using FakeGraphServer server = await StartAsync(options);
            using HttpClient client = Client(server);

            var (rStatus, rBody, _) = await GetAsync(client, "v1.0/reports/authenticationMethods/userRegistrationDetails");
            Assert.Equal(403, rStatus);
            AssertError(rBody, "Authentication_RequestFromNonPremiumTenantOrB2CTenant");

            var (pStatus, pBody, _) = await GetAsync(client, "v1.0/roleManagement/directory/roleEligibilitySchedules");
            Assert.Equal(400, pStatus);
            AssertError(pBody, "AadPremiumLicenseRequired");
            var (iStatus, _, _) = await GetAsync(client, "v1.0/roleManagement/directory/roleEligibilityScheduleInstances");
            Assert.Equal(400, iStatus);

            var (aStatus, aBody, _) = await GetAsync(client, "v1.0/auditLogs/directoryAudits");
            Assert.Equal(403, aStatus);
            AssertError(aBody, "Authentication_RequestFromNonPremiumTenantOrB2CTenant");

            options.PimLicensed = true;
            Assert.Equal(200, (await GetAsync(client, "v1.0/roleManagement/directory/roleEligibilitySchedules")).Status);
        }

        [Fact]
        public async Task Seeded_fault_injection_is_deterministic()
        {
            async Task<int[]> RunAsync()
            {
                await using FakeGraphServer server = await StartAsync(new FakeGraphOptions { ThrottleRate = 0.3, ServerErrorRate = 0.2, RandomSeed = 42 });
                using HttpClient client = Client(server);
                var statuses = new List<int>();
                for (int i = 0; i < 30; i++)
                {
                    statuses.Add((await GetAsync(client, $"v1.0/users/{(i % 2 == 0 ? AliceId : BobId)}")).Status);
                }

                return statuses.ToArray();
            }

            int[] first = await RunAsync();
            int[] second = await RunAsync();
            Assert.Equal(first, second);
            Assert.Contains(429, first);
            Assert.Contains(503, first);
            Assert.Contains(200, first);
        }

        [Fact]
        public async Task Request_log_counts_reads_writes_and_batches()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            await GetAsync(client, "v1.0/users?$select=id");
            await GetAsync(client, "v1.0/organization");
            await SendAsync(client, HttpMethod.Post, "v1.0/$batch",
                """{"requests":[{"id":"1","method":"GET","url":"/users"},{"id":"2","method":"GET","url":"/organization"}]}""");
            await SendAsync(client, HttpMethod.Patch, "v1.0/policies/authorizationPolicy", """{"allowedToUseSSPR":false}""");

            Assert.Equal(4, server.CountRequests());
            Assert.Equal(1, server.CountRequests(r => r.IsBatch));
            Assert.Equal(2, server.Requests.Single(r => r.IsBatch).InnerRequestCount);
            Assert.Equal("/v1.0/users?$select=id", server.Requests[0].PathAndQuery);
            Assert.Null(server.Requests[0].Body);
            Assert.Contains("allowedToUseSSPR", server.Requests[3].Body);
            Assert.False(server.State.AllowedToUseSspr);

            server.ClearLog();
            Assert.Equal(0, server.CountRequests());
            Assert.Empty(server.BatchInnerRequests);
        }
    }
}
