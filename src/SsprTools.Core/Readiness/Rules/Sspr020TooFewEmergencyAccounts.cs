using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>
    /// SSPR020: fewer than two emergency access accounts. learn.microsoft.com/entra/identity/role-based-access-control/
    /// security-emergency-access: "Create two or more emergency access accounts." Warning when fewer than two declared
    /// accounts exist (on the tenant, on every Global Administrator, active or eligible, and on each declared account: they
    /// are the ones a lockout strands). Graph has no "emergency access" marker, so when none were declared the finding is
    /// Info, tenant-level only, and names the accounts that match the page's criteria as candidates.
    /// </summary>
    [Finding(FindingSeverity.Warning, FindingSeverity.Info)]
    public sealed class Sspr020TooFewEmergencyAccounts : ITenantRule, IAdminRule
    {
        public string Id => "SSPR020";

        public IEnumerable<Finding> EvaluateTenant(TenantContext tenant)
        {
            if (!tenant.EmergencyAccessDeclared)
            {
                var candidates = tenant.EmergencyAccessCandidates;
                return Findings.One(Id, FindingSeverity.Info, candidates.Count == 0
                    ? Texts.Get("SSPR020_DetailNoneNoCandidates")
                    : Texts.Format("SSPR020_DetailNone", string.Join(", ", candidates.Select(c => c.UserPrincipalName))));
            }

            return TooFew(tenant) ? Findings.One(Id, FindingSeverity.Warning, Detail(tenant)) : Findings.None;
        }

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            var tenant = admin.Tenant;
            if (!tenant.EmergencyAccessDeclared || !TooFew(tenant))
            {
                return Findings.None;
            }

            var globalAdministrator = admin.Holdings.Any(h =>
                string.Equals(h.Role.Id, tenant.Index.Catalog.GlobalAdministratorRoleId, StringComparison.OrdinalIgnoreCase));
            return globalAdministrator || admin.IsEmergencyAccess
                ? Findings.One(Id, FindingSeverity.Warning, Detail(tenant))
                : Findings.None;
        }

        private static bool TooFew(TenantContext tenant) => tenant.EmergencyAccessAccounts.Count < 2;

        private static string Detail(TenantContext tenant)
        {
            var found = tenant.EmergencyAccessAccounts.Count;
            var detail = found == 0
                ? Texts.Get("SSPR020_DetailZero")
                : Texts.Format("SSPR020_Detail", found, string.Join(", ", tenant.EmergencyAccessAccounts.Select(u => u.UserPrincipalName)));
            return tenant.UnknownEmergencyAccessAccounts.Count == 0
                ? detail
                : detail + " " + Texts.Format("SSPR020_DetailUnknown", string.Join(", ", tenant.UnknownEmergencyAccessAccounts));
        }
    }
}
