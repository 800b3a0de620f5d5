using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR017: admin SSPR is on although the declared posture is Disabled.</summary>
    [Finding(FindingSeverity.Warning)]
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
