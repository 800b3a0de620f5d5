using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR006: the mobile slot holds a number that cannot take an SMS (landline, VoIP, toll-free …).</summary>
    [Finding(FindingSeverity.Warning, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr006CannotReceiveSms : IAdminRule
    {
        public string Id => "SSPR006";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Methods.OfKind(MethodKind.MobilePhone)
                .Where(c => c.Phone!.Status == PhoneNumberStatus.Valid && IsNonMobile(c.Phone.LineType))
                .Select(c => Findings.Create(Id, FindingSeverity.Warning, Texts.Format("SSPR006_Detail",
                    Texts.Get(c.SourceKey), c.Display, LineTypeName(c.Phone!.LineType), c.Phone.RegionCode ?? "?")));

        private static bool IsNonMobile(PhoneLineType type) =>
            type == PhoneLineType.FixedLine || type == PhoneLineType.Voip || type == PhoneLineType.TollFree || type == PhoneLineType.Other;

        private static string LineTypeName(PhoneLineType type) => Texts.Get("LineType_" + type);
    }
}
