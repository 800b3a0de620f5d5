using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR007: a phone number that cannot be parsed at all, or is not valid for its country.</summary>
    [Finding(FindingSeverity.Error, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr007Unparseable : IAdminRule
    {
        public string Id => "SSPR007";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Methods.Phones.Where(c => c.Phone!.Status == PhoneNumberStatus.Unparseable)
                .Select(c => Findings.Create(Id, FindingSeverity.Error, Texts.Format("SSPR007_Detail", Texts.Get(c.SourceKey), c.Display)));
    }
}
