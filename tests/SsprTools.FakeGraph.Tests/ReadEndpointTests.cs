using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static SsprTools.FakeGraph.Tests.TestTenant;

namespace SsprTools.FakeGraph.Tests
{
    public sealed class ReadEndpointTests
    {
        [Fact]
        public async Task Organization_and_authorization_policy_have_graph_shapes()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, org, _) = await GetAsync(client, "v1.0/organization");
            Assert.Equal(200, status);
            Assert.EndsWith("/v1.0/$metadata#organization", (string?)org!["@odata.context"]);
            JsonObject tenant = Assert.IsType<JsonObject>(Assert.Single(org["value"]!.AsArray()));
            Assert.Equal("Contoso", (string?)tenant["displayName"]);
            var domains = tenant["verifiedDomains"]!.AsArray();
            Assert.Equal(2, domains.Count);
            Assert.Equal("Managed", (string?)domains[0]!["type"]);
            Assert.Equal("Email", (string?)domains[0]!["capabilities"]);
            Assert.True((bool?)domains[1]!["isDefault"]);
            Assert.False((bool?)tenant["onPremisesSyncEnabled"]);

            var (pStatus, policy, _) = await GetAsync(client, "v1.0/policies/authorizationPolicy");
            Assert.Equal(200, pStatus);
            Assert.EndsWith("#policies/authorizationPolicy/$entity", (string?)policy!["@odata.context"]);
            Assert.Equal("authorizationPolicy", (string?)policy["id"]);
            Assert.True((bool?)policy["allowedToUseSSPR"]);
            Assert.Null(policy["value"]);
        }

        // The reads of issue 12, in Graph v1.0's wire format: GET /groups/{id}/owners (directoryObjects, like members),
        // GET /policies/authenticationMethodsPolicy (configurations inline), organization.assignedPlans, GET
        // /directory/subscriptions (companySubscription) and user.authorizationInfo.
        [Fact]
        public async Task Owners_methods_policy_plans_subscriptions_and_authorization_info_have_graph_shapes()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, owners, _) = await GetAsync(client, $"v1.0/groups/{GroupId}/owners?$select=id");
            Assert.Equal(200, status);
            Assert.EndsWith("#directoryObjects(id)", (string?)owners!["@odata.context"]);
            JsonObject owner = Assert.IsType<JsonObject>(Assert.Single(owners["value"]!.AsArray()));
            Assert.Equal("#microsoft.graph.user", (string?)owner["@odata.type"]);
            Assert.Equal("aaaaaaaa-0000-4000-8000-000000000003", (string?)owner["id"]);

            var (pStatus, policy, _) = await GetAsync(client, "v1.0/policies/authenticationMethodsPolicy");
            Assert.Equal(200, pStatus);
            Assert.EndsWith("#policies/authenticationMethodsPolicy/$entity", (string?)policy!["@odata.context"]);
            Assert.Equal("migrationComplete", (string?)policy["policyMigrationState"]);
            var sms = policy["authenticationMethodConfigurations"]!.AsArray().Single(c => (string?)c!["id"] == "Sms")!;
            Assert.Equal("#microsoft.graph.smsAuthenticationMethodConfiguration", (string?)sms["@odata.type"]);
            Assert.Equal("enabled", (string?)sms["state"]);

            var (_, org, _) = await GetAsync(client, "v1.0/organization?$select=id,assignedPlans");
            var plans = org!["value"]![0]!["assignedPlans"]!.AsArray();
            Assert.Contains(plans, p => (string?)p!["service"] == "AADPremiumService" && (string?)p["capabilityStatus"] == "Enabled");

            var (sStatus, subscriptions, _) = await GetAsync(client, "v1.0/directory/subscriptions");
            Assert.Equal(200, sStatus);
            Assert.Contains(subscriptions!["value"]!.AsArray(), x => (bool?)x!["isTrial"] == false && x["serviceStatus"]!.AsArray().Count > 0);

            var (_, user, _) = await GetAsync(client, $"v1.0/users/{AliceId}?$select=id,authorizationInfo");
            Assert.Empty(user!["authorizationInfo"]!["certificateUserIds"]!.AsArray());
        }

        // GET /users/{id}/ownedObjects/microsoft.graph.group (v1.0 user-list-ownedobjects with an OData cast): the groups the
        // user owns, typed, with the $select it was asked for; a user who owns none gets an empty collection.
        [Fact]
        public async Task Owned_groups_of_a_user_have_graph_shape()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, owned, _) = await GetAsync(client, "v1.0/users/aaaaaaaa-0000-4000-8000-000000000003/ownedObjects/microsoft.graph.group?$select=id,isAssignableToRole");
            Assert.Equal(200, status);
            Assert.EndsWith("#groups(id,isAssignableToRole)", (string?)owned!["@odata.context"]);
            JsonObject group = Assert.IsType<JsonObject>(Assert.Single(owned["value"]!.AsArray()));
            Assert.Equal("#microsoft.graph.group", (string?)group["@odata.type"]);
            Assert.Equal(GroupId, (string?)group["id"]);
            Assert.True((bool?)group["isAssignableToRole"]);
            Assert.Null(group["displayName"]);

            // The Graph SDK writes the cast as "graph.group" (Graph takes both spellings).
            var (sdkStatus, sdk, _) = await GetAsync(client, "v1.0/users/aaaaaaaa-0000-4000-8000-000000000003/ownedObjects/graph.group?$select=id");
            Assert.Equal(200, sdkStatus);
            Assert.Equal(GroupId, (string?)Assert.Single(sdk!["value"]!.AsArray())!["id"]);

            var (noneStatus, none, _) = await GetAsync(client, $"v1.0/users/{AliceId}/ownedObjects/microsoft.graph.group?$select=id,isAssignableToRole");
            Assert.Equal(200, noneStatus);
            Assert.Empty(none!["value"]!.AsArray());

            var (missing, _, _) = await GetAsync(client, "v1.0/users/aaaaaaaa-0000-4000-8000-0000000000ff/ownedObjects/microsoft.graph.group");
            Assert.Equal(404, missing);
        }

        [Fact]
        public async Task Users_without_select_return_the_default_property_set()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, user, _) = await GetAsync(client, $"v1.0/users/{AliceId}");
            Assert.Equal(200, status);
            Assert.EndsWith("#users/$entity", (string?)user!["@odata.context"]);
            string[] keys = user.Select(kv => kv.Key).Where(k => k != "@odata.context").OrderBy(k => k, System.StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "businessPhones", "displayName", "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName" }, keys);
            Assert.False(user.ContainsKey("accountEnabled"));
            Assert.False(user.ContainsKey("otherMails"));
            Assert.Null(user["jobTitle"]);

            var (_, selected, _) = await GetAsync(client, "v1.0/users/alice@contoso.com?$select=id,accountEnabled,otherMails,onPremisesSyncEnabled");
            Assert.Equal(AliceId, (string?)selected!["id"]);
            Assert.True((bool?)selected["accountEnabled"]);
            Assert.Equal("alice.private@example.com", (string?)selected["otherMails"]![0]);
            Assert.True(selected.ContainsKey("onPremisesSyncEnabled"));
            Assert.False(selected.ContainsKey("displayName"));
            Assert.Contains("users(id,accountEnabled,otherMails,onPremisesSyncEnabled)", (string?)selected["@odata.context"]);

            var (_, carol, _) = await GetAsync(client, $"v1.0/users/{CarolId}?$select=accountEnabled,userType");
            Assert.False((bool?)carol!["accountEnabled"]);
            Assert.Equal("Guest", (string?)carol["userType"]);

            // Bob's fixture entry has no accountEnabled: the model's default (true) is served.
            var (_, bob, _) = await GetAsync(client, $"v1.0/users/{BobId}?$select=accountEnabled,otherMails");
            Assert.True((bool?)bob!["accountEnabled"]);
            Assert.Empty(bob["otherMails"]!.AsArray());

            var (badStatus, bad, _) = await GetAsync(client, "v1.0/users?$select=id,nonsense");
            Assert.Equal(400, badStatus);
            AssertError(bad, "BadRequest");
        }

        [Fact]
        public async Task Unknown_user_is_404_with_graph_error_shape_and_unknown_route_is_400()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, body, response) = await GetAsync(client, "v1.0/users/nobody@contoso.com");
            Assert.Equal(404, status);
            AssertError(body, "Request_ResourceNotFound");
            Assert.Equal("Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
                (string?)body!["error"]!["message"]);
            Assert.True(response.Headers.Contains("request-id"));

            var (routeStatus, routeBody, _) = await GetAsync(client, "v1.0/frobnicators");
            Assert.Equal(400, routeStatus);
            AssertError(routeBody, "BadRequest");
            Assert.Equal("Resource not found for the segment 'frobnicators'.", (string?)routeBody!["error"]!["message"]);

            var (nestedStatus, nestedBody, _) = await GetAsync(client, $"v1.0/users/{AliceId}/frobs");
            Assert.Equal(400, nestedStatus);
            Assert.Equal("Resource not found for the segment 'frobs'.", (string?)nestedBody!["error"]!["message"]);
        }

        [Fact]
        public async Task User_filters_eq_in_and_startswith()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (_, byUpn, _) = await GetAsync(client, "v1.0/users?$filter=userPrincipalName eq 'BOB@contoso.com'&$select=id");
            Assert.Equal(BobId, (string?)Assert.Single(byUpn!["value"]!.AsArray())!["id"]);

            var (_, byIds, _) = await GetAsync(client, $"v1.0/users?$filter=id in ('{AliceId}','{CarolId}')&$select=id");
            Assert.Equal(new[] { AliceId, CarolId }, byIds!["value"]!.AsArray().Select(u => (string?)u!["id"]).ToArray());

            var (_, starts, _) = await GetAsync(client, "v1.0/users?$filter=startswith(userPrincipalName,'ca')&$select=userPrincipalName");
            Assert.Equal("carol@contoso.com", (string?)Assert.Single(starts!["value"]!.AsArray())!["userPrincipalName"]);

            string sixteen = string.Join(",", Enumerable.Range(0, 16).Select(i => $"'{i}'"));
            var (tooMany, tooManyBody, _) = await GetAsync(client, $"v1.0/users?$filter=id in ({sixteen})");
            Assert.Equal(400, tooMany);
            AssertError(tooManyBody, "Request_UnsupportedQuery");
        }

        [Fact]
        public async Task Role_assignments_filter_and_expand_principal()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, body, _) = await GetAsync(client, $"v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '{GlobalAdmin}'&$expand=principal");
            Assert.Equal(200, status);
            Assert.Contains("roleAssignments(principal())", (string?)body!["@odata.context"]);
            JsonNode ga = Assert.Single(body["value"]!.AsArray())!;
            Assert.Equal(AliceId, (string?)ga["principalId"]);
            Assert.Equal("/", (string?)ga["directoryScopeId"]);
            Assert.Equal("#microsoft.graph.user", (string?)ga["principal"]!["@odata.type"]);
            Assert.True((bool?)ga["principal"]!["accountEnabled"]);

            var (_, both, _) = await GetAsync(client, $"v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId in ('{GlobalAdmin}','{Helpdesk}')&$expand=principal");
            var values = both!["value"]!.AsArray();
            Assert.Equal(2, values.Count);
            JsonNode group = values.Single(v => (string?)v!["principalId"] == GroupId)!;
            Assert.Equal("#microsoft.graph.group", (string?)group["principal"]!["@odata.type"]);
            Assert.True((bool?)group["principal"]!["isAssignableToRole"]);

            var (_, byPrincipal, _) = await GetAsync(client, $"v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '{GroupId}'");
            Assert.Equal("ra-2", (string?)Assert.Single(byPrincipal!["value"]!.AsArray())!["id"]);

            var (_, all, _) = await GetAsync(client, "v1.0/roleManagement/directory/roleAssignments");
            Assert.Equal(2, all!["value"]!.AsArray().Count);

            var (_, defs, _) = await GetAsync(client, "v1.0/roleManagement/directory/roleDefinitions");
            Assert.Equal(2, defs!["value"]!.AsArray().Count);

            var (_, eligible, _) = await GetAsync(client, "v1.0/roleManagement/directory/roleEligibilitySchedules?$expand=principal");
            JsonNode schedule = Assert.Single(eligible!["value"]!.AsArray())!;
            Assert.Equal(BobId, (string?)schedule["principalId"]);
            Assert.Equal("Provisioned", (string?)schedule["status"]);
            Assert.Equal("bob@contoso.com", (string?)schedule["principal"]!["userPrincipalName"]);

            var (_, instances, _) = await GetAsync(client, $"v1.0/roleManagement/directory/roleEligibilityScheduleInstances?$filter=roleDefinitionId eq '{GlobalAdmin}'");
            Assert.Single(instances!["value"]!.AsArray());
        }

        [Fact]
        public async Task Group_and_administrative_unit_members()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (_, members, _) = await GetAsync(client, $"v1.0/groups/{GroupId}/members?$select=id,userPrincipalName,accountEnabled");
            JsonNode bob = Assert.Single(members!["value"]!.AsArray())!;
            Assert.Equal("#microsoft.graph.user", (string?)bob["@odata.type"]);
            Assert.Equal("bob@contoso.com", (string?)bob["userPrincipalName"]);
            Assert.True((bool?)bob["accountEnabled"]);

            var (_, transitive, _) = await GetAsync(client, $"v1.0/groups/{GroupId}/transitiveMembers");
            Assert.Single(transitive!["value"]!.AsArray());

            var (_, roleGroups, _) = await GetAsync(client, "v1.0/groups?$filter=isAssignableToRole eq true");
            Assert.Equal(GroupId, (string?)Assert.Single(roleGroups!["value"]!.AsArray())!["id"]);

            var (_, aus, _) = await GetAsync(client, "v1.0/directory/administrativeUnits");
            JsonNode au = Assert.Single(aus!["value"]!.AsArray())!;
            Assert.True((bool?)au["isMemberManagementRestricted"]);

            var (_, auMembers, _) = await GetAsync(client, $"v1.0/directory/administrativeUnits/{AuId}/members");
            Assert.Equal(CarolId, (string?)Assert.Single(auMembers!["value"]!.AsArray())!["id"]);

            var (missing, missingBody, _) = await GetAsync(client, "v1.0/groups/00000000-0000-0000-0000-000000000000/members");
            Assert.Equal(404, missing);
            AssertError(missingBody, "Request_ResourceNotFound");
        }

        [Fact]
        public async Task Authentication_methods_phone_masking_and_unreadable_user()
        {
            var options = new FakeGraphOptions();
            await using FakeGraphServer server = await StartAsync(options);
            using HttpClient client = Client(server);

            var (_, methods, _) = await GetAsync(client, $"v1.0/users/{AliceId}/authentication/methods");
            var types = methods!["value"]!.AsArray().Select(m => (string?)m!["@odata.type"]).ToArray();
            Assert.Equal(new[] { "#microsoft.graph.passwordAuthenticationMethod", "#microsoft.graph.phoneAuthenticationMethod", "#microsoft.graph.emailAuthenticationMethod" }, types);

            var (_, phones, _) = await GetAsync(client, $"v1.0/users/{AliceId}/authentication/phoneMethods");
            JsonNode phone = Assert.Single(phones!["value"]!.AsArray())!;
            Assert.Equal("+1 5555550123", (string?)phone["phoneNumber"]);
            Assert.Equal("mobile", (string?)phone["phoneType"]);

            options.MaskPhoneNumbers = true;
            var (_, masked, _) = await GetAsync(client, $"v1.0/users/{AliceId}/authentication/phoneMethods");
            Assert.Equal("+1 XXXXXXXX23", (string?)masked!["value"]![0]!["phoneNumber"]);

            var (_, emails, _) = await GetAsync(client, $"v1.0/users/alice@contoso.com/authentication/emailMethods");
            Assert.Equal("alice.private@example.com", (string?)Assert.Single(emails!["value"]!.AsArray())!["emailAddress"]);

            var (status, error, _) = await GetAsync(client, $"v1.0/users/{CarolId}/authentication/methods");
            Assert.Equal(403, status);
            AssertError(error, "accessDenied");
        }

        [Fact]
        public async Task Registration_report_rows_and_filters()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (status, body, _) = await GetAsync(client, "v1.0/reports/authenticationMethods/userRegistrationDetails");
            Assert.Equal(200, status);
            var rows = body!["value"]!.AsArray();
            Assert.Equal(2, rows.Count); // Carol has no registrationDetails in the fixture: no row.
            JsonNode alice = rows.Single(r => (string?)r!["id"] == AliceId)!;
            Assert.Equal("alice@contoso.com", (string?)alice["userPrincipalName"]);
            Assert.Equal("Alice Admin", (string?)alice["userDisplayName"]);
            Assert.True((bool?)alice["isSsprCapable"]);
            Assert.Equal(new[] { "mobilePhone", "email" }, alice["methodsRegistered"]!.AsArray().Select(m => (string?)m).ToArray());

            var (_, filtered, _) = await GetAsync(client, "v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=userPrincipalName eq 'bob@contoso.com'");
            Assert.False((bool?)Assert.Single(filtered!["value"]!.AsArray())!["isSsprRegistered"]);

            var (_, anyMethod, _) = await GetAsync(client, "v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=methodsRegistered/any(m: m eq 'email')");
            Assert.Equal(AliceId, (string?)Assert.Single(anyMethod!["value"]!.AsArray())!["id"]);
        }

        [Fact]
        public async Task Audit_logs_filter_and_default_order()
        {
            await using FakeGraphServer server = await StartAsync();
            using HttpClient client = Client(server);

            var (_, all, _) = await GetAsync(client, "v1.0/auditLogs/directoryAudits");
            Assert.Equal(new[] { "audit-2", "audit-1", "audit-3" }, all!["value"]!.AsArray().Select(a => (string?)a!["id"]).ToArray());

            var (_, sspr, _) = await GetAsync(client,
                "v1.0/auditLogs/directoryAudits?$filter=loggedByService eq 'Self-service Password Management' and activityDateTime ge 2025-05-31T10:00:30Z");
            JsonNode e = Assert.Single(sspr!["value"]!.AsArray())!;
            Assert.Equal("failure", (string?)e["result"]);
            Assert.Equal("alice@contoso.com", (string?)e["initiatedBy"]!["user"]!["userPrincipalName"]);

            var (_, target, _) = await GetAsync(client,
                "v1.0/auditLogs/directoryAudits?$filter=targetResources/any(t: t/userPrincipalName eq 'bob@contoso.com')");
            Assert.Equal("audit-3", (string?)Assert.Single(target!["value"]!.AsArray())!["id"]);

            var (_, initiator, _) = await GetAsync(client,
                "v1.0/auditLogs/directoryAudits?$filter=initiatedBy/user/userPrincipalName eq 'alice@contoso.com'&$orderby=activityDateTime asc&$top=1");
            Assert.Equal("audit-1", (string?)Assert.Single(initiator!["value"]!.AsArray())!["id"]);
            Assert.NotNull(initiator["@odata.nextLink"]);
        }
    }
}
