using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR013: the password is managed on-premises (synced account): a cloud reset needs writeback.</summary>
    [Finding(FindingSeverity.Warning)]
    public sealed class Sspr013PasswordOnPremises : IAdminRule
    {
        public string Id => "SSPR013";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.User.OnPremisesSyncEnabled == true ? Findings.One(Id, FindingSeverity.Warning, Texts.Get("SSPR013_Detail")) : Findings.None;
    }
}
