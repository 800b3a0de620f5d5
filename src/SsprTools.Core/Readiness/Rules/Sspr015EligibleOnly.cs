using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR015: every admin role is held as PIM-eligible only.</summary>
    [Finding(FindingSeverity.Info)]
    public sealed class Sspr015EligibleOnly : IAdminRule
    {
        public string Id => "SSPR015";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            var adminHoldings = admin.Holdings.Where(h => h.Role.AdminPolicy).ToList();
            if (adminHoldings.Count == 0 || adminHoldings.Any(h => h.IsActive))
            {
                return Findings.None;
            }

            var roles = string.Join(", ", adminHoldings.Select(h => h.Role.Name).Distinct());
            return Findings.One(Id, FindingSeverity.Info, Texts.Format("SSPR015_Detail", roles));
        }
    }
}
