using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR002: no alternate email (neither an email method nor otherMails), or none that is an address.</summary>
    [Finding(FindingSeverity.Error, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoEmailReceived })]
    public sealed class Sspr002NoAlternateEmail : IAdminRule
    {
        public string Id => "SSPR002";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            var emails = admin.Methods.OfKind(MethodKind.Email).ToList();
            if (emails.Count == 0)
            {
                // Without the methods we cannot tell that none is registered: not evaluated, not failed.
                return admin.Methods.AuthenticationMethodsRead
                    ? Findings.One(Id, FindingSeverity.Error, Texts.Get("SSPR002_Detail"))
                    : Findings.None;
            }

            return emails.All(e => e.EmailIsMalformed)
                ? Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR002_DetailInvalid", emails[0].Display))
                : Findings.None;
        }
    }
}
