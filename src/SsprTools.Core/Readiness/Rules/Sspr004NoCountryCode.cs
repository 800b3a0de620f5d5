using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR004: a phone number without a country code.</summary>
    [Finding(FindingSeverity.Error, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr004NoCountryCode : IAdminRule
    {
        public string Id => "SSPR004";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Methods.Phones.Where(c => c.Phone!.Status == PhoneNumberStatus.NoCountryCode)
                .Select(c => Findings.Create(Id, FindingSeverity.Error, Texts.Format("SSPR004_Detail", Texts.Get(c.SourceKey), c.Display)));
    }
}
