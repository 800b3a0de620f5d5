using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR012: at most one enabled Global Administrator: nobody above them can reset them.</summary>
    [Finding(FindingSeverity.Error)]
    public sealed class Sspr012SingleGlobalAdministrator : ITenantRule, IAdminRule
    {
        public string Id => "SSPR012";

        public IEnumerable<Finding> EvaluateTenant(TenantContext tenant) =>
            tenant.EnabledGlobalAdministrators.Count <= 1
                ? Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR012_Detail", tenant.EnabledGlobalAdministrators.Count))
                : Findings.None;

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            var globals = admin.Tenant.EnabledGlobalAdministrators;
            return globals.Count == 1 && string.Equals(globals[0].Id, admin.User.Id, StringComparison.OrdinalIgnoreCase)
                ? Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR012_DetailAdmin", admin.User.UserPrincipalName))
                : Findings.None;
        }
    }
}
