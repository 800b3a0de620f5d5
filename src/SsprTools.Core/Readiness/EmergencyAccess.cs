using System;
using System.Linq;
using SsprTools.Core.Model;

namespace SsprTools.Core.Readiness
{
    /// <summary>
    /// The criteria of an emergency access ("break-glass") account, from
    /// learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access: cloud-only accounts on the
    /// *.onmicrosoft.com domain, the Global Administrator role active permanently rather than eligible, and a passwordless
    /// phishing-resistant method: passkey (FIDO2) or certificate-based authentication.
    /// </summary>
    public static class EmergencyAccess
    {
        /// <summary>The UPN's domain is a tenant's initial domain (*.onmicrosoft.com; *.onmicrosoft.us and *.partner.onmschina.cn in the national clouds).</summary>
        public static bool OnInitialDomain(string userPrincipalName)
        {
            var at = userPrincipalName.LastIndexOf('@');
            if (at < 0)
            {
                return false;
            }

            var domain = userPrincipalName.Substring(at + 1).Trim();
            return domain.EndsWith(".onmicrosoft.com", StringComparison.OrdinalIgnoreCase)
                || domain.EndsWith(".onmicrosoft.us", StringComparison.OrdinalIgnoreCase)
                || domain.EndsWith(".partner.onmschina.cn", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// An active (not PIM-eligible-only) tenant-wide Global Administrator assignment, direct or through a role-assignable
        /// group. Graph's roleAssignments do not say whether an active assignment has an end date, so "permanent" here means
        /// "active, not eligible".
        /// </summary>
        public static bool HasPermanentGlobalAdministrator(TenantIndex index, DirectoryUser user) =>
            index.HoldingsOf(user).Any(h => h.IsActive && h.IsTenantWide && IsGlobalAdministrator(index, h));

        /// <summary>Holds Global Administrator only as PIM-eligible.</summary>
        public static bool HasEligibleGlobalAdministratorOnly(TenantIndex index, DirectoryUser user) =>
            !HasPermanentGlobalAdministrator(index, user) && index.HoldingsOf(user).Any(h => !h.IsActive && IsGlobalAdministrator(index, h));

        /// <summary>
        /// True: a FIDO2 security key / passkey, a certificate method, or certificate user ids (certificate-based
        /// authentication) are registered. False: the methods were read and none is there. Null: the methods could not be read
        /// and no certificate binding is known, so the answer is not known.
        /// </summary>
        public static bool? HasPhishingResistantMethod(DirectoryUser user, bool methodsRead, bool certificateBindingsRead)
        {
            var methods = user.AuthenticationMethods ?? Array.Empty<AuthenticationMethodInfo>();
            if (methods.Any(m => Is(m, MethodTypes.Fido2) || Is(m, MethodTypes.X509Certificate)))
            {
                return true;
            }

            if (user.AuthorizationInfo != null && user.AuthorizationInfo.CertificateUserIds.Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                return true;
            }

            return methodsRead && certificateBindingsRead ? false : (bool?)null;
        }

        private static bool IsGlobalAdministrator(TenantIndex index, RoleHolding h) =>
            string.Equals(h.Role.Id, index.Catalog.GlobalAdministratorRoleId, StringComparison.OrdinalIgnoreCase);

        private static bool Is(AuthenticationMethodInfo m, string type) => string.Equals(m.ODataType, type, StringComparison.OrdinalIgnoreCase);
    }
}
