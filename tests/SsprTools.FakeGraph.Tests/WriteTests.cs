using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static SsprTools.FakeGraph.Tests.TestTenant;

namespace SsprTools.FakeGraph.Tests
{
    public sealed class WriteTests
    {
        [Theory]
        [InlineData("short1A")]             // too short
        [InlineData("alllowercase123")]    // 2 classes
        [InlineData("Pässwörd123!")]       // non-ASCII
        public async Task Weak_password_is_rejected(string password)
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var body = new JsonObject { ["passwordProfile"] = new JsonObject { ["password"] = password, ["forceChangePasswordNextSignIn"] = true } };
            var (status, error, _) = await SendAsync(client, HttpMethod.Patch, $"v1.0/users/{AliceId}", body.ToJsonString());
            Assert.Equal(400, status);
            AssertError(error, "Request_BadRequest");
            Assert.Equal("The specified password does not comply with password complexity requirements. Please provide a different password.",
                (string?)error!["error"]!["message"]);
            Assert.Null(server.State.GetLastPassword(AliceId));
        }

        [Fact]
        public async Task Strong_password_is_204_and_recorded()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, body, _) = await SendAsync(client, HttpMethod.Patch, "v1.0/users/alice@contoso.com",
                """{"passwordProfile":{"password":"Correct horse 9 battery","forceChangePasswordNextSignIn":true}}""");
            Assert.Equal(204, status);
            Assert.Null(body);

            PasswordSetRecord record = Assert.IsType<PasswordSetRecord>(server.State.GetLastPassword(AliceId));
            Assert.Equal("Correct horse 9 battery", record.Password);
            Assert.True(record.ForceChangePasswordNextSignIn);
            Assert.Equal("passwordProfile", record.Via);
            Assert.Equal("alice@contoso.com", record.UserPrincipalName);
            Assert.Same(record, server.State.LastPasswords[AliceId]);
            Assert.NotNull(server.State.GetUser(AliceId)!["lastPasswordChangeDateTime"]);

            var (missing, _, _) = await SendAsync(client, HttpMethod.Patch, "v1.0/users/nobody@contoso.com",
                """{"passwordProfile":{"password":"Correct horse 9 battery"}}""");
            Assert.Equal(404, missing);
        }

        [Fact]
        public async Task ResetPassword_returns_202_and_a_pollable_operation()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, body, response) = await SendAsync(client, HttpMethod.Post,
                $"v1.0/users/{BobId}/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword", """{"newPassword":"Xk7#pLm2!qRz"}""");
            Assert.Equal(202, status);
            Assert.Null(body);
            Uri location = Assert.IsType<Uri>(response.Headers.Location);
            Assert.StartsWith(server.BaseAddress + $"v1.0/users/{BobId}/authentication/operations/", location.ToString());

            var (firstStatus, first, _) = await GetAsync(client, location.ToString());
            Assert.Equal(200, firstStatus);
            Assert.Equal("running", (string?)first!["status"]);
            var (_, second, _) = await GetAsync(client, location.ToString());
            Assert.Equal("succeeded", (string?)second!["status"]);

            PasswordSetRecord record = server.State.GetLastPassword("bob@contoso.com")!;
            Assert.Equal("Xk7#pLm2!qRz", record.Password);
            Assert.Equal("resetPassword", record.Via);

            // Without newPassword a cloud-only user gets a generated one in the body.
            var (genStatus, generated, _) = await SendAsync(client, HttpMethod.Post,
                $"v1.0/users/{AliceId}/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword");
            Assert.Equal(202, genStatus);
            string newPassword = (string)generated!["newPassword"]!;
            Assert.Equal(newPassword, server.State.GetLastPassword(AliceId)!.Password);
            Assert.True(server.State.GetLastPassword(AliceId)!.SystemGenerated);
        }
    }
}
