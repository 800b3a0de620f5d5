using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR001: admin SSPR is off (authorizationPolicy.allowedToUseSSPR false). Info when that is the declared posture.</summary>
    [Finding(FindingSeverity.Error, FindingSeverity.Info, Symptoms = new[] { DiagnosisSymptom.NoEmailReceived, DiagnosisSymptom.NoSmsReceived, DiagnosisSymptom.InvalidSecurityCode })]
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
}
