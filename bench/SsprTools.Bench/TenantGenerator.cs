using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace SsprTools.Bench
{
    /// <summary>
    /// A synthetic tenant in the snapshot format (schemaVersion 1): <c>admins</c> role holders among 10× as many users,
    /// the same for a given (admins, seed). Mix of the admins:
    ///   ~70 % hold an active role at tenant scope (a few Global Administrators, 15 % of them two roles),
    ///   ~10 % hold a role through a role-assignable group (groups of about 20),
    ///   ~10 % are PIM-eligible only,
    ///   ~10 % hold a role scoped to an administrative unit (units of about 100 users, one in five restricted).
    /// Methods: mobile phone 70 %, email method 60 %, Authenticator 45 %, alternate/office phone 15 %, otherMails 30 %,
    /// nothing but a password 5 %; 2 % of the admins are disabled (no registration-report row, like Graph).
    /// Every enabled user has a registration-report row; non-admins carry a password and, for half, a phone.
    /// </summary>
    public static class TenantGenerator
    {
        private static readonly (string Id, string Name)[] Roles =
        {
            ("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
            ("7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"),
            ("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
            ("c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator"),
            ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
            ("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"),
            ("966707d0-3269-4727-9be2-8c3a10f19b9d", "Password Administrator"),
            ("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"),
            ("b0f54661-2d74-4c50-afa3-1ec803f12efe", "Billing Administrator"),
            ("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"),
            ("f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"),
            ("69091246-20e8-4a56-aa4d-066075b2a7a8", "Teams Administrator"),
            ("790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b", "Message Center Reader"),
        };

        /// <summary>Roles that may be scoped to an administrative unit.</summary>
        private static readonly int[] UnitScopable = { 3, 4, 5, 6 };

        /// <summary>Roles handed out at tenant scope (Global Administrator only to the first few admins).</summary>
        private static readonly int[] TenantRoles = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

        public sealed class Result
        {
            public JsonObject Fixture { get; init; } = new JsonObject();
            /// <summary>Ids of every role holder (direct, group member, eligible, unit-scoped).</summary>
            public List<string> AdminIds { get; init; } = new List<string>();
            public int Users { get; init; }
            public int Groups { get; init; }
            public int Units { get; init; }
            public int Assignments { get; init; }
            public int Eligibilities { get; init; }
        }

        public static Result Generate(int admins, int seed)
        {
            var rng = new Random(seed * 7919 + admins);
            var userCount = admins * 10;
            string NewId()
            {
                var b = new byte[16];
                rng.NextBytes(b);
                b[7] = (byte)((b[7] & 0x0F) | 0x40);
                b[8] = (byte)((b[8] & 0x3F) | 0x80);
                return new Guid(b).ToString();
            }

            var ids = Enumerable.Range(0, userCount).Select(_ => NewId()).ToList();
            var users = new JsonArray();
            var adminIds = ids.Take(admins).ToList();

            // Kinds of admins: 0 direct, 1 group, 2 eligible, 3 unit-scoped.
            var kind = new int[admins];
            for (var i = 0; i < admins; i++)
            {
                var r = rng.NextDouble();
                kind[i] = i < 5 ? 0 : r < 0.70 ? 0 : r < 0.80 ? 1 : r < 0.90 ? 2 : 3;
            }

            var disabled = new bool[admins];
            for (var i = 5; i < admins; i++)
            {
                disabled[i] = rng.NextDouble() < 0.02;
            }

            for (var i = 0; i < userCount; i++)
            {
                var id = ids[i];
                var isAdmin = i < admins;
                var upn = (isAdmin ? "adm" : "user") + i.ToString("D6", CultureInfo.InvariantCulture) + "@contoso.com";
                var enabled = !isAdmin || !disabled[i];
                var methods = new JsonArray { new JsonObject { ["@odata.type"] = "#microsoft.graph.passwordAuthenticationMethod", ["id"] = "28c10230-6103-485e-b985-444c60001490" } };
                var registered = new JsonArray();
                string? mobile = null;
                var otherMails = new JsonArray();
                var business = new JsonArray();
                var country = rng.Next(3);
                string Phone() => country switch
                {
                    0 => "+47 4" + rng.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture),
                    1 => "+31 6" + rng.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture),
                    _ => "+1 206555" + rng.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
                };

                if (isAdmin)
                {
                    var bare = rng.NextDouble() < 0.05;
                    if (!bare && rng.NextDouble() < 0.70)
                    {
                        var p = Phone();
                        methods.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.phoneAuthenticationMethod", ["id"] = "3179e48a-750b-4051-897c-87b9720928f7", ["phoneNumber"] = p, ["phoneType"] = "mobile", ["smsSignInState"] = "notEnabled" });
                        registered.Add("mobilePhone");
                        mobile = rng.NextDouble() < 0.5 ? p : null;
                    }

                    if (!bare && rng.NextDouble() < 0.15)
                    {
                        var office = rng.NextDouble() < 0.5;
                        methods.Add(new JsonObject
                        {
                            ["@odata.type"] = "#microsoft.graph.phoneAuthenticationMethod",
                            ["id"] = office ? "e37fc753-ff3b-4958-9484-eaa9425c82bc" : "b6332ec1-7057-4abe-9331-3d72feddfe41",
                            ["phoneNumber"] = Phone(),
                            ["phoneType"] = office ? "office" : "alternateMobile",
                            ["smsSignInState"] = "notSupported",
                        });
                        registered.Add(office ? "officePhone" : "alternateMobilePhone");
                    }

                    if (!bare && rng.NextDouble() < 0.60)
                    {
                        methods.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.emailAuthenticationMethod", ["id"] = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f", ["emailAddress"] = "adm" + i.ToString(CultureInfo.InvariantCulture) + "@example.net" });
                        registered.Add("email");
                    }

                    if (!bare && rng.NextDouble() < 0.45)
                    {
                        methods.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", ["id"] = NewId(), ["displayName"] = "Phone " + i.ToString(CultureInfo.InvariantCulture) });
                        registered.Add("microsoftAuthenticatorPush");
                    }

                    if (rng.NextDouble() < 0.30)
                    {
                        otherMails.Add("adm" + i.ToString(CultureInfo.InvariantCulture) + ".private@example.org");
                    }

                    if (rng.NextDouble() < 0.40)
                    {
                        business.Add(Phone());
                    }
                }
                else if (rng.NextDouble() < 0.5)
                {
                    methods.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.phoneAuthenticationMethod", ["id"] = "3179e48a-750b-4051-897c-87b9720928f7", ["phoneNumber"] = Phone(), ["phoneType"] = "mobile", ["smsSignInState"] = "notEnabled" });
                    registered.Add("mobilePhone");
                }

                var user = new JsonObject
                {
                    ["id"] = id,
                    ["userPrincipalName"] = upn,
                    ["displayName"] = (isAdmin ? "Admin " : "User ") + i.ToString(CultureInfo.InvariantCulture),
                    ["givenName"] = isAdmin ? "Admin" : "User",
                    ["surname"] = i.ToString(CultureInfo.InvariantCulture),
                    ["accountEnabled"] = enabled,
                    ["userType"] = "Member",
                    ["onPremisesSyncEnabled"] = i % 3 == 0 ? true : null,
                    ["mail"] = upn,
                    ["mobilePhone"] = mobile,
                    ["businessPhones"] = business,
                    ["otherMails"] = otherMails,
                    ["proxyAddresses"] = new JsonArray { "SMTP:" + upn },
                    ["authenticationMethods"] = methods,
                };
                if (enabled)
                {
                    var ssprRegistered = registered.Count >= 1;
                    user["registrationDetails"] = new JsonObject
                    {
                        ["isAdmin"] = isAdmin,
                        ["isSsprRegistered"] = ssprRegistered,
                        ["isSsprEnabled"] = true,
                        ["isSsprCapable"] = ssprRegistered,
                        ["isMfaRegistered"] = registered.Count > 0,
                        ["methodsRegistered"] = registered.DeepClone(),
                        ["lastUpdatedDateTime"] = "2026-11-20T06:00:00Z",
                    };
                }

                users.Add(user);
            }

            // Role-assignable groups (~20 members each) and administrative units (~100 users each).
            var groupMembers = Enumerable.Range(0, admins).Where(i => kind[i] == 1).ToList();
            var groupCount = Math.Max(1, (groupMembers.Count + 19) / 20);
            var groups = new JsonArray();
            var groupIds = new List<string>();
            for (var g = 0; g < groupCount; g++)
            {
                var gid = NewId();
                groupIds.Add(gid);
                var members = new JsonArray();
                foreach (var i in groupMembers.Where((_, k) => k % groupCount == g))
                {
                    members.Add(ids[i]);
                }

                groups.Add(new JsonObject { ["id"] = gid, ["displayName"] = "SG-Role-" + g.ToString(CultureInfo.InvariantCulture), ["isAssignableToRole"] = true, ["members"] = members });
            }

            var unitScoped = Enumerable.Range(0, admins).Where(i => kind[i] == 3).ToList();
            var unitCount = Math.Max(1, admins / 100);
            var units = new JsonArray();
            var unitIds = new List<string>();
            for (var u = 0; u < unitCount; u++)
            {
                var uid = NewId();
                unitIds.Add(uid);
                var members = new JsonArray();
                for (var k = 0; k < 100; k++)
                {
                    members.Add(ids[admins + rng.Next(userCount - admins)]);
                }

                // A few admins are members of units too (restricted management units protect them).
                if (u % 5 == 0)
                {
                    members.Add(ids[5 + rng.Next(admins - 5)]);
                }

                units.Add(new JsonObject { ["id"] = uid, ["displayName"] = "Unit " + u.ToString(CultureInfo.InvariantCulture), ["isMemberManagementRestricted"] = u % 5 == 0, ["members"] = members });
            }

            var assignments = new JsonArray();
            var eligibilities = new JsonArray();
            void Assign(JsonArray into, string principal, int role, string scope) =>
                into.Add(new JsonObject { ["id"] = NewId(), ["principalId"] = principal, ["roleDefinitionId"] = Roles[role].Id, ["directoryScopeId"] = scope });

            for (var i = 0; i < admins; i++)
            {
                switch (kind[i])
                {
                    case 0:
                        Assign(assignments, ids[i], i < 5 ? 0 : TenantRoles[rng.Next(TenantRoles.Length)], "/");
                        if (i >= 5 && rng.NextDouble() < 0.15)
                        {
                            Assign(assignments, ids[i], TenantRoles[rng.Next(TenantRoles.Length)], "/");
                        }

                        break;
                    case 2:
                        Assign(eligibilities, ids[i], TenantRoles[rng.Next(TenantRoles.Length)], "/");
                        break;
                    case 3:
                        Assign(assignments, ids[i], UnitScopable[rng.Next(UnitScopable.Length)], "/administrativeUnits/" + unitIds[rng.Next(unitIds.Count)]);
                        break;
                }
            }

            foreach (var gid in groupIds)
            {
                Assign(assignments, gid, TenantRoles[rng.Next(TenantRoles.Length)], "/");
            }

            var fixture = new JsonObject
            {
                ["schemaVersion"] = 1,
                ["generatedAt"] = "2026-11-20T06:00:00Z",
                ["source"] = "bench",
                ["redacted"] = false,
                ["tenant"] = new JsonObject
                {
                    ["id"] = "11111111-2222-3333-4444-555555555555",
                    ["displayName"] = "Contoso Bench " + admins.ToString(CultureInfo.InvariantCulture),
                    ["verifiedDomains"] = new JsonArray
                    {
                        new JsonObject { ["name"] = "contoso.onmicrosoft.com", ["isDefault"] = false, ["isInitial"] = true },
                        new JsonObject { ["name"] = "contoso.com", ["isDefault"] = true, ["isInitial"] = false },
                    },
                    ["onPremisesSyncEnabled"] = true,
                    ["allowedToUseSSPR"] = true,
                    ["cloud"] = "https://graph.microsoft.com",
                },
                ["collection"] = new JsonObject
                {
                    ["registrationReport"] = "available",
                    ["roleEligibilities"] = "available",
                    ["authenticationMethods"] = "available",
                    ["auditLogs"] = "available",
                    ["notes"] = new JsonArray(),
                },
                ["users"] = users,
                ["groups"] = groups,
                ["administrativeUnits"] = units,
                ["roleDefinitions"] = new JsonArray(Roles.Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["displayName"] = r.Name, ["isBuiltIn"] = true }).ToArray()),
                ["roleAssignments"] = assignments,
                ["roleEligibilities"] = eligibilities,
                ["auditEvents"] = new JsonArray(),
            };
            return new Result
            {
                Fixture = fixture,
                AdminIds = adminIds,
                Users = userCount,
                Groups = groupCount,
                Units = unitCount,
                Assignments = assignments.Count,
                Eligibilities = eligibilities.Count,
            };
        }
    }
}
