using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR008: the alternate email is the admin's own mailbox or in one of this tenant's domains.</summary>
    [Finding(FindingSeverity.Warning, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoEmailReceived })]
    public sealed class Sspr008EmailNotIndependent : IAdminRule
    {
        public string Id => "SSPR008";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            foreach (var email in admin.Methods.OfKind(MethodKind.Email).Where(e => !e.EmailIsMalformed))
            {
                if (email.EmailIsOwnMailbox)
                {
                    yield return Findings.Create(Id, FindingSeverity.Warning, Texts.Format("SSPR008_DetailOwn", email.Display));
                }
                else if (email.EmailTenantDomain != null)
                {
                    yield return Findings.Create(Id, FindingSeverity.Warning, Texts.Format("SSPR008_DetailTenant", email.Display, email.EmailTenantDomain));
                }
            }
        }
    }
}
