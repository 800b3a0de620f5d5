using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>
    /// SSPR014: the number's region is in Microsoft's "SMS and Voice verification" table of region codes that "require an
    /// opt-in" by support request (learn.microsoft.com/entra/identity/authentication/concept-mfa-regional-opt-in). The
    /// table is data (domain-data.json smsOptIn); NANP areas (+1 787 …) are matched on their four-digit prefix, every
    /// other number on its country code.
    /// </summary>
    [Finding(FindingSeverity.Info, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr014CountryOptIn : IAdminRule
    {
        public string Id => "SSPR014";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            var catalog = admin.Tenant.Index.Catalog;
            foreach (var c in admin.Methods.Phones.Where(c => c.Phone!.Status == PhoneNumberStatus.Valid && c.Phone.CountryCode.HasValue))
            {
                var region = catalog.SmsOptInRegionFor(c.Phone!.CountryCode!.Value, c.Phone.NationalNumber);
                if (region != null)
                {
                    yield return Findings.Create(Id, FindingSeverity.Info, Texts.Format("SSPR014_Detail",
                        Texts.Get(c.SourceKey), c.Display, region.Code, region.Name));
                }
            }
        }
    }
}
