using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>
    /// SSPR018: the admin meets the gate requirement only thanks to phone gates (SMS/voice) that Microsoft stops
    /// delivering on 2027-02-01: "Microsoft-provided telecom delivery for SMS and voice will be retired", and "the
    /// retirement of native SMS and voice applies across Entra, including SSPR"
    /// (learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement). Counting methods alone (account
    /// state and tenant policy aside): gates with phones (as if delivered) ≥ required, gates without phones &lt; required.
    /// Only with -Telephony Microsoft; Warning before 2027-02-01, Error from then (per -AsOf). An admin short of gates even
    /// with phones gets none (SSPR009 says so).
    /// </summary>
    [Finding(FindingSeverity.Warning, FindingSeverity.Error, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr018SmsVoiceDependent : IAdminRule
    {
        public string Id => "SSPR018";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            if (!admin.IsAdmin || admin.Tenant.Telephony != Telephony.Microsoft || !DependsOnSmsVoice(admin))
            {
                return Findings.None;
            }

            var tenant = admin.Tenant;
            var phones = string.Join(", ", admin.Methods.UsableKindsIfDelivered.Where(MethodInventory.IsPhone));
            var remaining = admin.Methods.UsableKindsWithoutPhones;
            var remainingNames = remaining.Count == 0 ? "-" : string.Join(", ", remaining);
            return tenant.MicrosoftDeliveryEnded
                ? Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR018_DetailEnded",
                    Dates.Iso(tenant.MicrosoftDeliveryEnds), Dates.Iso(tenant.AsOf), phones, remaining.Count, remainingNames, admin.RequiredMethods))
                : Findings.One(Id, FindingSeverity.Warning, Texts.Format("SSPR018_Detail",
                    phones, Dates.Iso(tenant.MicrosoftDeliveryEnds), remaining.Count, remainingNames, admin.RequiredMethods));
        }

        /// <summary>
        /// The methods meet the requirement only with phone gates: with phones (as if SMS/voice were delivered) enough,
        /// without phones too few, and no unread non-phone method could make up the difference.
        /// </summary>
        public static bool DependsOnSmsVoice(AdminContext admin)
        {
            var methods = admin.Methods;
            var unknownNonPhone = methods.UnknownKinds.Count(k => !MethodInventory.IsPhone(k));
            return methods.UsableKindsIfDelivered.Count >= admin.RequiredMethods &&
                methods.UsableKindsWithoutPhones.Count + unknownNonPhone < admin.RequiredMethods;
        }
    }
}
