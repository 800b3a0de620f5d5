using System;
using System.Collections.Generic;

namespace SsprTools
{
    /// <summary>Can this admin get back in: by self-service, or by another admin's reset.</summary>
    public sealed class AdminReadiness
    {
        public string UserPrincipalName { get; init; } = "";
        public string? DisplayName { get; init; }
        /// <summary>Role names, with "(eligible)", "(via group X)" or "(AU: Y)" where the role is held that way.</summary>
        public string[] Roles { get; init; } = Array.Empty<string>();
        public bool AccountEnabled { get; init; }
        /// <summary>True only when the checks prove the self-service path works; false when it fails or could not be evaluated.</summary>
        public bool SelfServiceReady { get; init; }
        /// <summary>Other enabled accounts whose active roles may reset this account's password.</summary>
        public string[] AssistedResetBy { get; init; } = Array.Empty<string>();
        /// <summary>SelfServiceReady, or at least one account can reset them (and the account is enabled).</summary>
        public bool Recoverable { get; init; }
        /// <summary>Declared with -EmergencyAccessAccount: judged by SSPR019 instead of the self-service findings.</summary>
        public bool IsEmergencyAccess { get; init; }
        public Finding[] Findings { get; init; } = Array.Empty<Finding>();
        /// <summary>Checks that could not run, each "SSPRnnn: reason". Not evaluated is never passed.</summary>
        public string[] NotEvaluated { get; init; } = Array.Empty<string>();
        /// <summary>The usable self-service methods found, e.g. "Email", "MobilePhone", "AuthenticatorApp".</summary>
        public string[] UsableMethods { get; init; } = Array.Empty<string>();
        /// <summary>Methods the admin reset policy requires here (2 under the two-gate policy, else 1).</summary>
        public int RequiredMethods { get; init; }
        /// <summary>
        /// The admin's methods meet the gate requirement only thanks to SMS/voice (mobile or office phone), which Microsoft
        /// stops delivering on 2027-02-01: counted on the methods alone, whatever the -Telephony posture (SSPR018's test).
        /// </summary>
        public bool DependsOnSmsVoice { get; init; }
        /// <summary>True when the account holds a role covered by the administrator reset policy.</summary>
        public bool IsAdmin { get; init; }
        public string? UserId { get; init; }
        public string? TenantId { get; init; }
        public string? Source { get; init; }

        public override string ToString() => UserPrincipalName;
    }

    /// <summary>Tenant-level status: the replacement for Get-MsolCompanyInformation | fl SelfServePasswordResetEnabled.</summary>
    public sealed class TenantStatus
    {
        public string TenantId { get; init; } = "";
        public string TenantName { get; init; } = "";
        /// <summary>authorizationPolicy.allowedToUseSSPR: may administrators use self-service password reset.</summary>
        public bool SelfServePasswordResetEnabled { get; init; }
        public bool TwoGatePolicyApplies { get; init; }
        public int AdminCount { get; init; }
        public int GlobalAdminCount { get; init; }
        public int RecoverableAdminCount { get; init; }
        public bool RegistrationReportAvailable { get; init; }
        /// <summary>The declared emergency access accounts found in the tenant (UPNs), in declaration order.</summary>
        public string[] EmergencyAccessAccounts { get; init; } = Array.Empty<string>();
        /// <summary>The authentication methods policy, shown as context; null when it could not be read (see NotEvaluated).</summary>
        public AuthenticationMethodsPolicyStatus? AuthenticationMethodsPolicy { get; init; }
        public Finding[] Findings { get; init; } = Array.Empty<Finding>();
        public string Source { get; init; } = "";
        public DateTimeOffset RetrievedAt { get; init; }
        public ExpectedAdminSspr ExpectedAdminSspr { get; init; }
        /// <summary>The declared telephony posture the scan used (-Telephony).</summary>
        public Telephony Telephony { get; init; }
        /// <summary>The date the rules were evaluated for (-AsOf; default today).</summary>
        public DateTime AsOf { get; init; }
        /// <summary>The first day Microsoft no longer delivers SMS and voice codes (2027-02-01).</summary>
        public DateTime SmsVoiceRetirementDate { get; init; }
        /// <summary>Admins whose gates are met only thanks to SMS/voice (their DependsOnSmsVoice), whatever -Telephony says.</summary>
        public int SmsVoiceDependentAdminCount { get; init; }
        public string[] SmsVoiceDependentAdmins { get; init; } = Array.Empty<string>();
        /// <summary>Admins whose self-service path works under this scan's posture and date.</summary>
        public int SelfServiceReadyAdminCount { get; init; }
        /// <summary>The same count on 2027-02-01 under this -Telephony (unchanged unless -Telephony Microsoft).</summary>
        public int SelfServiceReadyAdminCountAfterRetirement { get; init; }
        /// <summary>RecoverableAdminCount on 2027-02-01 under this -Telephony.</summary>
        public int RecoverableAdminCountAfterRetirement { get; init; }
        /// <summary>Admins who are self-service ready now and lose that path on 2027-02-01 (only with -Telephony Microsoft before the date).</summary>
        public string[] AdminsLosingSelfService { get; init; } = Array.Empty<string>();
        /// <summary>The tenant's Microsoft Entra ID edition as read ("premium", "trial", "free"), or null when unknown.</summary>
        public string? EntraIdEdition { get; init; }
        /// <summary>Parts of the tenant that could not be read, each "what: why".</summary>
        public string[] NotEvaluated { get; init; } = Array.Empty<string>();

        public override string ToString() => TenantName;
    }

    /// <summary>
    /// The tenant's authentication methods policy (GET /policies/authenticationMethodsPolicy): its migration state and
    /// whether each method is enabled there. Context only: the administrator SSPR policy does not depend on it
    /// (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy), so no finding is drawn from it.
    /// Each method is "enabled", "disabled", or null when the policy does not list it.
    /// </summary>
    public sealed class AuthenticationMethodsPolicyStatus
    {
        /// <summary>preMigration, migrationInProgress, migrationComplete.</summary>
        public string? MigrationState { get; init; }
        public string? Sms { get; init; }
        public string? Voice { get; init; }
        public string? Email { get; init; }
        public string? Fido2 { get; init; }
        public string? MicrosoftAuthenticator { get; init; }
        public string? SoftwareOath { get; init; }
        public string? TemporaryAccessPass { get; init; }

        public override string ToString() =>
            string.Join(", ", new[]
            {
                "MigrationState=" + (MigrationState ?? "?"), "Sms=" + (Sms ?? "-"), "Voice=" + (Voice ?? "-"), "Email=" + (Email ?? "-"),
                "Fido2=" + (Fido2 ?? "-"), "MicrosoftAuthenticator=" + (MicrosoftAuthenticator ?? "-"), "SoftwareOath=" + (SoftwareOath ?? "-"),
                "TemporaryAccessPass=" + (TemporaryAccessPass ?? "-"),
            });
    }
}
