using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PhoneNumbers;
using SsprTools.Core.Model;
using SsprTools.Core.Phones;

namespace SsprTools.Core.Snapshots
{
    /// <summary>
    /// Masks personal contact data in a snapshot so that it still gives the same findings (-Redact).
    /// <list type="bullet">
    /// <item>Phone numbers keep their layout, country code, a kept trunk prefix, the first national digit and the last two
    /// digits; the other digits are replaced so that the number analyses exactly as before (same status, country, region,
    /// line type), starting from libphonenumber's example number of the same region and type. Equal digit strings get equal
    /// replacements and different ones different replacements, so de-duplication behaves as before.</item>
    /// <item>Alternate email addresses (otherMails, email methods) keep their first character and their domain; the rest of
    /// the local part becomes "…" plus a counter, the same address always the same replacement. An address that is the
    /// account's own (UPN, mail, proxy address) is the account's identity, kept like the UPN itself, so the own-mailbox and
    /// tenant-domain checks decide as before.</item>
    /// </list>
    /// Masked numbers (already hidden by Graph) and malformed addresses are kept: they carry no full number or address.
    /// </summary>
    public static class SnapshotRedactor
    {
        private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

        public static TenantData Redact(TenantData data)
        {
            var phones = new PhoneMap();
            var mails = new MailMap();
            var users = data.Users.Select(u => RedactUser(u, phones, mails)).ToList();
            return new TenantData
            {
                SchemaVersion = data.SchemaVersion,
                GeneratedAt = data.GeneratedAt,
                Source = data.Source,
                Redacted = true,
                Tenant = data.Tenant,
                Collection = data.Collection,
                Users = users,
                Groups = data.Groups,
                AdministrativeUnits = data.AdministrativeUnits,
                RoleDefinitions = data.RoleDefinitions,
                RoleAssignments = data.RoleAssignments,
                RoleEligibilities = data.RoleEligibilities,
                AuditEvents = data.AuditEvents,
                AuthenticationMethodsPolicy = data.AuthenticationMethodsPolicy,
            };
        }

        private static DirectoryUser RedactUser(DirectoryUser u, PhoneMap phones, MailMap mails)
        {
            var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var a in new[] { u.UserPrincipalName, u.Mail }.Concat(u.ProxyAddresses.Where(p => p.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase)).Select(p => p.Substring(5))))
            {
                if (!string.IsNullOrWhiteSpace(a))
                {
                    own.Add(a!.Trim());
                }
            }

            string? Mail(string? address) => address == null || own.Contains(address.Trim()) ? address : mails.Map(address);

