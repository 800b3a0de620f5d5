using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR014: the number's country needs an SMS/voice opt-in, or its carriers may block international senders.</summary>
    [Finding(FindingSeverity.Info, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr014CountryOptIn : IAdminRule
    {
        public string Id => "SSPR014";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Methods.Phones
                .Where(c => c.Phone!.Status == PhoneNumberStatus.Valid && c.Phone.CountryCode.HasValue &&
                            admin.Tenant.Index.Catalog.NeedsSmsOptIn(c.Phone.CountryCode.Value))
                .Select(c => Findings.Create(Id, FindingSeverity.Info, Texts.Format("SSPR014_Detail",
                    Texts.Get(c.SourceKey), c.Display, c.Phone!.CountryCode!.Value, c.Phone.RegionCode ?? "?")));
    }
}
