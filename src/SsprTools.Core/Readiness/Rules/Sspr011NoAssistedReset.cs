using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR011: no other enabled account with an active role may reset this account.</summary>
    [Finding(FindingSeverity.Error)]
    public sealed class Sspr011NoAssistedReset : IAdminRule
    {
        public string Id => "SSPR011";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Resetters.Count > 0
                ? Findings.None
                : Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR011_Detail", admin.User.UserPrincipalName, admin.RoleSummary));
    }
}
