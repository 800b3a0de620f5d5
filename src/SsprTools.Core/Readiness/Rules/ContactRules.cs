using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Phones;
using SsprTools.Core.Text;

namespace SsprTools.Core.Readiness.Rules
{
    /// <summary>SSPR002: no alternate email (neither an email method nor otherMails), or none that is an address.</summary>
    public sealed class Sspr002NoAlternateEmail : IAdminRule
    {
        public string Id => "SSPR002";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            var emails = admin.Methods.OfKind(MethodKind.Email).ToList();
            if (emails.Count == 0)
            {
                // Without the methods we cannot tell that none is registered: not evaluated, not failed.
                return admin.Methods.AuthenticationMethodsRead
                    ? Findings.One(Id, FindingSeverity.Error, Texts.Get("SSPR002_Detail"))
                    : Findings.None;
            }

            return emails.All(e => e.EmailIsMalformed)
                ? Findings.One(Id, FindingSeverity.Error, Texts.Format("SSPR002_DetailInvalid", emails[0].Display))
                : Findings.None;
        }
    }

    /// <summary>SSPR003: no mobile phone (neither a mobile phone method nor the profile's mobilePhone).</summary>
    public sealed class Sspr003NoMobilePhone : IAdminRule
    {
        public string Id => "SSPR003";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            !admin.Methods.OfKind(MethodKind.MobilePhone).Any() && admin.Methods.AuthenticationMethodsRead
                ? Findings.One(Id, FindingSeverity.Error, Texts.Get("SSPR003_Detail"))
                : Findings.None;
    }

    /// <summary>SSPR004: a phone number without a country code.</summary>
    public sealed class Sspr004NoCountryCode : IAdminRule
    {
        public string Id => "SSPR004";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Methods.Phones.Where(c => c.Phone!.Status == PhoneNumberStatus.NoCountryCode)
                .Select(c => Findings.Create(Id, FindingSeverity.Error, Texts.Format("SSPR004_Detail", Texts.Get(c.SourceKey), c.Display)));
    }

    /// <summary>SSPR005: the national trunk prefix kept after the country code (+81 090…).</summary>
    public sealed class Sspr005TrunkPrefixKept : IAdminRule
    {
        public string Id => "SSPR005";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Methods.Phones.Where(c => c.Phone!.Status == PhoneNumberStatus.TrunkPrefixKept)
                .Select(c => Findings.Create(Id, FindingSeverity.Error, Texts.Format("SSPR005_Detail",
                    Texts.Get(c.SourceKey), c.Display, c.Phone!.TrunkPrefix ?? "0", PhoneAnalyzer.Mask(c.Phone.EntraFormat))));
    }

    /// <summary>SSPR006: the mobile slot holds a number that cannot take an SMS (landline, VoIP, toll-free …).</summary>
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

    /// <summary>SSPR007: a phone number that cannot be parsed at all, or is not valid for its country.</summary>
    public sealed class Sspr007Unparseable : IAdminRule
    {
        public string Id => "SSPR007";

        public IEnumerable<Finding> Evaluate(AdminContext admin) =>
            admin.Methods.Phones.Where(c => c.Phone!.Status == PhoneNumberStatus.Unparseable)
                .Select(c => Findings.Create(Id, FindingSeverity.Error, Texts.Format("SSPR007_Detail", Texts.Get(c.SourceKey), c.Display)));
    }

    /// <summary>SSPR008: the alternate email is the admin's own mailbox or in one of this tenant's domains.</summary>
    public sealed class Sspr008EmailNotIndependent : IAdminRule
    {
        public string Id => "SSPR008";

        public IEnumerable<Finding> Evaluate(AdminContext admin)
        {
            foreach (var email in admin.Methods.OfKind(MethodKind.Email).Where(e => !e.EmailIsMalformed))
            {
                if (email.EmailIsOwnMailbox)
                {
                    yield return Findings.Create(Id, FindingSeverity.Warning, Texts.Format("SSPR008_DetailOwn", email.Display));
                }
                else if (email.EmailTenantDomain != null)
                {
                    yield return Findings.Create(Id, FindingSeverity.Warning, Texts.Format("SSPR008_DetailTenant", email.Display, email.EmailTenantDomain));
                }
            }
        }
    }

    /// <summary>SSPR014: the number's country needs an SMS/voice opt-in, or its carriers may block international senders.</summary>
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
