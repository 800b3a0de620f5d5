using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SsprTools.FakeGraph
{
    internal sealed partial class GraphEngine
    {
        /// <summary>Which permission each endpoint needs (least privileged first), checked when GrantedScopes is set.</summary>
        private static class Scopes
        {
            public static readonly string[] Organization = { "Organization.Read.All", "User.Read", "Directory.Read.All", "Organization.ReadWrite.All", "Directory.ReadWrite.All" };
            public static readonly string[] PolicyRead = { "Policy.Read.All", "Policy.ReadWrite.Authorization" };
            public static readonly string[] PolicyWrite = { "Policy.ReadWrite.Authorization" };
            public static readonly string[] MethodsPolicyRead = { "Policy.Read.All", "Policy.ReadWrite.AuthenticationMethod" };
            public static readonly string[] SubscriptionsRead = { "LicenseAssignment.Read.All", "Organization.Read.All", "Directory.Read.All", "Organization.ReadWrite.All", "Directory.ReadWrite.All" };
            public static readonly string[] RoleRead = { "RoleManagement.Read.Directory", "RoleManagement.Read.All", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All" };
            public static readonly string[] PimRead = { "RoleEligibilitySchedule.Read.Directory", "RoleManagement.Read.Directory", "RoleManagement.Read.All", "RoleEligibilitySchedule.ReadWrite.Directory", "RoleManagement.ReadWrite.Directory" };
            public static readonly string[] GroupRead = { "GroupMember.Read.All", "Group.Read.All", "Directory.Read.All", "GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All" };
            public static readonly string[] AdministrativeUnitRead = { "AdministrativeUnit.Read.All", "Directory.Read.All", "AdministrativeUnit.ReadWrite.All", "Directory.ReadWrite.All" };
            public static readonly string[] UserRead = { "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All" };
            public static readonly string[] UserWrite = { "User.ReadWrite.All", "Directory.ReadWrite.All" };
            public static readonly string[] PasswordWrite = { "User-PasswordProfile.ReadWrite.All", "Directory.AccessAsUser.All" };
            public static readonly string[] MethodsRead = { "UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All" };
            public static readonly string[] MethodsWrite = { "UserAuthenticationMethod.ReadWrite.All" };
            public static readonly string[] RegistrationReport = { "AuditLog.Read.All", "UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All" };
            public static readonly string[] AuditRead = { "AuditLog.Read.All" };
        }

        private sealed class Req
        {
            public Req(string method, string[] segments, ODataQuery query, string? body, FakeGraphOptions options)
            {
                Method = method.ToUpperInvariant();
                Segments = segments;
                Query = query;
                Body = body;
                Options = options;
            }

            public string Method { get; }
            public string[] Segments { get; }
            public ODataQuery Query { get; }
            public string? Body { get; }
            public FakeGraphOptions Options { get; }

            public string Seg(int i) => i < Segments.Length ? Segments[i] : "";

            public bool Is(int i, string name) => string.Equals(Seg(i), name, StringComparison.OrdinalIgnoreCase);

            public string EncodedPath => string.Join('/', Segments.Select(Uri.EscapeDataString));
        }

        private GraphResponse Dispatch(string method, string[] segments, string? query, string? body, string clientRequestId, FakeGraphOptions options, bool inBatch)
        {
            if (segments.Length == 0)
            {
                throw GraphException.BadRequest("Invalid request: no resource segment.");
            }

            var r = new Req(method, segments, ODataQuery.Parse(query), body, options);
            switch (segments[0].ToLowerInvariant())
            {
                case "$batch":
                    throw GraphException.BadRequest(inBatch ? "Nested $batch requests are not supported." : "Invalid $batch request.");
                case "organization":
                    return Organization(r);
                case "policies":
                    return Policies(r);
                case "rolemanagement":
                    return RoleManagement(r);
                case "groups":
                    return Groups(r);
                case "directory":
                    return Directory(r);
                case "users":
                    return Users(r);
                case "reports":
                    return Reports(r);
                case "auditlogs":
                    return AuditLogs(r);
                default:
                    throw GraphException.SegmentNotFound(segments[0]);
            }
        }

        private static void Require(FakeGraphOptions options, string[] accepted)
        {
            ISet<string>? granted = options.GrantedScopes;
            if (granted is null)
            {
                return;
            }

            static string Normalize(string scope)
            {
                int slash = scope.LastIndexOf('/');
                return (slash >= 0 ? scope.Substring(slash + 1) : scope).Trim();
            }

            var normalized = new HashSet<string>(granted.Select(Normalize), StringComparer.OrdinalIgnoreCase);
            if (accepted.Any(normalized.Contains))
            {
                return;
            }

            throw new GraphException(403, "Authorization_RequestDenied",
                $"Insufficient privileges to complete the operation. Missing permission: {accepted[0]} " +
                $"(this request needs one of: {string.Join(", ", accepted)}).");
        }

        private static void RequireGet(Req r)
        {
            if (r.Method != "GET")
            {
                throw GraphException.MethodNotAllowed();
            }
        }

        private static void NoMoreSegments(Req r, int count)
        {
            if (r.Segments.Length > count)
            {
                throw GraphException.SegmentNotFound(r.Segments[count]);
            }
        }

        // ------------------------------------------------------------------ organization, policies

        private GraphResponse Organization(Req r)
        {
            NoMoreSegments(r, 2);
            RequireGet(r);
            Require(r.Options, Scopes.Organization);
            JsonObject org = _store.BuildOrganization();
            if (r.Segments.Length == 2)
            {
                if (!string.Equals(r.Seg(1), TenantStore.Str(org, "id"), StringComparison.OrdinalIgnoreCase))
                {
                    throw GraphException.ResourceNotFound(r.Seg(1));
                }

                return Entity(r, "organization", EntityTypes.OrganizationProperties, "microsoft.graph.organization", org);
            }

            return Collection(r, "organization", "microsoft.graph.organization", EntityTypes.OrganizationProperties, new[] { org }, new CollectionOptions());
        }

        private GraphResponse Policies(Req r)
        {
            if (r.Is(1, "authenticationMethodsPolicy"))
            {
                return AuthenticationMethodsPolicy(r);
            }

            if (!r.Is(1, "authorizationPolicy"))
            {
                throw GraphException.SegmentNotFound(r.Seg(1).Length == 0 ? "policies" : r.Seg(1));
            }

            NoMoreSegments(r, 2);
            if (r.Method == "PATCH")
            {
                Require(r.Options, Scopes.PolicyWrite);
                JsonObject body = ParseBody(r.Body);
                if (body["allowedToUseSSPR"] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    _store.AllowedToUseSspr = v.GetValueKind() == JsonValueKind.True;
                }

                return new GraphResponse(204);
            }

            RequireGet(r);
            Require(r.Options, Scopes.PolicyRead);
            var policy = new JsonObject { ["@odata.context"] = Metadata("policies/authorizationPolicy/$entity") };
            foreach (var (k, v) in _store.BuildAuthorizationPolicy())
            {
                policy[k] = v?.DeepClone();
            }

            return Ok(ApplySelectToEntity(r, policy, null));
        }

        /// <summary>GET /policies/authenticationMethodsPolicy (v1.0): the policy with its authenticationMethodConfigurations inline.</summary>
        private GraphResponse AuthenticationMethodsPolicy(Req r)
        {
            NoMoreSegments(r, 2);
            RequireGet(r);
            Require(r.Options, Scopes.MethodsPolicyRead);
            var policy = new JsonObject { ["@odata.context"] = Metadata("policies/authenticationMethodsPolicy/$entity") };
            foreach (var (k, v) in _store.BuildAuthenticationMethodsPolicy())
            {
                policy[k] = v?.DeepClone();
            }

            return Ok(ApplySelectToEntity(r, policy, null));
        }

        /// <summary>GET /directory/subscriptions (v1.0 companySubscription): the tenant's subscriptions, trial or paid, with their service plans.</summary>
        private GraphResponse Subscriptions(Req r)
        {
            RequireGet(r);
            Require(r.Options, Scopes.SubscriptionsRead);
            NoMoreSegments(r, 2);
            var subscriptions = _store.BuildSubscriptions();
            var properties = subscriptions.SelectMany(x => x.Select(kv => kv.Key)).Distinct(StringComparer.Ordinal).ToArray();
            return Collection(r, "directory/subscriptions", "microsoft.graph.companySubscription", properties, subscriptions, new CollectionOptions());
        }

        // ------------------------------------------------------------------ role management

        private GraphResponse RoleManagement(Req r)
        {
            if (!r.Is(1, "directory"))
            {
                throw GraphException.SegmentNotFound(r.Seg(1).Length == 0 ? "roleManagement" : r.Seg(1));
            }

            string collection = r.Seg(2);
            NoMoreSegments(r, 4);
            RequireGet(r);
            string? key = r.Segments.Length > 3 ? r.Seg(3) : null;
            switch (collection.ToLowerInvariant())
            {
                case "roledefinitions":
                    Require(r.Options, Scopes.RoleRead);
                    return ListOrGet(r, key, "roleManagement/directory/roleDefinitions", "microsoft.graph.unifiedRoleDefinition",
                        EntityTypes.RoleDefinitionProperties, _store.RoleDefinitions, new CollectionOptions());
                case "roleassignments":
                    Require(r.Options, Scopes.RoleRead);
                    return ListOrGet(r, key, "roleManagement/directory/roleAssignments", "microsoft.graph.unifiedRoleAssignment",
                        EntityTypes.RoleAssignmentProperties, _store.RoleAssignments, RoleExpandOptions());
                case "roleeligibilityschedules":
                    Require(r.Options, Scopes.PimRead);
                    RequirePim(r);
                    return ListOrGet(r, key, "roleManagement/directory/roleEligibilitySchedules", "microsoft.graph.unifiedRoleEligibilitySchedule",
                        EntityTypes.EligibilityScheduleProperties, _store.EligibilitySchedules, RoleExpandOptions());
                case "roleeligibilityscheduleinstances":
                    Require(r.Options, Scopes.PimRead);
                    RequirePim(r);
                    return ListOrGet(r, key, "roleManagement/directory/roleEligibilityScheduleInstances", "microsoft.graph.unifiedRoleEligibilityScheduleInstance",
                        EntityTypes.EligibilityInstanceProperties, _store.EligibilityInstances, RoleExpandOptions());
                default:
                    throw GraphException.SegmentNotFound(collection.Length == 0 ? "directory" : collection);
            }
        }

        private static void RequirePim(Req r)
        {
            if (!r.Options.PimLicensed)
            {
                throw new GraphException(400, "AadPremiumLicenseRequired", "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.");
            }
        }

        private CollectionOptions RoleExpandOptions() => new CollectionOptions
        {
            Expandable = new[] { "principal", "roleDefinition" },
            Expander = (item, nav) => nav == "principal"
                ? DirectoryObject(TenantStore.Str(item, "principalId") ?? "", servicePrincipalFallback: true)
                : RoleDefinitionFor(TenantStore.Str(item, "roleDefinitionId") ?? ""),
        };

        private JsonNode RoleDefinitionFor(string id)
        {
            JsonObject? def = _store.RoleDefinitions.FirstOrDefault(d => string.Equals(TenantStore.Str(d, "id"), id, StringComparison.OrdinalIgnoreCase));
            if (def is not null)
            {
                return def.DeepClone();
            }

            return new JsonObject { ["id"] = id, ["description"] = null, ["displayName"] = null, ["isBuiltIn"] = true, ["isEnabled"] = true, ["templateId"] = id };
        }

        private GraphResponse ListOrGet(Req r, string? key, string context, string typeName, string[] props, List<JsonObject> items, CollectionOptions options)
        {
            if (key is null)
            {
                return Collection(r, context, typeName, props, items, options);
            }

            JsonObject? item = items.FirstOrDefault(i => string.Equals(TenantStore.Str(i, "id"), key, StringComparison.OrdinalIgnoreCase));
            if (item is null)
            {
                throw GraphException.ResourceNotFound(key);
            }

            return Entity(r, context, props, typeName, item, options);
        }

        // ------------------------------------------------------------------ directory objects

        /// <summary>A user or group as a directoryObject (with @odata.type); null when the id is unknown (unless servicePrincipalFallback).</summary>
        private JsonObject? DirectoryObject(string id, bool servicePrincipalFallback)
        {
            JsonObject? user = _store.FindUser(id);
            if (user is not null && string.Equals(TenantStore.Str(user, "id"), id, StringComparison.OrdinalIgnoreCase))
            {
                return _store.TypedUserView(user);
            }

            JsonObject? group = _store.FindGroup(id);
            if (group is not null)
            {
                var o = new JsonObject { ["@odata.type"] = "#microsoft.graph.group" };
                foreach (var (k, v) in TenantStore.BuildGroup(group))
                {
                    o[k] = v?.DeepClone();
                }

                return o;
            }

            if (!servicePrincipalFallback)
            {
                return null;
            }

            return new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.servicePrincipal",
                ["id"] = id,
                ["accountEnabled"] = true,
                ["appId"] = null,
                ["displayName"] = null,
                ["servicePrincipalType"] = "Application",
            };
        }

        private static readonly string[] DirectoryObjectProperties =
            EntityTypes.UserProperties.Concat(EntityTypes.GroupProperties).Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>Projection for directoryObject collections: users get Graph's default user set without $select.</summary>
        private static JsonObject ProjectDirectoryObject(JsonObject full, string[]? select)
        {
            var result = new JsonObject { ["@odata.type"] = full["@odata.type"]?.DeepClone() };
            bool isUser = TenantStore.Str(full, "@odata.type") == "#microsoft.graph.user";
            IEnumerable<string> names = select ?? (isUser ? EntityTypes.UserDefaultSelect : full.Select(kv => kv.Key).Where(k => k != "@odata.type"));
            foreach (string name in names)
            {
                if (full.TryGetPropertyValue(name, out JsonNode? v))
                {
                    result[name] = v?.DeepClone();
                }
            }

            return result;
        }

        private GraphResponse MembersOf(Req r, IEnumerable<string> memberIds, bool transitive, int castSegmentIndex)
        {
            var ids = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var queue = new Queue<string>(memberIds);
            while (queue.Count > 0)
            {
                string id = queue.Dequeue();
                if (!seen.Add(id))
                {
                    continue;
                }

                ids.Add(id);
                if (transitive && _store.FindGroup(id) is JsonObject nested)
                {
                    foreach (string m in TenantStore.Strings(nested["members"]))
                    {
                        queue.Enqueue(m);
                    }
                }
            }

            // Unknown ids (neither a user nor a group of the fixture) are left out, like objects Graph cannot resolve.
            IEnumerable<JsonObject> items = ids.Select(id => DirectoryObject(id, servicePrincipalFallback: false)).OfType<JsonObject>();
            string context = "directoryObjects";
            if (r.Segments.Length > castSegmentIndex)
            {
                string cast = r.Seg(castSegmentIndex);
                NoMoreSegments(r, castSegmentIndex + 1);
                string? type = cast.ToLowerInvariant() switch
                {
                    "microsoft.graph.user" or "graph.user" => "#microsoft.graph.user",
                    "microsoft.graph.group" or "graph.group" => "#microsoft.graph.group",
                    _ => null,
                };
                if (type is null)
                {
                    throw GraphException.SegmentNotFound(cast);
                }

                items = items.Where(i => TenantStore.Str(i, "@odata.type") == type);
                context = type == "#microsoft.graph.user" ? "users" : "groups";
            }

            return Collection(r, context, "microsoft.graph.directoryObject", DirectoryObjectProperties, items, new CollectionOptions
            {
                DirectoryPaging = true,
                Projector = ProjectDirectoryObject,
            });
        }

        /// <summary>Groups (and administrative units) that contain the object; transitive follows nested groups upwards.
        /// Directory roles are not listed (use roleAssignments).</summary>
        private GraphResponse MemberOf(Req r, string objectId, bool transitive)
        {
            var result = new List<JsonObject>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var queue = new Queue<string>();
            queue.Enqueue(objectId);
            while (queue.Count > 0)
            {
                string id = queue.Dequeue();
                foreach (JsonObject g in _store.Groups)
                {
                    string gid = TenantStore.Str(g, "id") ?? "";
                    if (TenantStore.Strings(g["members"]).Contains(id, StringComparer.OrdinalIgnoreCase) && seen.Add(gid))
                    {
                        JsonObject? typed = DirectoryObject(gid, servicePrincipalFallback: false);
                        if (typed is not null)
                        {
                            result.Add(typed);
                        }

                        if (transitive)
                        {
                            queue.Enqueue(gid);
                        }
                    }
                }
            }

            foreach (JsonObject a in _store.AdministrativeUnits)
            {
                if (TenantStore.Strings(a["members"]).Contains(objectId, StringComparer.OrdinalIgnoreCase))
                {
                    var au = new JsonObject { ["@odata.type"] = "#microsoft.graph.administrativeUnit" };
                    foreach (var (k, v) in TenantStore.BuildAdministrativeUnit(a))
                    {
                        au[k] = v?.DeepClone();
                    }

                    result.Add(au);
                }
            }

            NoMoreSegments(r, 3);
            return Collection(r, "directoryObjects", "microsoft.graph.directoryObject",
                DirectoryObjectProperties.Concat(EntityTypes.AdministrativeUnitProperties).Distinct(StringComparer.Ordinal).ToArray(),
                result, new CollectionOptions { DirectoryPaging = true, Projector = ProjectDirectoryObject });
        }

        private GraphResponse Groups(Req r)
        {
            RequireGet(r);
            Require(r.Options, Scopes.GroupRead);
            var options = new CollectionOptions { DirectoryPaging = true };
            if (r.Segments.Length == 1)
            {
                return Collection(r, "groups", "microsoft.graph.group", EntityTypes.GroupProperties, _store.Groups.Select(TenantStore.BuildGroup), options);
            }

            JsonObject group = _store.FindGroup(r.Seg(1)) ?? throw GraphException.ResourceNotFound(r.Seg(1));
            if (r.Segments.Length == 2)
            {
                return Entity(r, "groups", EntityTypes.GroupProperties, "microsoft.graph.group", TenantStore.BuildGroup(group), options);
            }

            if (r.Is(2, "members") || r.Is(2, "transitiveMembers"))
            {
                return MembersOf(r, TenantStore.Strings(group["members"]), r.Is(2, "transitiveMembers"), 3);
            }

            if (r.Is(2, "owners"))
            {
                // GET /groups/{id}/owners: directoryObjects, like members (a fixture without "owners" has none).
                return MembersOf(r, TenantStore.Strings(group["owners"]), transitive: false, 3);
            }

            throw GraphException.SegmentNotFound(r.Seg(2));
        }

        private GraphResponse Directory(Req r)
        {
            if (r.Is(1, "subscriptions"))
            {
                return Subscriptions(r);
            }

            if (!r.Is(1, "administrativeUnits"))
            {
                throw GraphException.SegmentNotFound(r.Seg(1).Length == 0 ? "directory" : r.Seg(1));
            }

            RequireGet(r);
            Require(r.Options, Scopes.AdministrativeUnitRead);
            var options = new CollectionOptions { DirectoryPaging = true };
            if (r.Segments.Length == 2)
            {
                return Collection(r, "directory/administrativeUnits", "microsoft.graph.administrativeUnit", EntityTypes.AdministrativeUnitProperties,
                    _store.AdministrativeUnits.Select(TenantStore.BuildAdministrativeUnit), options);
            }

            JsonObject au = _store.FindAdministrativeUnit(r.Seg(2)) ?? throw GraphException.ResourceNotFound(r.Seg(2));
            if (r.Segments.Length == 3)
            {
                return Entity(r, "directory/administrativeUnits", EntityTypes.AdministrativeUnitProperties, "microsoft.graph.administrativeUnit",
                    TenantStore.BuildAdministrativeUnit(au), options);
            }

            if (r.Is(3, "members"))
            {
                return MembersOf(r, TenantStore.Strings(au["members"]), transitive: false, 4);
            }

            throw GraphException.SegmentNotFound(r.Seg(3));
        }

        // ------------------------------------------------------------------ users

        private static readonly System.Text.RegularExpressions.Regex KeyFilter = new System.Text.RegularExpressions.Regex(
            @"^\s*(id|userPrincipalName)\s+(?:in\s*\((?<k>(?:\s*'(?:[^']|'')*'\s*,?)+)\)|eq\s*(?<k>'(?:[^']|'')*'))\s*$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>Graph looks users up by key: a filter that is only "id/userPrincipalName in (…)" or "… eq '…'" narrows the
        /// candidates through the index before the filter itself runs (same answer, without projecting every user).</summary>
        private IEnumerable<JsonObject> KeyedUsers(string? filter)
        {
            var m = filter is null ? null : KeyFilter.Match(filter);
            if (m is null || !m.Success)
            {
                return _store.Users;
            }

            var keys = System.Text.RegularExpressions.Regex.Matches(m.Groups["k"].Value, "'((?:[^']|'')*)'").Select(x => x.Groups[1].Value.Replace("''", "'"));
            var seen = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
            var found = keys.Select(_store.FindUser).Where(u => u is not null && seen.Add(u)).Select(u => u!).ToHashSet(ReferenceEqualityComparer.Instance);
            return _store.Users.Where(found.Contains);
        }

        private GraphResponse Users(Req r)
        {
            var userOptions = new CollectionOptions { DirectoryPaging = true, DefaultSelect = EntityTypes.UserDefaultSelect };
            if (r.Segments.Length == 1)
            {
                RequireGet(r);
                Require(r.Options, Scopes.UserRead);
                return Collection(r, "users", "microsoft.graph.user", EntityTypes.UserProperties, KeyedUsers(r.Query.Filter).Select(_store.UserView), userOptions);
            }

            string key = r.Seg(1);
            if (r.Segments.Length == 2)
            {
                switch (r.Method)
                {
                    case "GET":
                        {
                            Require(r.Options, Scopes.UserRead);
                            JsonObject user = _store.FindUser(key) ?? throw GraphException.ResourceNotFound(key);
                            return Entity(r, "users", EntityTypes.UserProperties, "microsoft.graph.user", _store.UserView(user), userOptions);
                        }

                    case "PATCH":
                        return PatchUser(r, key);
                    default:
                        throw GraphException.MethodNotAllowed();
                }
            }

            if (r.Is(2, "memberOf") || r.Is(2, "transitiveMemberOf"))
            {
                RequireGet(r);
                Require(r.Options, Scopes.UserRead);
                Require(r.Options, Scopes.GroupRead);
                JsonObject member = _store.FindUser(key) ?? throw GraphException.ResourceNotFound(key);
                return MemberOf(r, TenantStore.Str(member, "id") ?? key, r.Is(2, "transitiveMemberOf"));
            }

            if (r.Is(2, "ownedObjects"))
            {
                // GET /users/{id}/ownedObjects[/microsoft.graph.group]: directoryObjects the user owns (here: groups whose
                // "owners" list the user), with Graph's OData cast to one type.
                RequireGet(r);
                Require(r.Options, Scopes.UserRead);
                JsonObject owner = _store.FindUser(key) ?? throw GraphException.ResourceNotFound(key);
                string ownerId = TenantStore.Str(owner, "id") ?? key;
                var owned = _store.Groups.Where(g => TenantStore.Strings(g["owners"]).Contains(ownerId, StringComparer.OrdinalIgnoreCase))
                    .Select(g => TenantStore.Str(g, "id") ?? "").Where(id => id.Length > 0).ToList();
                return MembersOf(r, owned, transitive: false, 3);
            }

            if (!r.Is(2, "authentication"))
            {
                throw GraphException.SegmentNotFound(r.Seg(2));
            }

            return Authentication(r, key);
        }

        private GraphResponse PatchUser(Req r, string key)
        {
            JsonObject body = ParseBody(r.Body);
            bool hasPassword = body.ContainsKey("passwordProfile");
            // Instance annotations ("@odata.type", which the Graph SDKs send) are not properties.
            var others = body.Where(kv => kv.Key != "passwordProfile" && !kv.Key.StartsWith('@') && !kv.Key.Contains("@odata.", StringComparison.Ordinal)).ToList();
            if (hasPassword)
            {
                Require(r.Options, Scopes.PasswordWrite);
            }

            if (others.Count > 0)
            {
                Require(r.Options, Scopes.UserWrite);
            }

            JsonObject user = _store.FindUser(key) ?? throw GraphException.ResourceNotFound(key);
            var canonical = new List<(string Name, JsonNode? Value)>();
            foreach (var (name, value) in others)
            {
                string? known = EntityTypes.UserProperties.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
                if (known is null || known == "id")
                {
                    throw new GraphException(400, "Request_BadRequest", $"Property '{name}' does not exist as a declared property or extension property.");
                }

                canonical.Add((known, value));
            }

            PasswordSetRecord? record = null;
            if (hasPassword)
            {
                if (body["passwordProfile"] is not JsonObject profile || TenantStore.Str(profile, "password") is not string password || password.Length == 0)
                {
                    throw new GraphException(400, "Request_BadRequest", "Invalid value specified for property 'passwordProfile' of resource 'User'.");
                }

                if (!PasswordRules.IsValid(password))
                {
                    throw new GraphException(400, "Request_BadRequest", PasswordRules.ComplexityMessage);
                }

                record = new PasswordSetRecord(
                    TenantStore.Str(user, "id") ?? key,
                    TenantStore.Str(user, "userPrincipalName") ?? "",
                    password,
                    TenantStore.Bool(profile, "forceChangePasswordNextSignIn") ?? false,
                    TenantStore.Bool(profile, "forceChangePasswordNextSignInWithMfa") ?? false,
                    DateTimeOffset.UtcNow,
                    "passwordProfile",
                    false);
            }

            foreach (var (name, value) in canonical)
            {
                user[name] = value?.DeepClone();
            }

            if (record is not null)
            {
                _state.RecordPassword(record);
                user["lastPasswordChangeDateTime"] = TenantStore.FormatDate(record.At);
            }

            _store.UserChanged(user);

            return new GraphResponse(204);
        }

        private GraphResponse Authentication(Req r, string key)
        {
            // users/{key}/authentication/{collection}/{id}/{action}
            string collection = r.Seg(3);
            if (r.Segments.Length == 3)
            {
                RequireGet(r);
                Require(r.Options, Scopes.MethodsRead);
                JsonObject u = _store.FindUser(key) ?? throw GraphException.ResourceNotFound(key);
                return Ok(new JsonObject
                {
                    ["@odata.context"] = Metadata($"users('{TenantStore.Str(u, "id")}')/authentication/$entity"),
                    ["id"] = TenantStore.Str(u, "id"),
                });
            }

            if (r.Is(3, "operations"))
            {
                NoMoreSegments(r, 5);
                RequireGet(r);
                Require(r.Options, Scopes.MethodsRead);
                JsonObject u = _store.FindUser(key) ?? throw GraphException.ResourceNotFound(key);
                if (r.Segments.Length == 4)
                {
                    throw GraphException.MethodNotAllowed();
                }

                PasswordResetOperation op = _state.PollOperation(r.Seg(4)) ?? throw GraphException.ResourceNotFound(r.Seg(4));
                return Ok(new JsonObject
                {
                    ["@odata.context"] = Metadata($"users('{TenantStore.Str(u, "id")}')/authentication/operations/$entity"),
                    ["id"] = op.Id,
                    ["createdDateTime"] = TenantStore.FormatDate(op.CreatedAt),
                    ["lastActionDateTime"] = TenantStore.FormatDate(DateTimeOffset.UtcNow),
                    ["resourceLocation"] = null,
                    ["status"] = op.Status,
                    ["statusDetail"] = null,
                });
            }

            string? type = collection.ToLowerInvariant() switch
            {
                "methods" => null,
                "phonemethods" => "#microsoft.graph.phoneAuthenticationMethod",
                "emailmethods" => "#microsoft.graph.emailAuthenticationMethod",
                "passwordmethods" => "#microsoft.graph.passwordAuthenticationMethod",
                _ => throw GraphException.SegmentNotFound(collection),
            };
            string contextCollection = collection.ToLowerInvariant() switch
            {
                "methods" => "methods",
                "phonemethods" => "phoneMethods",
                "emailmethods" => "emailMethods",
                _ => "passwordMethods",
            };

            // POST .../methods/28c10230-.../resetPassword
            if (r.Segments.Length == 6)
            {
                if (!r.Is(5, "resetPassword") || !(type is null || type == "#microsoft.graph.passwordAuthenticationMethod"))
                {
                    throw GraphException.SegmentNotFound(r.Seg(5));
                }

                if (r.Method != "POST")
                {
                    throw GraphException.MethodNotAllowed();
                }

                return ResetPassword(r, key, r.Seg(4));
            }

            NoMoreSegments(r, 5);
            RequireGet(r);
            Require(r.Options, Scopes.MethodsRead);
            JsonObject user = _store.FindUser(key) ?? throw GraphException.ResourceNotFound(key);
            List<JsonObject>? methods = TenantStore.BuildMethods(user, r.Options.MaskPhoneNumbers);
            if (methods is null)
            {
                string? error = TenantStore.Str(user, "authenticationMethodsError");
                int status = 403;
                if (error is not null && error.Length >= 3 && int.TryParse(error.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) &&
                    parsed >= 400 && parsed <= 599)
                {
                    status = parsed;
                }

                throw new GraphException(status, status == 403 ? "accessDenied" : "generalException",
                    status == 403 ? "Request Authorization failed" : (error ?? "The authentication methods of this user could not be read."));
            }

            if (type is not null)
            {
                methods = methods.Where(m => TenantStore.Str(m, "@odata.type") == type).ToList();
                foreach (JsonObject m in methods)
                {
                    m.Remove("@odata.type");
                }
            }

            string userId = TenantStore.Str(user, "id") ?? key;
            string context = $"users('{userId}')/authentication/{contextCollection}";
            if (r.Segments.Length == 5)
            {
                JsonObject method = methods.FirstOrDefault(m => string.Equals(TenantStore.Str(m, "id"), r.Seg(4), StringComparison.OrdinalIgnoreCase))
                    ?? throw new GraphException(404, "itemNotFound", $"The authentication method '{r.Seg(4)}' was not found for this user.");
                return Entity(r, context, null, "microsoft.graph.authenticationMethod", method, new CollectionOptions());
            }

            return Collection(r, context, "microsoft.graph.authenticationMethod", null, methods, new CollectionOptions());
        }

        private GraphResponse ResetPassword(Req r, string key, string methodId)
        {
            Require(r.Options, Scopes.MethodsWrite);
            JsonObject user = _store.FindUser(key) ?? throw GraphException.ResourceNotFound(key);
            if (!string.Equals(methodId, TenantStore.PasswordMethodId, StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphException(404, "itemNotFound", $"The password authentication method '{methodId}' was not found for this user.");
            }

            string? newPassword = null;
            if (!string.IsNullOrWhiteSpace(r.Body))
            {
                JsonObject body = ParseBody(r.Body);
                newPassword = TenantStore.Str(body, "newPassword");
            }

            if (newPassword is not null && !PasswordRules.IsValid(newPassword))
            {
                throw new GraphException(400, "Request_BadRequest", PasswordRules.ComplexityMessage);
            }

            if (newPassword is null && TenantStore.Bool(user, "onPremisesSyncEnabled") == true)
            {
                throw new GraphException(400, "Request_BadRequest",
                    "A newPassword is required to reset the password of a user whose password is managed on-premises (password writeback).");
            }

            bool generated = newPassword is null;
            string password = newPassword ?? PasswordRules.Generate();
            string userId = TenantStore.Str(user, "id") ?? key;
            DateTimeOffset now = DateTimeOffset.UtcNow;
            _state.RecordPassword(new PasswordSetRecord(userId, TenantStore.Str(user, "userPrincipalName") ?? "", password, true, false, now, "resetPassword", generated));
            user["lastPasswordChangeDateTime"] = TenantStore.FormatDate(now);
            _store.UserChanged(user);
            string opId = Guid.NewGuid().ToString();
            _state.AddOperation(new PasswordResetOperation(opId, userId, now, "notStarted", 0));

            JsonObject? responseBody = generated
                ? new JsonObject { ["@odata.context"] = Metadata("microsoft.graph.passwordResetResponse"), ["newPassword"] = password }
                : null;
            return new GraphResponse(202, responseBody)
                .WithHeader("Location", $"{V1}/users/{Uri.EscapeDataString(userId)}/authentication/operations/{opId}?aadgdc=FAKE01&aadgsu=ssprprod-a");
        }

        // ------------------------------------------------------------------ reports, audit logs

        private GraphResponse Reports(Req r)
        {
            if (!r.Is(1, "authenticationMethods"))
            {
                throw GraphException.SegmentNotFound(r.Seg(1).Length == 0 ? "reports" : r.Seg(1));
            }

            if (!r.Is(2, "userRegistrationDetails"))
            {
                throw GraphException.SegmentNotFound(r.Seg(2).Length == 0 ? "authenticationMethods" : r.Seg(2));
            }

            NoMoreSegments(r, 4);
            RequireGet(r);
            Require(r.Options, Scopes.RegistrationReport);
            if (!r.Options.RegistrationReportLicensed)
            {
                throw NotPremium();
            }

            // Users whose fixture has no registrationDetails have no row (like disabled/soft-deleted users in Graph).
            List<JsonObject> rows = _store.RegistrationRows();
            return ListOrGet(r, r.Segments.Length == 4 ? r.Seg(3) : null, "reports/authenticationMethods/userRegistrationDetails",
                "microsoft.graph.userRegistrationDetails", EntityTypes.RegistrationProperties, rows, new CollectionOptions());
        }

        private static GraphException NotPremium() =>
            new GraphException(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license");

        private GraphResponse AuditLogs(Req r)
        {
            if (!r.Is(1, "directoryAudits"))
            {
                throw GraphException.SegmentNotFound(r.Seg(1).Length == 0 ? "auditLogs" : r.Seg(1));
            }

            NoMoreSegments(r, 3);
            RequireGet(r);
            Require(r.Options, Scopes.AuditRead);
            if (!r.Options.AuditLicensed)
            {
                throw NotPremium();
            }

            return ListOrGet(r, r.Segments.Length == 3 ? r.Seg(2) : null, "auditLogs/directoryAudits", "microsoft.graph.directoryAudit",
                EntityTypes.AuditProperties, _store.AuditEvents, new CollectionOptions { DefaultOrderBy = "activityDateTime desc" });
        }

        // ------------------------------------------------------------------ collections, entities, projection

        private sealed class CollectionOptions
        {
            /// <summary>Directory objects: $top must be 1..999 and at most 15 OR-ed clauses in $filter.</summary>
            public bool DirectoryPaging { get; init; }

            public string[]? DefaultSelect { get; init; }

            public string? DefaultOrderBy { get; init; }

            public string[] Expandable { get; init; } = Array.Empty<string>();

            public Func<JsonObject, string, JsonNode?>? Expander { get; init; }

            public Func<JsonObject, string[]?, JsonObject>? Projector { get; init; }
        }

        private static GraphResponse Ok(JsonObject body) => new GraphResponse(200, body);

        private static string[]? CanonicalSelect(Req r, string[]? props, string typeName)
        {
            string[]? select = r.Query.Select;
            if (select is null || select.Contains("*"))
            {
                return null;
            }

            if (props is null)
            {
                return select;
            }

            return select.Select(s => props.FirstOrDefault(p => string.Equals(p, s, StringComparison.OrdinalIgnoreCase))
                    ?? throw new GraphException(400, "BadRequest",
                        $"Parsing OData Select and Expand failed: Could not find a property named '{s}' on type '{typeName}'."))
                .ToArray();
        }

        private static string[] CanonicalExpand(Req r, CollectionOptions options, string typeName)
        {
            return r.Query.Expand.Select(e => options.Expandable.FirstOrDefault(x => string.Equals(x, e, StringComparison.OrdinalIgnoreCase))
                    ?? throw new GraphException(400, "BadRequest",
                        $"Parsing OData Select and Expand failed: Could not find a property named '{e}' on type '{typeName}'."))
                .ToArray();
        }

        private static JsonObject Project(JsonObject full, string[]? select, CollectionOptions options, string[] expand)
        {
            JsonObject result;
            if (options.Projector is not null)
            {
                result = options.Projector(full, select);
            }
            else
            {
                result = new JsonObject();
                IEnumerable<string> names = select ?? options.DefaultSelect ?? full.Select(kv => kv.Key);
                if (full.ContainsKey("@odata.type") && select is not null)
                {
                    result["@odata.type"] = full["@odata.type"]?.DeepClone();
                }

                foreach (string name in names)
                {
                    if (full.TryGetPropertyValue(name, out JsonNode? v))
                    {
                        result[name] = v?.DeepClone();
                    }
                    else if (select is not null)
                    {
                        result[name] = null;
                    }
                }
            }

            foreach (string nav in expand)
            {
                result[nav] = options.Expander?.Invoke(full, nav)?.DeepClone();
            }

            return result;
        }

        private static string ContextSuffix(string[]? select, string[] expand)
        {
            var parts = new List<string>();
            if (select is not null)
            {
                parts.AddRange(select);
            }

            parts.AddRange(expand.Select(e => e + "()"));
            return parts.Count == 0 ? "" : "(" + string.Join(',', parts) + ")";
        }

        private GraphResponse Entity(Req r, string context, string[]? props, string typeName, JsonObject full, CollectionOptions? options = null)
        {
            options ??= new CollectionOptions();
            string[]? select = CanonicalSelect(r, props, typeName);
            string[] expand = CanonicalExpand(r, options, typeName);
            var body = new JsonObject { ["@odata.context"] = Metadata(context + ContextSuffix(select, expand) + "/$entity") };
            foreach (var (k, v) in Project(full, select, options, expand))
            {
                body[k] = v?.DeepClone();
            }

            return Ok(body);
        }

        private JsonObject ApplySelectToEntity(Req r, JsonObject body, string[]? props)
        {
            string[]? select = CanonicalSelect(r, props, "microsoft.graph.authorizationPolicy");
            if (select is null)
            {
                return body;
            }

            var result = new JsonObject { ["@odata.context"] = body["@odata.context"]?.DeepClone() };
            foreach (string s in select)
            {
                result[s] = JsonCompare.Get(body, s)?.DeepClone();
            }

            return result;
        }

        private GraphResponse Collection(Req r, string context, string typeName, string[]? props, IEnumerable<JsonObject> source, CollectionOptions options)
        {
            string[]? select = CanonicalSelect(r, props, typeName);
            string[] expand = CanonicalExpand(r, options, typeName);
            ICollection<string> known = props is null
                ? (ICollection<string>)new HashSet<string>(EntityTypes.AuthenticationMethodProperties.Append("@odata.type"), StringComparer.OrdinalIgnoreCase)
                : EntityTypes.Set(props);

            IEnumerable<JsonObject> items = source;
            if (!string.IsNullOrWhiteSpace(r.Query.Filter))
            {
                ODataFilter filter = ODataFilter.Parse(r.Query.Filter, known, typeName);
                if (options.DirectoryPaging && filter.OrClauseCount > MaxOrClauses)
                {
                    throw GraphException.UnsupportedQuery(
                        $"Too many child clauses specified in search filter expression containing 'OR' operators: {filter.OrClauseCount}. Max allowed: {MaxOrClauses}.");
                }

                items = items.Where(filter.Matches);
            }

            string? orderBy = r.Query.OrderBy ?? options.DefaultOrderBy;
            List<JsonObject> list = items.ToList();
            if (!string.IsNullOrWhiteSpace(orderBy))
            {
                list = Order(list, orderBy, known, typeName);
            }

            int pageSize = Math.Max(1, r.Options.PageSize);
            if (r.Query.Top is int top)
            {
                if (options.DirectoryPaging && (top < 1 || top > 999))
                {
                    throw GraphException.UnsupportedQuery($"Invalid page size specified: '{r.Query.TopRaw}'. Must be between 1 and 999 inclusive.");
                }

                if (top < 1)
                {
                    throw GraphException.BadRequest($"Invalid $top value '{r.Query.TopRaw}'. It must be a positive integer.");
                }

                pageSize = r.Options.MaxPageSize is int max && max > pageSize ? Math.Min(max, top) : Math.Min(pageSize, top);
            }

            int offset = 0;
            if (r.Query.SkipToken is string token)
            {
                offset = DecodeSkipToken(token);
            }

            List<JsonObject> page = list.Skip(offset).Take(pageSize).ToList();
            var body = new JsonObject { ["@odata.context"] = Metadata(context + ContextSuffix(select, expand)) };
            if (r.Query.Count)
            {
                body["@odata.count"] = list.Count;
            }

            string? nextLink = null;
            if (r.Options.LoopNextLink)
            {
                string q = r.Query.ToQueryStringWithout("\u0000");
                nextLink = $"{V1}/{r.EncodedPath}" + (q.Length > 0 ? "?" + q : "");
            }
            else if (offset + page.Count < list.Count)
            {
                string q = r.Query.ToQueryStringWithout("$skiptoken");
                nextLink = $"{V1}/{r.EncodedPath}?" + (q.Length > 0 ? q + "&" : "") + "$skiptoken=" + EncodeSkipToken(offset + page.Count);
            }

            if (nextLink is not null)
            {
                body["@odata.nextLink"] = nextLink;
            }

            body["value"] = new JsonArray(page.Select(i => (JsonNode)Project(i, select, options, expand)).ToArray());
            return Ok(body);
        }

        private static List<JsonObject> Order(List<JsonObject> items, string orderBy, ICollection<string> known, string typeName)
        {
            IOrderedEnumerable<JsonObject>? ordered = null;
            foreach (string clause in orderBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] parts = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string path = parts[0];
                bool desc = parts.Length > 1 && string.Equals(parts[1], "desc", StringComparison.OrdinalIgnoreCase);
                if (parts.Length > 2 || (parts.Length == 2 && !desc && !string.Equals(parts[1], "asc", StringComparison.OrdinalIgnoreCase)))
                {
                    throw GraphException.BadRequest($"Invalid $orderby clause '{clause}'.");
                }

                string[] segments = path.Split('/');
                if (!known.Contains(segments[0]))
                {
                    throw GraphException.BadRequest($"Could not find a property named '{segments[0]}' on type '{typeName}'.");
                }

                JsonNode? Key(JsonObject o)
                {
                    JsonNode? n = o;
                    foreach (string s in segments)
                    {
                        n = n is JsonObject obj ? JsonCompare.Get(obj, s) : null;
                    }

                    return n;
                }

                var comparer = Comparer<JsonNode?>.Create(JsonCompare.Compare);
                ordered = ordered is null
                    ? (desc ? items.OrderByDescending(Key, comparer) : items.OrderBy(Key, comparer))
                    : (desc ? ordered.ThenByDescending(Key, comparer) : ordered.ThenBy(Key, comparer));
            }

            return ordered?.ToList() ?? items;
        }

        private static string EncodeSkipToken(int offset) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes("FakeGraph-offset:" + offset.ToString(CultureInfo.InvariantCulture)))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static int DecodeSkipToken(string token)
        {
            try
            {
                string b64 = token.Replace('-', '+').Replace('_', '/');
                b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
                string text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
                const string prefix = "FakeGraph-offset:";
                if (text.StartsWith(prefix, StringComparison.Ordinal) &&
                    int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
                {
                    return offset;
                }
            }
            catch (FormatException)
            {
            }

            throw new GraphException(400, "Request_BadRequest", "The specified page token value has expired and can no longer be included in your request.");
        }

        private static JsonObject ParseBody(string? body)
        {
            try
            {
                if (!string.IsNullOrWhiteSpace(body) && JsonNode.Parse(body) is JsonObject obj)
                {
                    return obj;
                }
            }
            catch (JsonException)
            {
            }

            throw GraphException.BadRequest("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
        }
    }
}
