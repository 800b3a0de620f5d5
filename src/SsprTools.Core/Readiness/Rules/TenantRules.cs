using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR001: admin SSPR is off (authorizationPolicy.allowedToUseSSPR false). Info when that is the declared posture.</summary>
    public sealed class Sspr001AdminSsprDisabled : ITenantRule, IAdminRule
    {
        public string Id => "SSPR001";

        public IEnumerable<Finding> EvaluateTenant(TenantContext tenant)
        {
            if (tenant.AdminSsprAllowed)
            {
                return Findings.None;
            }

            return tenant.ExpectsDisabled
                ? Findings.One(Id, FindingSeverity.Info, Texts.Get("SSPR001_DetailExpected"))
                : Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR001_Detail", tenant.Data.Tenant.DisplayName));
        }

        // The admin policy switch only concerns admins; a non-admin follows the user policy.
        public IEnumerable<Finding> Evaluate(AdminContext admin) => admin.IsAdmin ? EvaluateTenant(admin.Tenant) : Findings.None;
    }

    /// <summary>SSPR012: at most one enabled Global Administrator: nobody above them can reset them.</summary>
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

    /// <summary>SSPR017: admin SSPR is on although the declared posture is Disabled.</summary>
    public sealed class Sspr017EnabledAgainstPosture : ITenantRule, IAdminRule
    {
        public string Id => "SSPR017";

        public IEnumerable<Finding> EvaluateTenant(TenantContext tenant) =>
            tenant.ExpectsDisabled && tenant.AdminSsprAllowed
                ? Findings.One(Id, FindingSeverity.Warning, Texts.Get("SSPR017_Detail"))
                : Findings.None;

        public IEnumerable<Finding> Evaluate(AdminContext admin) => admin.IsAdmin ? EvaluateTenant(admin.Tenant) : Findings.None;
    }
}
