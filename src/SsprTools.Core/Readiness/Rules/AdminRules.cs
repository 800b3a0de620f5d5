using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR009: under the two-gate policy, fewer than two usable methods (when the unknown ones could not make up the difference).</summary>
    public sealed class Sspr009TwoGateNotMet : IAdminRule
    {
        public string Id => "SSPR009";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            if (!admin.IsAdmin || admin.RequiredMethods < 2)
            {
                return Findings.None;
            }

            var usable = admin.Methods.UsableKinds;
            if (usable.Count >= 2 || usable.Count + admin.Methods.UnknownKinds.Count >= 2)
            {
                return Findings.None;
            }

            var names = usable.Count == 0 ? "-" : string.Join(", ", usable);
            return Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR009_Detail", usable.Count, names));
        }
    }

    /// <summary>SSPR010: the account is disabled.</summary>
    public sealed class Sspr010AccountDisabled : IAdminRule
    {
        public string Id => "SSPR010";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.User.AccountEnabled ? Findings.None : Findings.One(Id, FindingSeverity.Warning, Texts.Get("SSPR010_Detail"));
    }

    /// <summary>SSPR011: no other enabled account with an active role may reset this account.</summary>
    public sealed class Sspr011NoAssistedReset : IAdminRule
    {
        public string Id => "SSPR011";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Resetters.Count > 0
                ? Findings.None
                : Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR011_Detail", admin.User.UserPrincipalName, admin.RoleSummary));
    }

    /// <summary>SSPR013: the password is managed on-premises (synced account): a cloud reset needs writeback.</summary>
    public sealed class Sspr013PasswordOnPremises : IAdminRule
    {
        public string Id => "SSPR013";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.User.OnPremisesSyncEnabled == true ? Findings.One(Id, FindingSeverity.Warning, Texts.Get("SSPR013_Detail")) : Findings.None;
    }

    /// <summary>SSPR015: every admin role is held as PIM-eligible only.</summary>
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

    /// <summary>SSPR016: the account holds no role covered by the administrator reset policy.</summary>
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
