using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR016: the account holds no role covered by the administrator reset policy.</summary>
    [Finding(FindingSeverity.Error, Symptoms = new[] { DiagnosisSymptom.NoEmailReceived, DiagnosisSymptom.NoSmsReceived, DiagnosisSymptom.InvalidSecurityCode })]
    public sealed class Sspr016NotAnAdmin : IAdminRule
    {
        public string Id => "SSPR016";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            if (admin.IsAdmin)
            {
                return Findings.None;
            }

            var roles = admin.Holdings.Count == 0 ? "" : Texts.Format("SSPR016_DetailRoles", admin.RoleSummary);
            return Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR016_Detail", admin.User.UserPrincipalName, roles));
        }
    }
}
