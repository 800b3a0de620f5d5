using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>
    /// SSPR009: under the two-gate policy, fewer than two usable methods (when the unknown ones could not make up the
    /// difference). Phone gates count only while SMS/voice is delivered, and voice calls not on Free/trial tenants
    /// (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy;
    /// learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement).
    /// </summary>
    [Finding(FindingSeverity.Error, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoEmailReceived, DiagnosisSymptom.NoSmsReceived })]
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
            var detail = Texts.Format("SSPR009_Detail", usable.Count, names);
            var why = PhoneGateText.WhyPhonesDoNotCount(admin);
            if (why != null)
            {
                detail += " " + Texts.Format("SSPR009_DetailPhonesNotCounted", why);
            }

            return Findings.One(Id, FindingSeverity.Error, detail);
        }
    }

    /// <summary>Why an admin's usable phone numbers are not gates in this scan, in words.</summary>
    internal static class PhoneGateText
    {
        /// <summary>Null when every usable phone number counts (or there is none).</summary>
        public static string? WhyPhonesDoNotCount(AdminContext admin)
        {
            var phones = admin.Methods.Candidates.Where(c => MethodInventory.IsPhone(c.Kind) && c.State == MethodState.Usable).ToList();
            if (phones.Count == 0 || phones.All(c => MethodInventory.Counts(c, admin.Methods.Gates)))
            {
                return null;
            }

            var tenant = admin.Tenant;
            if (!tenant.Gates.Delivered)
            {
                return tenant.Telephony == Telephony.None
                    ? Texts.Get("PhoneReason_NoTelephony")
                    : Texts.Format("PhoneReason_Retired", Dates.Iso(tenant.MicrosoftDeliveryEnds), Dates.Iso(tenant.AsOf));
            }

            return Texts.Get("PhoneReason_FreeVoice");
        }
    }

    internal static class Dates
    {
        public static string Iso(System.DateTime d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
