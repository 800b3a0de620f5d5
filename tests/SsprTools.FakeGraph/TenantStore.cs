using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SsprTools.FakeGraph
{
    /// <summary>Property sets of the Graph entity types the fake serves (used by builders, $select and $filter).</summary>
    internal static class EntityTypes
    {
        public static readonly string[] UserProperties =
        {
            "id", "userPrincipalName", "displayName", "givenName", "surname", "accountEnabled", "userType",
            "onPremisesSyncEnabled", "mail", "mobilePhone", "businessPhones", "otherMails", "proxyAddresses",
            "jobTitle", "officeLocation", "preferredLanguage", "department", "companyName", "employeeId", "employeeType",
            "employeeHireDate", "employeeLeaveDateTime", "employeeOrgData", "createdDateTime", "creationType",
            "externalUserState", "externalUserStateChangeDateTime", "identities", "imAddresses", "mailNickname",
            "onPremisesDistinguishedName", "onPremisesDomainName", "onPremisesImmutableId", "onPremisesLastSyncDateTime",
            "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesUserPrincipalName",
            "onPremisesExtensionAttributes", "onPremisesProvisioningErrors", "onPremisesSipInfo", "passwordPolicies",
            "passwordProfile", "usageLocation", "assignedLicenses", "assignedPlans", "provisionedPlans",
            "licenseAssignmentStates", "deletedDateTime", "lastPasswordChangeDateTime", "securityIdentifier",
            "signInSessionsValidFromDateTime", "streetAddress", "city", "state", "country", "postalCode", "faxNumber",
            "ageGroup", "consentProvidedForMinor", "legalAgeGroupClassification", "showInAddressList", "isResourceAccount",
            "signInActivity", "authorizationInfo", "customSecurityAttributes", "serviceProvisioningErrors", "aboutMe",
            "birthday", "hireDate", "interests", "mySite", "pastProjects", "preferredName", "responsibilities", "schools",
            "skills",
        };

        /// <summary>What GET /users returns without $select.</summary>
        public static readonly string[] UserDefaultSelect =
        {
            "businessPhones", "displayName", "givenName", "id", "jobTitle", "mail", "mobilePhone", "officeLocation",
            "preferredLanguage", "surname", "userPrincipalName",
        };

        public static readonly HashSet<string> UserCollectionProperties = new HashSet<string>(StringComparer.Ordinal)
        {
            "businessPhones", "otherMails", "proxyAddresses", "identities", "imAddresses", "assignedLicenses", "assignedPlans",
            "provisionedPlans", "licenseAssignmentStates", "onPremisesProvisioningErrors", "serviceProvisioningErrors",
            "interests", "pastProjects", "responsibilities", "schools", "skills",
        };

        public static readonly string[] GroupProperties =
        {
            "id", "displayName", "description", "isAssignableToRole", "securityEnabled", "mailEnabled", "mail",
            "mailNickname", "groupTypes", "visibility", "createdDateTime", "membershipRule", "onPremisesSyncEnabled",
            "deletedDateTime", "securityIdentifier", "proxyAddresses",
        };

        public static readonly string[] AdministrativeUnitProperties =
        {
            "id", "displayName", "description", "isMemberManagementRestricted", "visibility", "membershipType",
            "membershipRule", "membershipRuleProcessingState", "deletedDateTime",
        };

        public static readonly string[] OrganizationProperties =
        {
            "id", "displayName", "verifiedDomains", "onPremisesSyncEnabled", "onPremisesLastSyncDateTime", "tenantType",
            "countryLetterCode", "createdDateTime", "businessPhones", "city", "country", "postalCode", "preferredLanguage",
            "state", "street", "technicalNotificationMails", "securityComplianceNotificationMails",
            "securityComplianceNotificationPhones", "marketingNotificationEmails", "privacyProfile",
            "assignedPlans", "provisionedPlans", "deletedDateTime",
        };

        public static readonly string[] RoleDefinitionProperties =
        {
            "id", "description", "displayName", "isBuiltIn", "isEnabled", "resourceScopes", "templateId", "version",
            "rolePermissions",
        };

        public static readonly string[] RoleAssignmentProperties =
        {
            "id", "principalId", "roleDefinitionId", "directoryScopeId", "resourceScope", "appScopeId", "condition",
        };

        public static readonly string[] EligibilityScheduleProperties =
        {
            "id", "principalId", "roleDefinitionId", "directoryScopeId", "appScopeId", "createdUsing", "createdDateTime",
            "modifiedDateTime", "status", "memberType", "scheduleInfo",
        };

        public static readonly string[] EligibilityInstanceProperties =
        {
            "id", "principalId", "roleDefinitionId", "directoryScopeId", "appScopeId", "startDateTime", "endDateTime",
            "memberType", "roleEligibilityScheduleId",
        };

        public static readonly string[] RegistrationProperties =
        {
            "id", "userPrincipalName", "userDisplayName", "userType", "isAdmin", "isSsprRegistered", "isSsprEnabled",
            "isSsprCapable", "isMfaRegistered", "isMfaCapable", "isPasswordlessCapable",
            "isSystemPreferredAuthenticationMethodEnabled", "methodsRegistered", "systemPreferredAuthenticationMethods",
            "userPreferredMethodForSecondaryAuthentication", "lastUpdatedDateTime",
        };

        public static readonly string[] AuditProperties =
        {
            "id", "category", "correlationId", "result", "resultReason", "activityDisplayName", "activityDateTime",
            "loggedByService", "operationType", "initiatedBy", "targetResources", "additionalDetails",
        };

        public static readonly string[] AuthenticationMethodProperties =
        {
            "id", "phoneNumber", "phoneType", "smsSignInState", "emailAddress", "displayName", "createdDateTime",
            "password", "deviceTag", "phoneAppVersion", "model", "aaGuid", "attestationLevel", "isUsable",
            "lifetimeInMinutes", "startDateTime", "isUsableOnce", "methodUsabilityReason", "keyStrength",
        };

        public static HashSet<string> Set(string[] props) => new HashSet<string>(props, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The tenant fixture (a SsprTools snapshot, schemaVersion 1) parsed into Graph-shaped objects. Not thread-safe:
    /// the engine serializes access.</summary>
    internal sealed class TenantStore
    {
        public const string PasswordMethodId = "28c10230-6103-485e-b985-444c60001490";
        public const string MobilePhoneMethodId = "3179e48a-750b-4051-897c-87b9720928f7";
        public const string AlternateMobilePhoneMethodId = "b6332ec1-7057-4abe-9331-3d72feddfe41";
        public const string OfficePhoneMethodId = "e37fc753-ff3b-4958-9484-eaa9425c82bc";
        public const string EmailMethodId = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f";

        private readonly Dictionary<string, JsonObject> _usersById = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonObject> _usersByUpn = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonObject> _groupsById = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);

        public TenantStore(JsonObject fixture)
        {
            JsonNode? schema = fixture["schemaVersion"];
            if (schema is not null && (schema.GetValueKind() != JsonValueKind.Number || schema.GetValue<int>() is < 1 or > 2))
            {
                throw new NotSupportedException($"Unsupported snapshot schemaVersion {schema.ToJsonString()}; the fake Graph server reads schemaVersions 1 and 2.");
            }

            GeneratedAt = ReadDate(fixture["generatedAt"]) ?? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
            Tenant = fixture["tenant"] as JsonObject ?? new JsonObject();
            AllowedToUseSspr = Tenant["allowedToUseSSPR"] is JsonValue v && v.GetValueKind() == JsonValueKind.False ? false : true;

            foreach (JsonObject u in Objects(fixture["users"]))
            {
                Users.Add(u);
                string id = Str(u, "id") ?? throw new InvalidOperationException("A fixture user has no id.");
                _usersById[id] = u;
                string? upn = Str(u, "userPrincipalName");
                if (!string.IsNullOrEmpty(upn))
                {
                    _usersByUpn[upn] = u;
                }
            }

            foreach (JsonObject g in Objects(fixture["groups"]))
            {
                Groups.Add(g);
                _groupsById[Str(g, "id") ?? throw new InvalidOperationException("A fixture group has no id.")] = g;
            }

            AdministrativeUnits.AddRange(Objects(fixture["administrativeUnits"]));
            _methodsPolicy = fixture["authenticationMethodsPolicy"] as JsonObject;

            foreach (JsonObject d in Objects(fixture["roleDefinitions"]))
            {
                RoleDefinitions.Add(BuildRoleDefinition(d));
            }

            int index = 0;
            foreach (JsonObject a in Objects(fixture["roleAssignments"]))
            {
                RoleAssignments.Add(BuildRoleAssignment(a, index++));
            }

            index = 0;
            foreach (JsonObject e in Objects(fixture["roleEligibilities"]))
            {
                (JsonObject schedule, JsonObject instance) = BuildEligibility(e, index++);
                EligibilitySchedules.Add(schedule);
                EligibilityInstances.Add(instance);
            }

            index = 0;
            foreach (JsonObject e in Objects(fixture["auditEvents"]))
            {
                AuditEvents.Add(BuildAuditEvent(e, index++));
            }
        }

        private readonly JsonObject? _methodsPolicy;

        public DateTimeOffset GeneratedAt { get; }
        public JsonObject Tenant { get; }
        public bool AllowedToUseSspr { get; set; }
        public List<JsonObject> Users { get; } = new List<JsonObject>();
        public List<JsonObject> Groups { get; } = new List<JsonObject>();
        public List<JsonObject> AdministrativeUnits { get; } = new List<JsonObject>();
        public List<JsonObject> RoleDefinitions { get; } = new List<JsonObject>();
        public List<JsonObject> RoleAssignments { get; } = new List<JsonObject>();
        public List<JsonObject> EligibilitySchedules { get; } = new List<JsonObject>();
        public List<JsonObject> EligibilityInstances { get; } = new List<JsonObject>();
        public List<JsonObject> AuditEvents { get; } = new List<JsonObject>();

        private readonly Dictionary<JsonObject, JsonObject> _userViews = new Dictionary<JsonObject, JsonObject>(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<JsonObject, JsonObject> _typedUserViews = new Dictionary<JsonObject, JsonObject>(ReferenceEqualityComparer.Instance);
        private List<JsonObject>? _registrationRows;

        /// <summary>The Graph view of a fixture user (cached; callers must not mutate it; call <see cref="UserChanged"/> after writes).</summary>
        public JsonObject UserView(JsonObject fixtureUser)
        {
            if (!_userViews.TryGetValue(fixtureUser, out JsonObject? view))
            {
                view = BuildUser(fixtureUser);
                _userViews[fixtureUser] = view;
            }

            return view;
        }

        /// <summary>The user as a directoryObject (with "@odata.type": "#microsoft.graph.user" first); cached like <see cref="UserView"/>.</summary>
        public JsonObject TypedUserView(JsonObject fixtureUser)
        {
            if (!_typedUserViews.TryGetValue(fixtureUser, out JsonObject? view))
            {
                view = new JsonObject { ["@odata.type"] = "#microsoft.graph.user" };
                foreach (var (k, v) in UserView(fixtureUser))
                {
                    view[k] = v?.DeepClone();
                }

                _typedUserViews[fixtureUser] = view;
            }

            return view;
        }

        public void UserChanged(JsonObject fixtureUser)
        {
            _userViews.Remove(fixtureUser);
            _typedUserViews.Remove(fixtureUser);
            _registrationRows = null;
        }

        /// <summary>userRegistrationDetails rows (cached). Users without registrationDetails in the fixture have no row.</summary>
        public List<JsonObject> RegistrationRows()
        {
            if (_registrationRows is null)
            {
                // As Graph does: isAdmin reflects active role assignments (directly or through a group). An account that is only
                // PIM-eligible is not an admin in the report, whatever the fixture says.
                var active = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (JsonObject a in RoleAssignments)
                {
                    string? principal = Str(a, "principalId");
                    if (principal is null)
                    {
                        continue;
                    }

                    active.Add(principal);
                    if (FindGroup(principal) is JsonObject g && g["members"] is JsonArray members)
                    {
                        foreach (JsonNode? m in members)
                        {
                            if (m is JsonValue v && v.TryGetValue(out string? id))
                            {
                                active.Add(id);
                            }
                        }
                    }
                }

                var eligible = new HashSet<string>(EligibilitySchedules.Select(e => Str(e, "principalId")).OfType<string>(), StringComparer.OrdinalIgnoreCase);
                _registrationRows = Users.Select(BuildRegistrationRow).OfType<JsonObject>().ToList();
                foreach (JsonObject row in _registrationRows)
                {
                    string? id = Str(row, "id");
                    if (id is not null && eligible.Contains(id) && !active.Contains(id))
                    {
                        row["isAdmin"] = false;
                    }
                }
            }

            return _registrationRows;
        }

        public JsonObject? FindUser(string idOrUpn) =>
            _usersById.TryGetValue(idOrUpn, out JsonObject? u) ? u : _usersByUpn.TryGetValue(idOrUpn, out u) ? u : null;

        public JsonObject? FindGroup(string id) => _groupsById.TryGetValue(id, out JsonObject? g) ? g : null;

        public JsonObject? FindAdministrativeUnit(string id) =>
            AdministrativeUnits.FirstOrDefault(a => string.Equals(Str(a, "id"), id, StringComparison.OrdinalIgnoreCase));

        // ---------------------------------------------------------------- builders (Graph v1.0 shapes)

        public JsonObject BuildOrganization()
        {
            var domains = new JsonArray();
            foreach (JsonObject d in Objects(Tenant["verifiedDomains"]))
            {
                var domain = new JsonObject
                {
                    ["capabilities"] = "Email",
                    ["isDefault"] = false,
                    ["isInitial"] = false,
                    ["name"] = "",
                    ["type"] = "Managed",
                };
                Overlay(domain, d, new[] { "capabilities", "isDefault", "isInitial", "name", "type" });
                domains.Add(domain);
            }

            var org = new JsonObject();
            foreach (string p in EntityTypes.OrganizationProperties)
            {
                org[p] = null;
            }

            org["id"] = Str(Tenant, "id") ?? "";
            org["displayName"] = Str(Tenant, "displayName") ?? "";
            org["verifiedDomains"] = domains;
            org["onPremisesSyncEnabled"] = Tenant["onPremisesSyncEnabled"]?.DeepClone();
            org["tenantType"] = "AAD";
            org["businessPhones"] = new JsonArray();
            org["technicalNotificationMails"] = new JsonArray();
            org["securityComplianceNotificationMails"] = new JsonArray();
            org["securityComplianceNotificationPhones"] = new JsonArray();
            org["marketingNotificationEmails"] = new JsonArray();
            org["assignedPlans"] = BuildAssignedPlans();
            org["provisionedPlans"] = new JsonArray();
            return org;
        }

        /// <summary>The Microsoft Entra ID P1 service plan (AAD_PREMIUM), as organization.assignedPlans and subscriptions list it.</summary>
        public const string EntraIdP1ServicePlanId = "41781fb2-bc02-4b7c-bd55-b576c07bb09d";

        /// <summary>tenant.entraIdEdition of the fixture: "premium", "trial", "free" or null (then premium: the fixture predates the field).</summary>
        private string Edition => (Str(Tenant, "entraIdEdition") ?? "premium").ToLowerInvariant();

        /// <summary>organization.assignedPlans: an enabled AADPremiumService plan unless the tenant is on the free edition.</summary>
        private JsonArray BuildAssignedPlans()
        {
            var plans = new JsonArray
            {
                new JsonObject
                {
                    ["assignedDateTime"] = "2024-01-01T00:00:00Z", ["capabilityStatus"] = "Enabled",
                    ["service"] = "exchange", ["servicePlanId"] = "9aaf7827-d63c-4b61-89c3-182f06f82e5c",
                },
            };
            if (Edition != "free")
            {
                plans.Add(new JsonObject
                {
                    ["assignedDateTime"] = "2024-01-01T00:00:00Z", ["capabilityStatus"] = "Enabled",
                    ["service"] = "AADPremiumService", ["servicePlanId"] = EntraIdP1ServicePlanId,
                });
            }

            return plans;
        }

        /// <summary>directory/subscriptions (companySubscription): an Office subscription, and the one carrying Entra ID P1 (trial or paid).</summary>
        public List<JsonObject> BuildSubscriptions()
        {
            JsonObject Subscription(string id, string sku, string skuId, bool trial, params (string Id, string Name)[] plans) => new JsonObject
            {
                ["id"] = id,
                ["commerceSubscriptionId"] = id,
                ["createdDateTime"] = "2024-01-01T00:00:00Z",
                ["isTrial"] = trial,
                ["nextLifecycleDateTime"] = "2027-01-01T00:00:00Z",
                ["ownerId"] = null,
                ["ownerTenantId"] = null,
                ["ownerType"] = null,
                ["skuId"] = skuId,
                ["skuPartNumber"] = sku,
                ["status"] = "Enabled",
                ["totalLicenses"] = 25,
                ["serviceStatus"] = new JsonArray(plans.Select(p => (JsonNode)new JsonObject
                {
                    ["servicePlanId"] = p.Id, ["servicePlanName"] = p.Name, ["provisioningStatus"] = "Success", ["appliesTo"] = "User",
                }).ToArray()),
            };

            var result = new List<JsonObject>
            {
                Subscription("6f3c3a44-0a0d-4f0e-9d3b-5a1c2b3d4e5f", "O365_BUSINESS_ESSENTIALS", "3b555118-da6a-4418-894f-7df1e2096870", false,
                    ("9aaf7827-d63c-4b61-89c3-182f06f82e5c", "EXCHANGE_S_STANDARD")),
            };
            if (Edition != "free")
            {
                result.Add(Subscription("8e2d4b61-1c3f-4a5e-b7d9-0f1a2b3c4d5e", "AAD_PREMIUM", "078d2b04-f1bd-4111-bbd4-b4b1b354cef4", Edition == "trial",
                    (EntraIdP1ServicePlanId, "AAD_PREMIUM")));
            }

            return result;
        }

        /// <summary>
        /// policies/authenticationMethodsPolicy in its v1.0 shape: the fixture's policyMigrationState and method states,
        /// over the defaults of a tenant that has not touched the policy.
        /// </summary>
        public JsonObject BuildAuthenticationMethodsPolicy()
        {
            var fixture = _methodsPolicy;
            var states = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Fido2"] = "enabled", ["MicrosoftAuthenticator"] = "enabled", ["Sms"] = "enabled", ["TemporaryAccessPass"] = "disabled",
                ["HardwareOath"] = "disabled", ["SoftwareOath"] = "enabled", ["Voice"] = "disabled", ["Email"] = "enabled", ["X509Certificate"] = "disabled",
            };
            foreach (JsonObject c in Objects(fixture?["authenticationMethodConfigurations"]))
            {
                if (Str(c, "id") is string id && Str(c, "state") is string state)
                {
                    states[id] = state;
                }
            }

            var configurations = new JsonArray();
            foreach (var (id, state) in states)
            {
                string type = "#microsoft.graph." + char.ToLowerInvariant(id[0]) + id.Substring(1) + "AuthenticationMethodConfiguration";
                configurations.Add(new JsonObject
                {
                    ["@odata.type"] = id == "X509Certificate" ? "#microsoft.graph.x509CertificateAuthenticationMethodConfiguration" : type,
                    ["id"] = id,
                    ["state"] = state,
                    ["excludeTargets"] = new JsonArray(),
                });
            }

            return new JsonObject
            {
                ["id"] = "authenticationMethodsPolicy",
                ["displayName"] = "Authentication Methods Policy",
                ["description"] = "The tenant-wide policy that controls which authentication methods are allowed in the tenant, authentication method registration requirements, and self-service password reset settings",
                ["lastModifiedDateTime"] = "2025-09-30T00:00:00Z",
                ["policyVersion"] = "1.5",
                ["reconfirmationInDays"] = 0,
                ["policyMigrationState"] = Str(fixture ?? new JsonObject(), "policyMigrationState") ?? "migrationComplete",
                ["registrationEnforcement"] = new JsonObject
                {
                    ["authenticationMethodsRegistrationCampaign"] = new JsonObject
                    {
                        ["snoozeDurationInDays"] = 1, ["state"] = "default", ["excludeTargets"] = new JsonArray(), ["includeTargets"] = new JsonArray(),
                    },
                },
                ["authenticationMethodConfigurations@odata.context"] =
                    "https://graph.microsoft.com/v1.0/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations",
                ["authenticationMethodConfigurations"] = configurations,
            };
        }

        public JsonObject BuildAuthorizationPolicy()
        {
            return new JsonObject
            {
                ["id"] = "authorizationPolicy",
                ["allowInvitesFrom"] = "everyone",
                ["allowedToSignUpEmailBasedSubscriptions"] = true,
                ["allowedToUseSSPR"] = AllowedToUseSspr,
                ["allowEmailVerifiedUsersToJoinOrganization"] = false,
                ["allowUserConsentForRiskyApps"] = null,
                ["blockMsolPowerShell"] = false,
                ["description"] = "Used to manage authorization related settings across the company.",
                ["displayName"] = "Authorization Policy",
                ["guestUserRoleId"] = "10dae51f-b6af-4016-8d66-8c2a99b929b3",
                ["defaultUserRolePermissions"] = new JsonObject
                {
                    ["allowedToCreateApps"] = true,
                    ["allowedToCreateSecurityGroups"] = true,
                    ["allowedToCreateTenants"] = true,
                    ["allowedToReadBitlockerKeysForOwnedDevice"] = true,
                    ["allowedToReadOtherUsers"] = true,
                    ["permissionGrantPoliciesAssigned"] = new JsonArray("ManagePermissionGrantsForSelf.microsoft-user-default-legacy"),
                },
            };
        }

        /// <summary>The full user object (every known property; the ones the fixture lacks are null or []).</summary>
        public static JsonObject BuildUser(JsonObject u)
        {
            var user = new JsonObject();
            foreach (string p in EntityTypes.UserProperties)
            {
                if (u.TryGetPropertyValue(p, out JsonNode? value) && value is not null)
                {
                    user[p] = value.DeepClone();
                }
                else if (EntityTypes.UserCollectionProperties.Contains(p))
                {
                    user[p] = new JsonArray();
                }
                else if (p == "authorizationInfo")
                {
                    user[p] = new JsonObject { ["certificateUserIds"] = new JsonArray() };
                }
                else
                {
                    user[p] = p == "accountEnabled" ? true : null;
                }
            }

            return user;
        }

        public static JsonObject BuildGroup(JsonObject g)
        {
            var group = new JsonObject();
            foreach (string p in EntityTypes.GroupProperties)
            {
                group[p] = null;
            }

            group["securityEnabled"] = true;
            group["mailEnabled"] = false;
            group["isAssignableToRole"] = false;
            group["groupTypes"] = new JsonArray();
            group["proxyAddresses"] = new JsonArray();
            Overlay(group, g, EntityTypes.GroupProperties);
            return group;
        }

        public static JsonObject BuildAdministrativeUnit(JsonObject a)
        {
            var au = new JsonObject();
            foreach (string p in EntityTypes.AdministrativeUnitProperties)
            {
                au[p] = null;
            }

            au["isMemberManagementRestricted"] = false;
            Overlay(au, a, EntityTypes.AdministrativeUnitProperties);
            return au;
        }

        private static JsonObject BuildRoleDefinition(JsonObject d)
        {
            string id = Str(d, "id") ?? "";
            var def = new JsonObject
            {
                ["id"] = id,
                ["description"] = null,
                ["displayName"] = null,
                ["isBuiltIn"] = false,
                ["isEnabled"] = true,
                ["resourceScopes"] = new JsonArray("/"),
                ["templateId"] = id,
                ["version"] = null,
                ["rolePermissions"] = new JsonArray(),
            };
            Overlay(def, d, EntityTypes.RoleDefinitionProperties);
            return def;
        }

        private static JsonObject BuildRoleAssignment(JsonObject a, int index)
        {
            string principalId = Str(a, "principalId") ?? "";
            string roleId = Str(a, "roleDefinitionId") ?? "";
            string scope = Str(a, "directoryScopeId") ?? "/";
            return new JsonObject
            {
                ["id"] = Str(a, "id") ?? StableId("assignment", roleId, principalId, scope, index.ToString(CultureInfo.InvariantCulture)),
                ["principalId"] = principalId,
                ["roleDefinitionId"] = roleId,
                ["directoryScopeId"] = scope,
                ["resourceScope"] = scope,
                ["appScopeId"] = null,
                ["condition"] = null,
            };
        }

        private (JsonObject Schedule, JsonObject Instance) BuildEligibility(JsonObject e, int index)
        {
            string principalId = Str(e, "principalId") ?? "";
            string roleId = Str(e, "roleDefinitionId") ?? "";
            string scope = Str(e, "directoryScopeId") ?? "/";
            string id = Str(e, "id") ?? StableId("eligibility", roleId, principalId, scope, index.ToString(CultureInfo.InvariantCulture));
            string created = FormatDate(GeneratedAt.AddDays(-30));
            var schedule = new JsonObject
            {
                ["id"] = id,
                ["principalId"] = principalId,
                ["roleDefinitionId"] = roleId,
                ["directoryScopeId"] = scope,
                ["appScopeId"] = null,
                ["createdUsing"] = id,
                ["createdDateTime"] = created,
                ["modifiedDateTime"] = created,
                ["status"] = "Provisioned",
                ["memberType"] = "Direct",
                ["scheduleInfo"] = new JsonObject
                {
                    ["startDateTime"] = created,
                    ["recurrence"] = null,
                    ["expiration"] = new JsonObject { ["type"] = "noExpiration", ["endDateTime"] = null, ["duration"] = null },
                },
            };
            var instance = new JsonObject
            {
                ["id"] = StableId("eligibility-instance", id),
                ["principalId"] = principalId,
                ["roleDefinitionId"] = roleId,
                ["directoryScopeId"] = scope,
                ["appScopeId"] = null,
                ["startDateTime"] = created,
                ["endDateTime"] = null,
                ["memberType"] = "Direct",
                ["roleEligibilityScheduleId"] = id,
            };
            return (schedule, instance);
        }

        private static JsonObject BuildAuditEvent(JsonObject e, int index)
        {
            var ev = new JsonObject();
            foreach (string p in EntityTypes.AuditProperties)
            {
                ev[p] = null;
            }

            Overlay(ev, e, new[] { "id", "category", "correlationId", "result", "resultReason", "activityDisplayName", "loggedByService", "operationType" });
            ev["id"] ??= StableId("audit", index.ToString(CultureInfo.InvariantCulture), Str(e, "activityDisplayName") ?? "");
            DateTimeOffset when = ReadDate(e["activityDateTime"]) ?? DateTimeOffset.UnixEpoch;
            ev["activityDateTime"] = FormatDate(when);

            JsonObject? initiatorUser = (e["initiatedBy"] as JsonObject)?["user"] as JsonObject;
            JsonObject? user = null;
            if (initiatorUser is not null)
            {
                user = new JsonObject { ["id"] = null, ["displayName"] = null, ["userPrincipalName"] = null, ["ipAddress"] = null, ["userType"] = null };
                Overlay(user, initiatorUser, new[] { "id", "displayName", "userPrincipalName", "ipAddress", "userType" });
            }

            ev["initiatedBy"] = new JsonObject { ["app"] = null, ["user"] = user };

            var targets = new JsonArray();
            foreach (JsonObject t in Objects(e["targetResources"]))
            {
                var target = new JsonObject
                {
                    ["id"] = null,
                    ["displayName"] = null,
                    ["type"] = null,
                    ["userPrincipalName"] = null,
                    ["groupType"] = null,
                    ["modifiedProperties"] = new JsonArray(),
                };
                Overlay(target, t, new[] { "id", "displayName", "type", "userPrincipalName", "groupType", "modifiedProperties" });
                targets.Add(target);
            }

            ev["targetResources"] = targets;

            var details = new JsonArray();
            foreach (JsonObject d in Objects(e["additionalDetails"]))
            {
                var kv = new JsonObject { ["key"] = null, ["value"] = null };
                Overlay(kv, d, new[] { "key", "value" });
                details.Add(kv);
            }

            ev["additionalDetails"] = details;
            return ev;
        }

        /// <summary>The userRegistrationDetails row of a fixture user, or null when the fixture has none for them.</summary>
        public static JsonObject? BuildRegistrationRow(JsonObject u)
        {
            if (u["registrationDetails"] is not JsonObject r)
            {
                return null;
            }

            string? userType = Str(u, "userType");
            var row = new JsonObject
            {
                ["id"] = Str(u, "id"),
                ["userPrincipalName"] = Str(u, "userPrincipalName"),
                ["userDisplayName"] = Str(u, "displayName"),
                ["userType"] = string.Equals(userType, "Guest", StringComparison.OrdinalIgnoreCase) ? "guest" : "member",
                ["isAdmin"] = r["isAdmin"]?.DeepClone(),
                ["isSsprRegistered"] = r["isSsprRegistered"]?.DeepClone(),
                ["isSsprEnabled"] = r["isSsprEnabled"]?.DeepClone(),
                ["isSsprCapable"] = r["isSsprCapable"]?.DeepClone(),
                ["isMfaRegistered"] = r["isMfaRegistered"]?.DeepClone(),
                ["isMfaCapable"] = (r["isMfaCapable"] ?? r["isMfaRegistered"])?.DeepClone(),
                ["isPasswordlessCapable"] = r["isPasswordlessCapable"]?.DeepClone() ?? false,
                ["isSystemPreferredAuthenticationMethodEnabled"] = r["isSystemPreferredAuthenticationMethodEnabled"]?.DeepClone() ?? false,
                ["methodsRegistered"] = r["methodsRegistered"] is JsonArray m ? m.DeepClone() : new JsonArray(),
                ["systemPreferredAuthenticationMethods"] = r["systemPreferredAuthenticationMethods"] is JsonArray s ? s.DeepClone() : new JsonArray(),
                ["userPreferredMethodForSecondaryAuthentication"] = r["userPreferredMethodForSecondaryAuthentication"]?.DeepClone() ?? "none",
                ["lastUpdatedDateTime"] = ReadDate(r["lastUpdatedDateTime"]) is DateTimeOffset d ? FormatDate(d) : null,
            };
            return row;
        }

        /// <summary>The user's authentication methods in Graph shape (with @odata.type), or null when the fixture marks them unreadable.</summary>
        public static List<JsonObject>? BuildMethods(JsonObject u, bool maskPhones)
        {
            if (u["authenticationMethods"] is not JsonArray methods)
            {
                return null;
            }

            var result = new List<JsonObject>();
            int index = 0;
            string userId = Str(u, "id") ?? "";
            foreach (JsonObject m in methods.OfType<JsonObject>())
            {
                string type = Str(m, "@odata.type") ?? "#microsoft.graph.authenticationMethod";
                var method = new JsonObject { ["@odata.type"] = type };
                switch (type)
                {
                    case "#microsoft.graph.passwordAuthenticationMethod":
                        method["id"] = Str(m, "id") ?? PasswordMethodId;
                        method["password"] = null;
                        method["createdDateTime"] = null;
                        break;
                    case "#microsoft.graph.phoneAuthenticationMethod":
                        string? phoneType = Str(m, "phoneType");
                        method["id"] = Str(m, "id") ?? (string.Equals(phoneType, "alternateMobile", StringComparison.OrdinalIgnoreCase)
                            ? AlternateMobilePhoneMethodId
                            : string.Equals(phoneType, "office", StringComparison.OrdinalIgnoreCase) ? OfficePhoneMethodId : MobilePhoneMethodId);
                        string? number = Str(m, "phoneNumber");
                        method["phoneNumber"] = maskPhones && number is not null ? MaskPhone(number) : number;
                        method["phoneType"] = phoneType;
                        method["smsSignInState"] = "notAllowedByPolicy";
                        break;
                    case "#microsoft.graph.emailAuthenticationMethod":
                        method["id"] = Str(m, "id") ?? EmailMethodId;
                        method["emailAddress"] = Str(m, "emailAddress");
                        break;
                    default:
                        method["id"] = Str(m, "id") ?? StableId("method", userId, type, index.ToString(CultureInfo.InvariantCulture));
                        method["displayName"] = Str(m, "displayName");
                        method["createdDateTime"] = null;
                        break;
                }

                // Anything else the fixture carries for this method (deviceTag, model, ...) is passed through.
                foreach (var (key, value) in m)
                {
                    if (value is not null && !method.ContainsKey(key) && key is not ("phoneNumber" or "id"))
                    {
                        method[key] = value?.DeepClone();
                    }
                }

                result.Add(method);
                index++;
            }

            return result;
        }

        /// <summary>"+1 5555551234" → "+1 XXXXXXXX34": country code kept, every digit but the last two masked.</summary>
        public static string MaskPhone(string number)
        {
            int space = number.IndexOf(' ');
            string prefix = space > 0 ? number.Substring(0, space + 1) : "";
            string rest = space > 0 ? number.Substring(space + 1) : number;
            int digits = rest.Count(char.IsDigit);
            var sb = new StringBuilder(prefix);
            int seen = 0;
            foreach (char c in rest)
            {
                if (char.IsDigit(c))
                {
                    seen++;
                    sb.Append(seen > digits - 2 ? c : 'X');
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        // ---------------------------------------------------------------- helpers

        public static IEnumerable<JsonObject> Objects(JsonNode? node) =>
            node is JsonArray array ? array.OfType<JsonObject>() : Enumerable.Empty<JsonObject>();

        public static IEnumerable<string> Strings(JsonNode? node) =>
            node is JsonArray array
                ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())
                : Enumerable.Empty<string>();

        public static string? Str(JsonObject obj, string name) =>
            obj.TryGetPropertyValue(name, out JsonNode? v) && v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String
                ? jv.GetValue<string>()
                : null;

        public static bool? Bool(JsonObject obj, string name) =>
            obj.TryGetPropertyValue(name, out JsonNode? v) && v is JsonValue jv
                ? jv.GetValueKind() switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => null,
                }
                : null;

        public static DateTimeOffset? ReadDate(JsonNode? node) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.String && JsonCompare.TryDate(v.GetValue<string>(), out DateTimeOffset d)
                ? d
                : null;

        /// <summary>Graph's timestamp style: UTC with a Z, fractional seconds only when present.</summary>
        public static string FormatDate(DateTimeOffset value) =>
            value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

        private static void Overlay(JsonObject target, JsonObject source, IEnumerable<string> props)
        {
            foreach (string p in props)
            {
                if (source.TryGetPropertyValue(p, out JsonNode? value))
                {
                    target[p] = value?.DeepClone();
                }
            }
        }

        /// <summary>A GUID-shaped id derived from the given parts (stable across runs).</summary>
        public static string StableId(params string[] parts)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts)));
            return new Guid(hash.AsSpan(0, 16)).ToString();
        }
    }
}
