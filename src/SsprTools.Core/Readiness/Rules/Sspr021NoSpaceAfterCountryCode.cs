using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>
    /// SSPR021: a phone number without a space between the country code and the number ("+14255550123"). "Phone numbers
    /// must be in the format +CountryCode PhoneNumber, such as +1 4251234567. There must be a space between the country
    /// code and the phone number." (learn.microsoft.com/entra/identity/authentication/howto-sspr-authenticationdata).
    /// The country code is libphonenumber's; only valid numbers are judged (the others have SSPR004/005/007).
    /// </summary>
    [Finding(FindingSeverity.Warning, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]
    public sealed class Sspr021NoSpaceAfterCountryCode : IAdminRule
    {
        public string Id => "SSPR021";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Methods.Phones
                .Where(c => c.Phone!.Status == PhoneNumberStatus.Valid && c.Phone.SpaceAfterCountryCode == false)
                .Select(c => Findings.Create(Id, FindingSeverity.Warning, Texts.Format("SSPR021_Detail",
                    Texts.Get(c.SourceKey), c.Display, c.Phone!.CountryCode ?? 0, PhoneAnalyzer.Mask(c.Phone.EntraFormat))));
    }
}
