using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;

namespace SsprTools.Core.Tests
{
    /// <summary>Role template ids, written out here (not read from the data file) so the tests check the data.</summary>
    internal static class RoleIds
    {
        public const string GlobalAdmin = "62e90394-69f5-4237-9190-012177145e10";
        public const string PrivAuthAdmin = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";
        public const string PrivRoleAdmin = "e8611ab8-c189-46e8-94e1-60213ab1f814";
        public const string AuthAdmin = "c4e39bd9-1100-46d3-8c65-fb160da0071f";
        public const string UserAdmin = "fe930be7-5e62-47db-91af-98c3a49a38b1";
        public const string HelpdeskAdmin = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
        public const string PasswordAdmin = "966707d0-3269-4727-9be2-8c3a10f19b9d";
        public const string GroupsAdmin = "fdd7a751-b60b-444a-984c-02652fe8fa1c";
        public const string ExchangeAdmin = "29232cdf-9323-42fd-ade2-1d097af3e4de";
        public const string BillingAdmin = "b0f54661-2d74-4c50-afa3-1ec803f12efe";
        public const string SecurityAdmin = "194ae4cb-b126-40b2-bd5b-6091b380977d";
        public const string DirectoryReaders = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
        public const string MessageCenterReader = "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b";
        public const string ReportsReader = "4a5d8f65-41da-4de4-8968-e035b65339cf";
    }

    /// <summary>Small tenants for rule tests: a user with two good methods unless told otherwise.</summary>
    internal sealed class TenantBuilder
    {
        private readonly List<DirectoryUser> users = new List<DirectoryUser>();
        private readonly List<RoleAssignmentInfo> active = new List<RoleAssignmentInfo>();
        private readonly List<RoleAssignmentInfo> eligible = new List<RoleAssignmentInfo>();
        private readonly List<DirectoryGroup> groups = new List<DirectoryGroup>();
        private readonly List<AdministrativeUnit> units = new List<AdministrativeUnit>();

        public bool AllowedToUseSspr { get; set; } = true;
        public bool CustomDomain { get; set; } = true;
        public bool Synced { get; set; }
        public string AuthenticationMethodsCollection { get; set; } = CollectionStates.Available;
        public string AuditLogsCollection { get; set; } = CollectionStates.Available;
        public string RoleEligibilitiesCollection { get; set; } = CollectionStates.Available;
        public string? Cloud { get; set; }
        public DateTimeOffset? GeneratedAt { get; set; }
        public int SchemaVersion { get; set; } = Snapshots.SnapshotFormat.CurrentSchemaVersion;
        public AuthenticationMethodsPolicyInfo? MethodsPolicy { get; set; }
        public List<AuditEvent> AuditEvents { get; } = new List<AuditEvent>();

        public static AuthenticationMethodInfo Phone(string number, string type = "mobile") =>
            new AuthenticationMethodInfo { ODataType = MethodTypes.Phone, PhoneNumber = number, PhoneType = type, Id = Guid.NewGuid().ToString() };

        public static AuthenticationMethodInfo Email(string address) =>
            new AuthenticationMethodInfo { ODataType = MethodTypes.Email, EmailAddress = address, Id = Guid.NewGuid().ToString() };

        public static AuthenticationMethodInfo App() =>
            new AuthenticationMethodInfo { ODataType = MethodTypes.MicrosoftAuthenticator, DisplayName = "Pixel 9", Id = Guid.NewGuid().ToString() };

        public static AuthenticationMethodInfo Fido2() =>
            new AuthenticationMethodInfo { ODataType = MethodTypes.Fido2, DisplayName = "YubiKey 5", Id = Guid.NewGuid().ToString() };

        public static AuthenticationMethodInfo Password() =>
            new AuthenticationMethodInfo { ODataType = MethodTypes.Password, Id = "28c10230-6103-485e-b985-444c60001490" };

        /// <summary>
        /// The default mobile: a French mobile, outside Microsoft's SMS/voice opt-in table (concept-mfa-regional-opt-in),
        /// so the default user gets no SSPR014.
        /// </summary>
        public const string DefaultMobile = "+33 612345678";

        public static AuthenticationMethodInfo HardwareOath() =>
            new AuthenticationMethodInfo { ODataType = MethodTypes.HardwareOath, DisplayName = "Token 1234", Id = Guid.NewGuid().ToString() };

        public static AuthenticationMethodInfo SoftwareOath() =>
            new AuthenticationMethodInfo { ODataType = MethodTypes.SoftwareOath, Id = Guid.NewGuid().ToString() };

        /// <summary>TenantInfo.entraIdEdition: "premium", "trial", "free" or null (not read).</summary>
        public string? EntraIdEdition { get; set; } = Model.EntraIdEditions.Premium;

