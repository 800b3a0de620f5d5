using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace SsprTools.FakeGraph.Tests
{
    /// <summary>A small tenant snapshot (schemaVersion 1): 3 users, 1 role-assignable group, 2 role assignments,
    /// 1 PIM eligibility, 1 administrative unit, 3 audit events.</summary>
    internal static class TestTenant
    {
        public const string AliceId = "aaaaaaaa-0000-4000-8000-000000000001";
        public const string BobId = "aaaaaaaa-0000-4000-8000-000000000002";
        public const string CarolId = "aaaaaaaa-0000-4000-8000-000000000003";
        public const string GroupId = "bbbbbbbb-0000-4000-8000-000000000001";
        public const string AuId = "cccccccc-0000-4000-8000-000000000001";
        public const string GlobalAdmin = "62e90394-69f5-4237-9190-012177145e10";
        public const string Helpdesk = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

        public const string Json = """
        {
          "schemaVersion": 1,
          "generatedAt": "2025-06-01T12:00:00Z",
          "source": "sample",
          "redacted": false,
          "tenant": {
            "id": "11111111-2222-3333-4444-555555555555",
            "displayName": "Contoso",
            "verifiedDomains": [
              { "name": "contoso.onmicrosoft.com", "isDefault": false, "isInitial": true },
              { "name": "contoso.com", "isDefault": true, "isInitial": false }
            ],
            "onPremisesSyncEnabled": false,
            "allowedToUseSSPR": true,
            "cloud": "https://graph.microsoft.com"
          },
          "collection": { "registrationReport": "available" },
          "users": [
            {
              "id": "aaaaaaaa-0000-4000-8000-000000000001",
              "userPrincipalName": "alice@contoso.com",
              "displayName": "Alice Admin",
              "givenName": "Alice",
              "surname": "Admin",
              "accountEnabled": true,
              "userType": "Member",
              "onPremisesSyncEnabled": null,
              "mail": "alice@contoso.com",
              "mobilePhone": "+1 5555550101",
              "businessPhones": [ "+1 5555550100" ],
              "otherMails": [ "alice.private@example.com" ],
              "proxyAddresses": [ "SMTP:alice@contoso.com" ],
              "authenticationMethods": [
                { "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", "id": "28c10230-6103-485e-b985-444c60001490" },
                { "@odata.type": "#microsoft.graph.phoneAuthenticationMethod", "id": "3179e48a-750b-4051-897c-87b9720928f7", "phoneNumber": "+1 5555550123", "phoneType": "mobile" },
                { "@odata.type": "#microsoft.graph.emailAuthenticationMethod", "id": "3ddfcfc8-9383-446f-83cc-3ab9be4be18f", "emailAddress": "alice.private@example.com" }
              ],
              "registrationDetails": {
                "isAdmin": true, "isSsprRegistered": true, "isSsprEnabled": true, "isSsprCapable": true, "isMfaRegistered": true,
                "methodsRegistered": [ "mobilePhone", "email" ], "lastUpdatedDateTime": "2025-05-30T08:00:00Z"
              }
            },
            {
              "id": "aaaaaaaa-0000-4000-8000-000000000002",
              "userPrincipalName": "bob@contoso.com",
              "displayName": "Bob Helpdesk",
              "accountEnabled": true,
              "userType": "Member",
              "authenticationMethods": [
                { "@odata.type": "#microsoft.graph.passwordAuthenticationMethod", "id": "28c10230-6103-485e-b985-444c60001490" },
                { "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", "id": "d0000000-0000-4000-8000-000000000001", "displayName": "Pixel 8" }
              ],
              "registrationDetails": {
                "isAdmin": true, "isSsprRegistered": false, "isSsprEnabled": true, "isSsprCapable": false, "isMfaRegistered": true,
                "methodsRegistered": [ "microsoftAuthenticatorPush" ], "lastUpdatedDateTime": "2025-05-30T08:00:00Z"
              }
            },
            {
              "id": "aaaaaaaa-0000-4000-8000-000000000003",
              "userPrincipalName": "carol@contoso.com",
              "displayName": "Carol Contractor",
              "accountEnabled": false,
              "userType": "Guest",
              "authenticationMethods": null,
              "authenticationMethodsError": "403 Forbidden"
            }
          ],
          "groups": [
            { "id": "bbbbbbbb-0000-4000-8000-000000000001", "displayName": "Tier0 Helpdesk", "isAssignableToRole": true,
              "members": [ "aaaaaaaa-0000-4000-8000-000000000002" ], "owners": [ "aaaaaaaa-0000-4000-8000-000000000003" ] }
          ],
          "administrativeUnits": [
            { "id": "cccccccc-0000-4000-8000-000000000001", "displayName": "Finance", "isMemberManagementRestricted": true,
              "members": [ "aaaaaaaa-0000-4000-8000-000000000003" ] }
          ],
          "roleDefinitions": [
            { "id": "62e90394-69f5-4237-9190-012177145e10", "displayName": "Global Administrator", "isBuiltIn": true },
            { "id": "729827e3-9c14-49f7-bb1b-9608f156bbb8", "displayName": "Helpdesk Administrator", "isBuiltIn": true }
          ],
          "roleAssignments": [
            { "id": "ra-1", "principalId": "aaaaaaaa-0000-4000-8000-000000000001", "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/" },
            { "id": "ra-2", "principalId": "bbbbbbbb-0000-4000-8000-000000000001", "roleDefinitionId": "729827e3-9c14-49f7-bb1b-9608f156bbb8", "directoryScopeId": "/" }
          ],
          "roleEligibilities": [
            { "id": "re-1", "principalId": "aaaaaaaa-0000-4000-8000-000000000002", "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "directoryScopeId": "/" }
          ],
          "auditEvents": [
            {
              "id": "audit-1", "category": "UserManagement", "correlationId": "corr-1", "result": "success",
              "resultReason": "User submitted their user ID", "activityDisplayName": "Self-service password reset flow activity progress",
              "activityDateTime": "2025-05-31T10:00:00Z", "loggedByService": "Self-service Password Management", "operationType": "Update",
              "initiatedBy": { "user": { "id": "aaaaaaaa-0000-4000-8000-000000000001", "userPrincipalName": "alice@contoso.com" } },
              "targetResources": [ { "id": "aaaaaaaa-0000-4000-8000-000000000001", "type": "User", "userPrincipalName": "alice@contoso.com" } ],
              "additionalDetails": []
            },
            {
              "id": "audit-2", "category": "UserManagement", "correlationId": "corr-1", "result": "failure",
              "resultReason": "User's account has insufficient authentication methods defined. Add authentication info to resolve this.",
              "activityDisplayName": "Self-service password reset flow activity progress",
              "activityDateTime": "2025-05-31T10:01:00Z", "loggedByService": "Self-service Password Management", "operationType": "Update",
              "initiatedBy": { "user": { "id": "aaaaaaaa-0000-4000-8000-000000000001", "userPrincipalName": "alice@contoso.com" } },
              "targetResources": [ { "id": "aaaaaaaa-0000-4000-8000-000000000001", "type": "User", "userPrincipalName": "alice@contoso.com" } ]
            },
            {
              "id": "audit-3", "category": "UserManagement", "correlationId": "corr-2", "result": "success",
              "activityDisplayName": "Add member to role", "activityDateTime": "2025-05-20T09:00:00Z",
              "loggedByService": "Core Directory", "operationType": "Assign",
              "targetResources": [ { "id": "aaaaaaaa-0000-4000-8000-000000000002", "type": "User", "userPrincipalName": "bob@contoso.com" } ]
            }
          ]
        }
        """;

        public static JsonObject Fixture() => (JsonObject)JsonNode.Parse(Json)!;

        public static async Task<FakeGraphServer> StartAsync(FakeGraphOptions? options = null)
        {
            options ??= new FakeGraphOptions();
            options.RetryAfterSeconds = 0;
            return await FakeGraphServer.StartAsync(Fixture(), options);
        }

        public static HttpClient Client(FakeGraphServer server, string? token = null)
        {
            var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            if (token is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return client;
        }

        public static async Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpMethod method, string url, string? json = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            HttpResponseMessage response = await client.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            JsonObject? body = text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
            return ((int)response.StatusCode, body, response);
        }

        public static Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> GetAsync(HttpClient client, string url) =>
            SendAsync(client, HttpMethod.Get, url);

        public static void AssertError(JsonObject? body, string code)
        {
            Assert.NotNull(body);
            JsonObject error = Assert.IsType<JsonObject>(body!["error"]);
            Assert.Equal(code, (string?)error["code"]);
            Assert.False(string.IsNullOrEmpty((string?)error["message"]));
            JsonObject inner = Assert.IsType<JsonObject>(error["innerError"]);
            Assert.False(string.IsNullOrEmpty((string?)inner["request-id"]));
            Assert.False(string.IsNullOrEmpty((string?)inner["client-request-id"]));
            Assert.False(string.IsNullOrEmpty((string?)inner["date"]));
        }
    }
}
