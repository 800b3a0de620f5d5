using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR005: the national trunk prefix kept after the country code (+81 090…).</summary>
    [Finding(FindingSeverity.Error, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr005TrunkPrefixKept : IAdminRule
    {
        public string Id => "SSPR005";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Methods.Phones.Where(c => c.Phone!.Status == PhoneNumberStatus.TrunkPrefixKept)
                .Select(c => Findings.Create(Id, FindingSeverity.Error, Texts.Format("SSPR005_Detail",
                    Texts.Get(c.SourceKey), c.Display, c.Phone!.TrunkPrefix ?? "0", PhoneAnalyzer.Mask(c.Phone.EntraFormat))));
    }
}