        /// <summary>A user; methods default to a good mobile, an outside email and Microsoft Authenticator (three gates, none SMS-dependent).</summary>
        public DirectoryUser User(string name, IEnumerable<AuthenticationMethodInfo>? methods = null, bool enabled = true,
            string? mobilePhone = null, string[]? otherMails = null, string[]? businessPhones = null, bool? synced = null,
            bool methodsUnreadable = false, string? id = null, string domain = "contoso.com", string[]? certificateUserIds = null)
        {
            var user = new DirectoryUser
            {
                Id = id ?? Guid.NewGuid().ToString(),
                UserPrincipalName = name + "@" + domain,
                AuthorizationInfo = certificateUserIds == null ? null : new AuthorizationInfo { CertificateUserIds = certificateUserIds },
                DisplayName = name,
                Mail = name + "@contoso.com",
                AccountEnabled = enabled,
                MobilePhone = mobilePhone,
                OtherMails = otherMails ?? Array.Empty<string>(),
                BusinessPhones = businessPhones ?? Array.Empty<string>(),
                OnPremisesSyncEnabled = synced,
                AuthenticationMethods = methodsUnreadable ? null
                    : (methods ?? new[] { Password(), Phone(DefaultMobile), Email(name + "@outlook.com"), App() }).ToArray(),
                AuthenticationMethodsError = methodsUnreadable ? "403 Forbidden" : null,
            };
            users.Add(user);
            return user;
        }

        public TenantBuilder Assign(DirectoryUser user, string roleId, string scope = "/")
        {
            active.Add(new RoleAssignmentInfo { Id = Guid.NewGuid().ToString(), PrincipalId = user.Id, RoleDefinitionId = roleId, DirectoryScopeId = scope });
            return this;
        }

        public TenantBuilder AssignGroup(DirectoryGroup group, string roleId)
        {
            active.Add(new RoleAssignmentInfo { Id = Guid.NewGuid().ToString(), PrincipalId = group.Id, RoleDefinitionId = roleId, DirectoryScopeId = "/" });
            return this;
        }

        public TenantBuilder Eligible(DirectoryUser user, string roleId)
        {
            eligible.Add(new RoleAssignmentInfo { Id = Guid.NewGuid().ToString(), PrincipalId = user.Id, RoleDefinitionId = roleId, DirectoryScopeId = "/" });
            return this;
        }

        public DirectoryGroup RoleAssignableGroup(string name, params DirectoryUser[] members) => RoleAssignableGroup(name, members, Array.Empty<DirectoryUser>());

        /// <summary>A role-assignable group; owners null means "owners not read".</summary>
        public DirectoryGroup RoleAssignableGroup(string name, DirectoryUser[] members, DirectoryUser[]? owners)
        {
            var group = new DirectoryGroup
            {
                Id = Guid.NewGuid().ToString(), DisplayName = name, IsAssignableToRole = true, Members = members.Select(m => m.Id).ToList(),
                Owners = owners?.Select(o => o.Id).ToArray(),
            };
            groups.Add(group);
            return group;
        }

        public AdministrativeUnit Unit(string name, params DirectoryUser[] members) => Unit(name, false, members);

        public AdministrativeUnit Unit(string name, bool restrictedManagement, params DirectoryUser[] members)
        {
            var unit = new AdministrativeUnit
            {
                Id = Guid.NewGuid().ToString(), DisplayName = name, IsMemberManagementRestricted = restrictedManagement, Members = members.Select(m => m.Id).ToList(),
            };
            units.Add(unit);
            return unit;
        }

        public TenantData Build() => new TenantData
        {
            SchemaVersion = SchemaVersion,
            AuthenticationMethodsPolicy = MethodsPolicy,
            Source = "test",
            GeneratedAt = GeneratedAt,
            AuditEvents = AuditEvents.ToList(),
            Tenant = new TenantInfo
            {
                Id = "00000000-0000-0000-0000-000000000001",
                DisplayName = "Contoso",
                AllowedToUseSspr = AllowedToUseSspr,
                OnPremisesSyncEnabled = Synced,
                Cloud = Cloud,
                EntraIdEdition = EntraIdEdition,
                VerifiedDomains = CustomDomain
                    ? new[] { new VerifiedDomain { Name = "contoso.onmicrosoft.com", IsInitial = true }, new VerifiedDomain { Name = "contoso.com", IsDefault = true } }
                    : new[] { new VerifiedDomain { Name = "contoso.onmicrosoft.com", IsInitial = true, IsDefault = true } },
            },
            Collection = new CollectionInfo { AuthenticationMethods = AuthenticationMethodsCollection, RegistrationReport = CollectionStates.Available, AuditLogs = AuditLogsCollection, RoleEligibilities = RoleEligibilitiesCollection },
            Users = users.ToList(),
            Groups = groups.ToList(),
            AdministrativeUnits = units.ToList(),
            RoleAssignments = active.ToList(),
            RoleEligibilities = eligible.ToList(),
        };
    }
}
