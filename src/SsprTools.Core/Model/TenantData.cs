using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace SsprTools.Core.Model
{
    // What the checks read about a tenant. The snapshot file is this object serialized (schemaVersion 2);
    // sub-objects keep Microsoft Graph v1.0 property names so a live read maps onto it one-to-one.

    /// <summary>Everything the readiness, reset and diagnosis checks read about one tenant.</summary>
    public sealed class TenantData
    {
        private CollectionInfo collection = new CollectionInfo();

        [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = Snapshots.SnapshotFormat.CurrentSchemaVersion;
        [JsonPropertyName("generatedAt")] public DateTimeOffset? GeneratedAt { get; init; }
        /// <summary>Where the data came from: "snapshot", "graph", "sample"; set by the source.</summary>
        [JsonPropertyName("source")] public string? Source { get; init; }
        [JsonPropertyName("redacted")] public bool Redacted { get; init; }
        [JsonPropertyName("tenant")] public TenantInfo Tenant { get; init; } = new TenantInfo();
        [JsonPropertyName("collection")]
        public CollectionInfo Collection { get => collection; init => collection = value ?? new CollectionInfo(); }
        [JsonPropertyName("users")] public IReadOnlyList<DirectoryUser> Users { get; init; } = Array.Empty<DirectoryUser>();
        [JsonPropertyName("groups")] public IReadOnlyList<DirectoryGroup> Groups { get; init; } = Array.Empty<DirectoryGroup>();
        [JsonPropertyName("administrativeUnits")] public IReadOnlyList<AdministrativeUnit> AdministrativeUnits { get; init; } = Array.Empty<AdministrativeUnit>();
        [JsonPropertyName("roleDefinitions")] public IReadOnlyList<RoleDefinitionInfo> RoleDefinitions { get; init; } = Array.Empty<RoleDefinitionInfo>();
        [JsonPropertyName("roleAssignments")] public IReadOnlyList<RoleAssignmentInfo> RoleAssignments { get; init; } = Array.Empty<RoleAssignmentInfo>();
        [JsonPropertyName("roleEligibilities")] public IReadOnlyList<RoleAssignmentInfo> RoleEligibilities { get; init; } = Array.Empty<RoleAssignmentInfo>();
        [JsonPropertyName("auditEvents")] public IReadOnlyList<AuditEvent> AuditEvents { get; init; } = Array.Empty<AuditEvent>();

        /// <summary>
        /// True when a live source read only the requested accounts (TenantReadOptions.RequestedUsersOnly): the audit events are
        /// those accounts' own (filtered on the server), and the other users are role holders without their methods. Not saved.
        /// </summary>
        [JsonIgnore] public bool RequestedUsersOnly { get; init; }

        /// <summary>With <see cref="RequestedUsersOnly"/>: the audit log holds SSPR events of other accounts in the window (one
        /// probe of a single row, read only when the requested accounts have none). Not saved.</summary>
        [JsonIgnore] public bool OtherAccountsLogged { get; init; }
        /// <summary>GET /policies/authenticationMethodsPolicy (schemaVersion 2); null when it was not read (see collection).</summary>
        [JsonPropertyName("authenticationMethodsPolicy")] public AuthenticationMethodsPolicyInfo? AuthenticationMethodsPolicy { get; init; }
    }

    /// <summary>
    /// The tenant's authentication methods policy, in Graph's v1.0 shape (only the fields shown). Context only: the
    /// administrator SSPR policy does not depend on it (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy).
    /// </summary>
    public sealed class AuthenticationMethodsPolicyInfo
    {
        /// <summary>preMigration, migrationInProgress, migrationComplete.</summary>
        [JsonPropertyName("policyMigrationState")] public string? PolicyMigrationState { get; init; }
        [JsonPropertyName("authenticationMethodConfigurations")]
        public IReadOnlyList<AuthenticationMethodConfigurationInfo> AuthenticationMethodConfigurations { get; init; } = Array.Empty<AuthenticationMethodConfigurationInfo>();
    }

    /// <summary>One authenticationMethodConfiguration: its id ("Sms", "Voice", "Fido2" …) and state (enabled, disabled).</summary>
    public sealed class AuthenticationMethodConfigurationInfo
    {
        [JsonPropertyName("@odata.type")] public string? ODataType { get; init; }
        [JsonPropertyName("id")] public string Id { get; init; } = "";
        [JsonPropertyName("state")] public string? State { get; init; }
    }

    public sealed class TenantInfo
    {
        [JsonPropertyName("id")] public string Id { get; init; } = "";
        [JsonPropertyName("displayName")] public string DisplayName { get; init; } = "";
        [JsonPropertyName("verifiedDomains")] public IReadOnlyList<VerifiedDomain> VerifiedDomains { get; init; } = Array.Empty<VerifiedDomain>();
        /// <summary>organization.onPremisesSyncEnabled: Entra Connect / Cloud Sync synchronizes identities.</summary>
        [JsonPropertyName("onPremisesSyncEnabled")] public bool? OnPremisesSyncEnabled { get; init; }
        /// <summary>authorizationPolicy.allowedToUseSSPR: may administrators use self-service password reset.</summary>
        [JsonPropertyName("allowedToUseSSPR")] public bool AllowedToUseSspr { get; init; } = true;
        /// <summary>Graph root of the cloud the tenant lives in; picks the SSPR sender addresses.</summary>
        [JsonPropertyName("cloud")] public string? Cloud { get; init; }
        /// <summary>
        /// The Microsoft Entra ID edition, for the admin policy's voice rule: "Office and mobile voice calls are also
        /// prohibited for trial or free versions of Microsoft Entra ID"
        /// (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy). One of <see cref="EntraIdEditions"/>:
        /// "premium" (an enabled Entra ID P1 or P2 service plan from a paid subscription), "trial" (P1/P2 only from trial
        /// subscriptions), "free" (no enabled P1/P2 plan); null when it was not read (then voice counts, and the result
        /// notes that the Free/trial rule was not evaluated where it matters). Live: organization.assignedPlans
        /// (service "AADPremiumService", capabilityStatus "Enabled") and directory/subscriptions (isTrial).
        /// </summary>
        [JsonPropertyName("entraIdEdition")] public string? EntraIdEdition { get; init; }
    }

    /// <summary>Values of <see cref="TenantInfo.EntraIdEdition"/>.</summary>
    public static class EntraIdEditions
    {
        public const string Premium = "premium";
        public const string Trial = "trial";
        public const string Free = "free";

        /// <summary>True for "free" and "trial": voice calls (office phone, mobile voice) do not count for admins there.</summary>
        public static bool ProhibitsVoice(string? edition) =>
            string.Equals(edition, Free, StringComparison.OrdinalIgnoreCase) || string.Equals(edition, Trial, StringComparison.OrdinalIgnoreCase);

        public static bool IsKnown(string? edition) =>
            ProhibitsVoice(edition) || string.Equals(edition, Premium, StringComparison.OrdinalIgnoreCase);
    }

    public sealed class VerifiedDomain
    {
        [JsonPropertyName("name")] public string Name { get; init; } = "";
        [JsonPropertyName("isDefault")] public bool IsDefault { get; init; }
        [JsonPropertyName("isInitial")] public bool IsInitial { get; init; }
    }

    /// <summary>Which reads succeeded. A part that could not be read is "not evaluated", never "passed".</summary>
    public sealed class CollectionInfo
    {
        /// <summary>userRegistrationDetails: available, notLicensed, forbidden, notRead.</summary>
        [JsonPropertyName("registrationReport")] public string RegistrationReport { get; init; } = CollectionStates.NotRead;
        /// <summary>PIM eligibility schedules: available, notLicensed, forbidden, notRead.</summary>
        [JsonPropertyName("roleEligibilities")] public string RoleEligibilities { get; init; } = CollectionStates.Available;
        /// <summary>Per-user authentication methods: available, masked (phone numbers masked for this caller), forbidden, notRead.</summary>
        [JsonPropertyName("authenticationMethods")] public string AuthenticationMethods { get; init; } = CollectionStates.Available;
        /// <summary>auditLogs/directoryAudits: available, notLicensed, forbidden, notRead.</summary>
        [JsonPropertyName("auditLogs")] public string AuditLogs { get; init; } = CollectionStates.Available;
        /// <summary>policies/authenticationMethodsPolicy (schemaVersion 2): available, forbidden, notRead. Default notRead.</summary>
        [JsonPropertyName("authenticationMethodsPolicy")] public string AuthenticationMethodsPolicy { get; init; } = CollectionStates.NotRead;
        [JsonPropertyName("notes")] public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();
        /// <summary>Optional reads of who-can-reset data that were denied (403: role group or unit members, PIM schedules), one
        /// line each naming the permission: every result lists them as not evaluated. Also in <see cref="Notes"/>. Not saved.</summary>
        [JsonIgnore] public IReadOnlyList<string> DeniedReads { get; init; } = Array.Empty<string>();
    }

    public static class CollectionStates
    {
        public const string Available = "available";
        public const string NotLicensed = "notLicensed";
        public const string Forbidden = "forbidden";
        public const string Masked = "masked";
        public const string NotRead = "notRead";
    }

    public sealed class DirectoryUser
    {
        [JsonPropertyName("id")] public string Id { get; init; } = "";
        [JsonPropertyName("userPrincipalName")] public string UserPrincipalName { get; init; } = "";
        [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
        [JsonPropertyName("givenName")] public string? GivenName { get; init; }
        [JsonPropertyName("surname")] public string? Surname { get; init; }
        [JsonPropertyName("accountEnabled")] public bool AccountEnabled { get; init; } = true;
        [JsonPropertyName("userType")] public string? UserType { get; init; }
        [JsonPropertyName("onPremisesSyncEnabled")] public bool? OnPremisesSyncEnabled { get; init; }
        [JsonPropertyName("mail")] public string? Mail { get; init; }
        [JsonPropertyName("mobilePhone")] public string? MobilePhone { get; init; }
        [JsonPropertyName("businessPhones")] public IReadOnlyList<string> BusinessPhones { get; init; } = Array.Empty<string>();
        [JsonPropertyName("otherMails")] public IReadOnlyList<string> OtherMails { get; init; } = Array.Empty<string>();
        [JsonPropertyName("proxyAddresses")] public IReadOnlyList<string> ProxyAddresses { get; init; } = Array.Empty<string>();
        /// <summary>Authentication methods (Graph shapes); null when they could not be read for this user.</summary>
        /// <remarks>An array, not a list: JSON null must stay null here ("not read"), while null lists elsewhere read as empty.</remarks>
        [JsonPropertyName("authenticationMethods")] public AuthenticationMethodInfo[]? AuthenticationMethods { get; init; }
        /// <summary>Why the methods are missing (e.g. "403 Forbidden"), when they are.</summary>
        [JsonPropertyName("authenticationMethodsError")] public string? AuthenticationMethodsError { get; init; }
        /// <summary>user.authorizationInfo (schemaVersion 2): the certificate user ids that bind certificate-based authentication to the account.</summary>
        [JsonPropertyName("authorizationInfo")] public AuthorizationInfo? AuthorizationInfo { get; init; }
        /// <summary>The userRegistrationDetails row, when the report was available.</summary>
        [JsonPropertyName("registrationDetails")] public RegistrationDetails? RegistrationDetails { get; init; }
    }

    /// <summary>One authentication method in Graph's polymorphic shape (@odata.type + the fields SSPR cares about).</summary>
    public sealed class AuthenticationMethodInfo
    {
        [JsonPropertyName("@odata.type")] public string ODataType { get; init; } = "";
        [JsonPropertyName("id")] public string? Id { get; init; }
        [JsonPropertyName("phoneNumber")] public string? PhoneNumber { get; init; }
        /// <summary>mobile, alternateMobile, office.</summary>
        [JsonPropertyName("phoneType")] public string? PhoneType { get; init; }
        [JsonPropertyName("emailAddress")] public string? EmailAddress { get; init; }
        [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
    }

    public static class MethodTypes
    {
        public const string Password = "#microsoft.graph.passwordAuthenticationMethod";
        public const string Phone = "#microsoft.graph.phoneAuthenticationMethod";
        public const string Email = "#microsoft.graph.emailAuthenticationMethod";
        public const string MicrosoftAuthenticator = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod";
        public const string SoftwareOath = "#microsoft.graph.softwareOathAuthenticationMethod";
        /// <summary>A hardware OATH token: usable for MFA and SSPR (learn.microsoft.com/entra/identity/authentication/concept-authentication-methods).</summary>
        public const string HardwareOath = "#microsoft.graph.hardwareOathAuthenticationMethod";
        public const string Fido2 = "#microsoft.graph.fido2AuthenticationMethod";
        public const string TemporaryAccessPass = "#microsoft.graph.temporaryAccessPassAuthenticationMethod";
        public const string WindowsHello = "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod";
        /// <summary>Certificate-based authentication, where Graph lists it as a method (beta; v1.0 binds certificates through authorizationInfo.certificateUserIds).</summary>
        public const string X509Certificate = "#microsoft.graph.x509CertificateAuthenticationMethod";
    }

    /// <summary>Graph's authorizationInfo: certificateUserIds maps certificates to the account for certificate-based authentication.</summary>
    public sealed class AuthorizationInfo
    {
        [JsonPropertyName("certificateUserIds")] public IReadOnlyList<string> CertificateUserIds { get; init; } = Array.Empty<string>();
    }

    public sealed class RegistrationDetails
    {
        [JsonPropertyName("isAdmin")] public bool? IsAdmin { get; init; }
        [JsonPropertyName("isSsprRegistered")] public bool? IsSsprRegistered { get; init; }
        [JsonPropertyName("isSsprEnabled")] public bool? IsSsprEnabled { get; init; }
        [JsonPropertyName("isSsprCapable")] public bool? IsSsprCapable { get; init; }
        [JsonPropertyName("isMfaRegistered")] public bool? IsMfaRegistered { get; init; }
        [JsonPropertyName("methodsRegistered")] public IReadOnlyList<string> MethodsRegistered { get; init; } = Array.Empty<string>();
        [JsonPropertyName("lastUpdatedDateTime")] public DateTimeOffset? LastUpdatedDateTime { get; init; }
    }

    public sealed class DirectoryGroup
    {
        [JsonPropertyName("id")] public string Id { get; init; } = "";
        [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
        [JsonPropertyName("isAssignableToRole")] public bool IsAssignableToRole { get; init; }
        /// <summary>Member object ids (users; nested groups are not role-assignable and are not followed).</summary>
        [JsonPropertyName("members")] public IReadOnlyList<string> Members { get; init; } = Array.Empty<string>();
        /// <summary>Owner object ids (schemaVersion 2). Null: not read (an older snapshot, or the read was refused).</summary>
        /// <remarks>An array, not a list: JSON null must stay null here ("not read").</remarks>
        [JsonPropertyName("owners")] public string[]? Owners { get; init; }
    }

    public sealed class AdministrativeUnit
    {
        [JsonPropertyName("id")] public string Id { get; init; } = "";
        [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
        [JsonPropertyName("isMemberManagementRestricted")] public bool IsMemberManagementRestricted { get; init; }
        [JsonPropertyName("members")] public IReadOnlyList<string> Members { get; init; } = Array.Empty<string>();
    }

    public sealed class RoleDefinitionInfo
    {
        [JsonPropertyName("id")] public string Id { get; init; } = "";
        [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
        [JsonPropertyName("isBuiltIn")] public bool IsBuiltIn { get; init; }
    }

    /// <summary>unifiedRoleAssignment or unifiedRoleEligibilitySchedule (the fields both share).</summary>
    public sealed class RoleAssignmentInfo
    {
        [JsonPropertyName("id")] public string? Id { get; init; }
        [JsonPropertyName("principalId")] public string PrincipalId { get; init; } = "";
        [JsonPropertyName("roleDefinitionId")] public string RoleDefinitionId { get; init; } = "";
        /// <summary>"/" for the tenant, "/administrativeUnits/{id}" for an administrative unit.</summary>
        [JsonPropertyName("directoryScopeId")] public string DirectoryScopeId { get; init; } = "/";
    }

    /// <summary>A directoryAudit record (only the fields the diagnosis reads).</summary>
    public sealed class AuditEvent
    {
        [JsonPropertyName("id")] public string? Id { get; init; }
        [JsonPropertyName("category")] public string? Category { get; init; }
        [JsonPropertyName("correlationId")] public string? CorrelationId { get; init; }
        [JsonPropertyName("result")] public string? Result { get; init; }
        [JsonPropertyName("resultReason")] public string? ResultReason { get; init; }
        [JsonPropertyName("activityDisplayName")] public string? ActivityDisplayName { get; init; }
        [JsonPropertyName("activityDateTime")] public DateTimeOffset ActivityDateTime { get; init; }
        [JsonPropertyName("loggedByService")] public string? LoggedByService { get; init; }
        [JsonPropertyName("operationType")] public string? OperationType { get; init; }
        [JsonPropertyName("initiatedBy")] public AuditInitiator? InitiatedBy { get; init; }
        [JsonPropertyName("targetResources")] public IReadOnlyList<AuditTarget> TargetResources { get; init; } = Array.Empty<AuditTarget>();
        [JsonPropertyName("additionalDetails")] public IReadOnlyList<AuditKeyValue> AdditionalDetails { get; init; } = Array.Empty<AuditKeyValue>();
    }

    public sealed class AuditInitiator
    {
        [JsonPropertyName("user")] public AuditUser? User { get; init; }
    }

    public sealed class AuditUser
    {
        [JsonPropertyName("id")] public string? Id { get; init; }
        [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
        [JsonPropertyName("userPrincipalName")] public string? UserPrincipalName { get; init; }
        [JsonPropertyName("ipAddress")] public string? IpAddress { get; init; }
    }

    public sealed class AuditTarget
    {
        [JsonPropertyName("id")] public string? Id { get; init; }
        [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
        [JsonPropertyName("type")] public string? Type { get; init; }
        [JsonPropertyName("userPrincipalName")] public string? UserPrincipalName { get; init; }
    }

    public sealed class AuditKeyValue
    {
        [JsonPropertyName("key")] public string? Key { get; init; }
        [JsonPropertyName("value")] public string? Value { get; init; }
    }
}