            return new DirectoryUser
            {
                Id = u.Id,
                UserPrincipalName = u.UserPrincipalName,
                DisplayName = u.DisplayName,
                GivenName = u.GivenName,
                Surname = u.Surname,
                AccountEnabled = u.AccountEnabled,
                UserType = u.UserType,
                OnPremisesSyncEnabled = u.OnPremisesSyncEnabled,
                Mail = u.Mail,
                MobilePhone = phones.Map(u.MobilePhone),
                BusinessPhones = u.BusinessPhones.Select(p => phones.Map(p)!).ToList(),
                OtherMails = u.OtherMails.Select(m => Mail(m)!).ToList(),
                ProxyAddresses = u.ProxyAddresses,
                AuthenticationMethods = u.AuthenticationMethods?.Select(m => new AuthenticationMethodInfo
                {
                    ODataType = m.ODataType,
                    Id = m.Id,
                    PhoneNumber = phones.Map(m.PhoneNumber),
                    PhoneType = m.PhoneType,
                    EmailAddress = Mail(m.EmailAddress),
                    DisplayName = m.DisplayName,
                }).ToArray(),
                AuthenticationMethodsError = u.AuthenticationMethodsError,
                RegistrationDetails = u.RegistrationDetails,
                // Certificate user ids name the person (e.g. "X509:<PN>bob@contoso.com"); only whether there are any is read.
                AuthorizationInfo = u.AuthorizationInfo == null ? null : new AuthorizationInfo
                {
                    CertificateUserIds = u.AuthorizationInfo.CertificateUserIds.Select(_ => "X509:<redacted>").ToList(),
                },
            };
        }

        /// <summary>What the checks read from a number: it must be the same before and after redaction.</summary>
        internal static string Fingerprint(PhoneAnalysis a) =>
            string.Join("|", a.Status, a.CountryCode, a.RegionCode, a.LineType, a.TrunkPrefix, a.CanReceiveSms);

        private sealed class PhoneMap
        {
            private readonly Dictionary<string, string> byDigits = new Dictionary<string, string>(StringComparer.Ordinal);
            private readonly HashSet<string> used = new HashSet<string>(StringComparer.Ordinal);

            public string? Map(string? raw)
            {
                if (raw == null || string.IsNullOrWhiteSpace(raw))
                {
                    return raw;
                }

                var analysis = PhoneAnalyzer.Analyze(raw);
                var digits = new string(raw.Where(char.IsDigit).ToArray());
                if (analysis.Status == PhoneNumberStatus.Masked || digits.Length == 0)
                {
                    return raw;
                }

                var key = digits + "|" + Fingerprint(analysis);
                if (!byDigits.TryGetValue(key, out var replacement))
                {
                    replacement = Find(raw, digits, analysis);
                    byDigits[key] = replacement;
                    used.Add(replacement);
                }

                return Apply(raw, replacement);
            }

            /// <summary>A new digit string of the same length that analyses like the original.</summary>
            private string Find(string raw, string digits, PhoneAnalysis analysis)
            {
                var fingerprint = Fingerprint(analysis);
                var keep = KeptPrefix(raw, digits, analysis);
                var candidates = new List<string>();
                var example = ExampleDigits(analysis);
                if (example != null)
                {
                    var national = digits.Substring(keep.Length);
                    if (example.Length == national.Length)
                    {
                        candidates.Add(keep + example.Substring(0, Math.Max(0, example.Length - 2)) + Last2(digits));
                        candidates.Add(keep + example);
                    }
                }

                var seed = 17;
                foreach (var c in digits)
                {
                    seed = unchecked(seed * 31 + c);
                }

                var random = new Random(seed);
                for (var i = 0; i < 400; i++)
                {
                    candidates.Add(RandomFill(digits, keep.Length, random, keepLast2: i < 300));
                }

                foreach (var candidate in candidates)
                {
                    if (candidate.Length != digits.Length || candidate == digits || used.Contains(candidate))
                    {
                        continue;
                    }

                    if (Fingerprint(PhoneAnalyzer.Analyze(Apply(raw, candidate))) == fingerprint)
                    {
                        return candidate;
                    }
                }

                // Nothing analyses alike (e.g. very short input): hide every digit but the kept ones; the status may differ,
                // which is safer than keeping the number.
                return keep + new string('0', digits.Length - keep.Length);
            }

            /// <summary>Digits kept as they are: country code (when typed with +), a kept trunk prefix, the first national digit.</summary>
            private static string KeptPrefix(string raw, string digits, PhoneAnalysis analysis)
            {
                var n = 0;
                if (raw.TrimStart().StartsWith("+", StringComparison.Ordinal) && analysis.CountryCode is int cc)
                {
                    var ccText = cc.ToString(CultureInfo.InvariantCulture);
                    if (digits.StartsWith(ccText, StringComparison.Ordinal))
                    {
                        n = ccText.Length;
                    }
                }

                if (!string.IsNullOrEmpty(analysis.TrunkPrefix) && digits.Substring(n).StartsWith(analysis.TrunkPrefix, StringComparison.Ordinal))
                {
                    n += analysis.TrunkPrefix!.Length;
                }

                return digits.Substring(0, Math.Min(digits.Length, n + 1));
            }

            private static string Last2(string digits) => digits.Length >= 2 ? digits.Substring(digits.Length - 2) : digits;

            private static string RandomFill(string digits, int keep, Random random, bool keepLast2)
            {
                var chars = digits.ToCharArray();
                var end = keepLast2 && digits.Length - keep > 4 ? digits.Length - 2 : digits.Length;
                for (var i = keep; i < end; i++)
                {
                    chars[i] = (char)('0' + random.Next(10));
                }

                return new string(chars);
            }

            /// <summary>The national significant number of libphonenumber's example for the region and line type, if any.</summary>
            private static string? ExampleDigits(PhoneAnalysis analysis)
            {
                if (analysis.Status != PhoneNumberStatus.Valid || string.IsNullOrEmpty(analysis.RegionCode))
                {
                    return null;
                }

                PhoneNumberType type;
                switch (analysis.LineType)
                {
                    case PhoneLineType.Mobile: type = PhoneNumberType.MOBILE; break;
                    case PhoneLineType.FixedLine: type = PhoneNumberType.FIXED_LINE; break;
                    case PhoneLineType.FixedLineOrMobile: type = PhoneNumberType.FIXED_LINE_OR_MOBILE; break;
                    case PhoneLineType.Voip: type = PhoneNumberType.VOIP; break;
                    case PhoneLineType.TollFree: type = PhoneNumberType.TOLL_FREE; break;
                    default: return null;
                }

                try
                {
                    var example = Util.GetExampleNumberForType(analysis.RegionCode, type);
                    return example == null ? null : Util.GetNationalSignificantNumber(example);
                }
                catch (Exception)
                {
                    return null;
                }
            }

            /// <summary>The raw text with its digits replaced, in order, by <paramref name="digits"/>; everything else kept.</summary>
            private static string Apply(string raw, string digits)
            {
                var sb = new StringBuilder(raw.Length);
                var i = 0;
                foreach (var c in raw)
                {
                    sb.Append(char.IsDigit(c) && i < digits.Length ? digits[i++] : c);
                }

                return sb.ToString();
            }
        }

        private sealed class MailMap
        {
            private readonly Dictionary<string, string> map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public string Map(string address)
            {
                var trimmed = address.Trim();
                var at = trimmed.LastIndexOf('@');
                if (at <= 0 || at == trimmed.Length - 1 || trimmed.Any(char.IsWhiteSpace) || trimmed.IndexOf('.', at) < 0)
                {
                    return address;
                }

                if (!map.TryGetValue(trimmed, out var redacted))
                {
                    redacted = trimmed.Substring(0, 1) + "\u2026" + (map.Count + 1).ToString(CultureInfo.InvariantCulture) + trimmed.Substring(at);
                    map[trimmed] = redacted;
                }

                return redacted;
            }
        }
    }
}
