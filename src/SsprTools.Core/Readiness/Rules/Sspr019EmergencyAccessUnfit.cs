using System.Collections.Generic;
using SsprTools.Core.Snapshots;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>
    /// SSPR019: a declared emergency access account is not fit for its purpose. Criteria from
    /// learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access: cloud-only accounts that use
    /// the *.onmicrosoft.com domain, not federated or synchronized; the Global Administrator role "active permanent rather
    /// than eligible"; a passwordless method, passkey (FIDO2) or certificate-based authentication. A disabled account is no
    /// way in at all. One finding; its Detail names every criterion that fails.
    /// </summary>
    [Finding(FindingSeverity.Error)]
    public sealed class Sspr019EmergencyAccessUnfit : IAdminRule
    {
        public string Id => "SSPR019";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            if (!admin.IsEmergencyAccess)
            {
                return Findings.None;
            }

            var user = admin.User;
            var index = admin.Tenant.Index;
            var reasons = new List<string>();
            if (!user.AccountEnabled)
            {
                reasons.Add(Texts.Get("SSPR019_Disabled"));
            }

            if (user.OnPremisesSyncEnabled == true)
            {
                reasons.Add(Texts.Get("SSPR019_Synced"));
            }

            if (!EmergencyAccess.OnInitialDomain(user.UserPrincipalName))
            {
                reasons.Add(Texts.Format("SSPR019_NotInitialDomain", user.UserPrincipalName));
            }

            if (!EmergencyAccess.HasPermanentGlobalAdministrator(index, user))
            {
                reasons.Add(EmergencyAccess.HasEligibleGlobalAdministratorOnly(index, user)
                    ? Texts.Get("SSPR019_EligibleOnly")
                    : Texts.Get("SSPR019_NoGlobalAdministrator"));
            }

            // Null (methods unreadable) is reported as not evaluated by the evaluator, never as a failure.
            if (EmergencyAccess.HasPhishingResistantMethod(user, admin.Methods.AuthenticationMethodsRead, CertificateBindingsRead(admin)) == false)
            {
                reasons.Add(Texts.Get("SSPR019_NoPhishingResistant"));
            }

            return reasons.Count == 0
                ? Findings.None
                : Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR019_Detail", user.UserPrincipalName, string.Join("; ", reasons)));
        }

        /// <summary>Snapshots before schemaVersion 2 did not record authorizationInfo.certificateUserIds.</summary>
        internal static bool CertificateBindingsRead(AdminContext admin) =>
            admin.Tenant.Data.SchemaVersion >= SnapshotFormat.OwnersAndPolicyVersion;
    }
}
