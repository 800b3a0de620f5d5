using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>
    /// SSPR003: no mobile phone (neither a mobile phone method nor the profile's mobilePhone). Error where the admin is
    /// short of gates; Info where email and the authenticator app already meet the admin policy without any phone, so the
    /// finding does not push admins toward SMS/voice, which Microsoft stops delivering on 2027-02-01
    /// (learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement;
    /// learn.microsoft.com/entra/identity/authentication/howto-sspr-authenticationdata).
    /// </summary>
    [Finding(FindingSeverity.Error, FindingSeverity.Info, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr003NoMobilePhone : IAdminRule
    {
        public string Id => "SSPR003";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            if (admin.Methods.OfKind(MethodKind.MobilePhone).Any() || !admin.Methods.AuthenticationMethodsRead)
            {
                return Findings.None;
            }

            var withoutPhone = admin.Methods.UsableKindsWithoutPhones;
            return withoutPhone.Count >= admin.RequiredMethods
                ? Findings.One(Id, FindingSeverity.Info, Texts.Format("SSPR003_DetailNotNeeded", withoutPhone.Count, string.Join(", ", withoutPhone)))
                : Findings.One(Id, FindingSeverity.Error, Texts.Get("SSPR003_Detail"));
        }
    }
}
