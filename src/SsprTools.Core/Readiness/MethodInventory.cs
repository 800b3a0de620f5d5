using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Phones;

namespace SsprTools.Core.Readiness
{
    /// <summary>
    /// The self-service gates that count for the administrator policy. concept-sspr-howitworks lists the SSPR methods:
    /// mobile app notification, mobile app code, email, mobile phone, office phone, security questions
    /// (learn.microsoft.com/entra/identity/authentication/concept-sspr-howitworks); security questions never count for
    /// admins (concept-sspr-policy), and hardware and software OATH tokens are usable for SSPR
    /// (learn.microsoft.com/entra/identity/authentication/concept-authentication-methods).
    /// </summary>
    public enum MethodKind
    {
        /// <summary>Alternate email (an email method or otherMails).</summary>
        Email,
        /// <summary>Mobile phone: SMS or voice call.</summary>
        MobilePhone,
        /// <summary>Office phone: voice call only.</summary>
        OfficePhone,
        /// <summary>
        /// Mobile app notification or code: Microsoft Authenticator, a software OATH or a hardware OATH token. One gate,
        /// not two: "the Authenticator app and only one additional method cannot be selected when requiring two methods"
        /// (concept-sspr-howitworks).
        /// </summary>
        AuthenticatorApp,
    }

    /// <summary>Which phone gates count: SMS/voice delivered at all (the -Telephony/-AsOf posture), and voice calls allowed (not a Free/trial tenant).</summary>
    public readonly struct PhoneGates
    {
        public PhoneGates(bool delivered, bool voiceAllowed)
        {
            Delivered = delivered;
            VoiceAllowed = voiceAllowed;
        }

        /// <summary>SMS and voice codes are delivered (Microsoft before 2027-02-01, or a customer-managed provider).</summary>
        public bool Delivered { get; }
        /// <summary>Voice calls count: "Office and mobile voice calls are also prohibited for trial or free versions" (concept-sspr-policy).</summary>
        public bool VoiceAllowed { get; }

        public static PhoneGates All => new PhoneGates(true, true);
    }

    public enum MethodState
    {
        Usable,
        Unusable,
        /// <summary>Present, but its value could not be checked (masked for this caller).</summary>
        Unknown,
    }

    /// <summary>One piece of contact data that might serve as a reset method, and what it is worth.</summary>
    public sealed class MethodCandidate
    {
        public MethodCandidate(MethodKind kind, MethodState state, string sourceKey, string display)
        {
            Kind = kind;
            State = state;
            SourceKey = sourceKey;
            Display = display;
        }

        public MethodKind Kind { get; }
        public MethodState State { get; }
        /// <summary>Strings.resx key naming where the value came from ("mobile phone method" …).</summary>
        public string SourceKey { get; }
        /// <summary>A display form safe to print (phone numbers masked).</summary>
        public string Display { get; }
        public PhoneAnalysis? Phone { get; init; }
        public string? EmailAddress { get; init; }
        public bool EmailIsOwnMailbox { get; init; }
        public string? EmailTenantDomain { get; init; }
        public bool EmailIsMalformed { get; init; }
    }

    /// <summary>Every candidate method of one user, from authentication methods and from the profile.</summary>
    public sealed class MethodInventory
    {
        private static readonly MethodKind[] AllKinds = { MethodKind.Email, MethodKind.MobilePhone, MethodKind.OfficePhone, MethodKind.AuthenticatorApp };

        private MethodInventory(IReadOnlyList<MethodCandidate> candidates, bool methodsRead, PhoneGates gates)
        {
            Candidates = candidates;
            AuthenticationMethodsRead = methodsRead;
            Gates = gates;
            UsableKinds = Counted(gates);
            UsableKindsIfDelivered = Counted(new PhoneGates(true, gates.VoiceAllowed));
            UsableKindsWithoutPhones = UsableKinds.Where(k => !IsPhone(k)).ToList();
            UnknownKinds = AllKinds.Where(k => !UsableKinds.Contains(k) && MightCount(k, gates) &&
                (!AuthenticationMethodsRead || Candidates.Any(c => c.Kind == k && c.State == MethodState.Unknown))).ToList();
        }

        public IReadOnlyList<MethodCandidate> Candidates { get; }
        /// <summary>False when only the profile could be read: absent methods are then unknown, not missing.</summary>
        public bool AuthenticationMethodsRead { get; }
        /// <summary>The phone gates this inventory was counted under.</summary>
        public PhoneGates Gates { get; }

        /// <summary>The gates that count under the posture (phones only while SMS/voice is delivered; voice only off Free/trial).</summary>
        public IReadOnlyList<MethodKind> UsableKinds { get; }

        /// <summary>The gates that would count if SMS/voice were delivered: the methods alone, whatever the telephony posture.</summary>
        public IReadOnlyList<MethodKind> UsableKindsIfDelivered { get; }

        /// <summary>The gates that count without any phone: email and the authenticator app.</summary>
        public IReadOnlyList<MethodKind> UsableKindsWithoutPhones { get; }

        /// <summary>Kinds not proven usable that might still be: masked values, or every kind when methods were not read.</summary>
        public IReadOnlyList<MethodKind> UnknownKinds { get; }

        /// <summary>The gates that count with <paramref name="gates"/>.</summary>
        public IReadOnlyList<MethodKind> Counted(PhoneGates gates) =>
            AllKinds.Where(k => Candidates.Any(c => c.Kind == k && Counts(c, gates))).ToList();

        public static bool IsPhone(MethodKind kind) => kind == MethodKind.MobilePhone || kind == MethodKind.OfficePhone;

        /// <summary>
        /// Whether one candidate is a gate: a usable value, and for a phone, SMS/voice delivered; an office phone only by voice,
        /// a mobile phone by SMS (a mobile-capable number) or by voice (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy).
        /// </summary>
        public static bool Counts(MethodCandidate c, PhoneGates gates)
        {
            if (c.State != MethodState.Usable)
            {
                return false;
            }

            switch (c.Kind)
            {
                case MethodKind.MobilePhone:
                    return gates.Delivered && (gates.VoiceAllowed || (c.Phone?.CanReceiveSms ?? false));
                case MethodKind.OfficePhone:
                    return gates.Delivered && gates.VoiceAllowed;
                default:
                    return true;
            }
        }

        private static bool MightCount(MethodKind kind, PhoneGates gates) =>
            !IsPhone(kind) || (gates.Delivered && (kind == MethodKind.MobilePhone || gates.VoiceAllowed));

        public IEnumerable<MethodCandidate> OfKind(MethodKind kind) => Candidates.Where(c => c.Kind == kind);

        public IEnumerable<MethodCandidate> Phones => Candidates.Where(c => c.Phone != null);

        public static MethodInventory For(DirectoryUser user, TenantIndex index) => For(user, index, PhoneGates.All);

        public static MethodInventory For(DirectoryUser user, TenantIndex index, PhoneGates gates)
        {
            var collected = index.Data.Collection.AuthenticationMethods;
            var methodsRead = user.AuthenticationMethods != null &&
                (collected == CollectionStates.Available || collected == CollectionStates.Masked);
            var methods = user.AuthenticationMethods ?? Array.Empty<AuthenticationMethodInfo>();
            var list = new List<MethodCandidate>();

            var emails = methods.Where(m => Is(m, MethodTypes.Email)).Select(m => m.EmailAddress)
                .Concat(user.OtherMails);
            foreach (var email in Distinct(emails))
            {
                list.Add(Email(email, user, index));
            }

            AddPhones(list, MethodKind.MobilePhone,
                methods.Where(m => Is(m, MethodTypes.Phone) && Eq(m.PhoneType, "mobile")).Select(m => m.PhoneNumber), "Source_MobileMethod",
                user.MobilePhone, "Source_ProfileMobile");
            AddPhones(list, MethodKind.OfficePhone,
                methods.Where(m => Is(m, MethodTypes.Phone) && Eq(m.PhoneType, "office")).Select(m => m.PhoneNumber), "Source_OfficeMethod",
                user.BusinessPhones.FirstOrDefault(), "Source_BusinessPhone");

            // Microsoft Authenticator, software OATH and hardware OATH tokens: one "mobile app" gate between them.
            var app = methods.FirstOrDefault(m => Is(m, MethodTypes.MicrosoftAuthenticator) || Is(m, MethodTypes.SoftwareOath) || Is(m, MethodTypes.HardwareOath));
            if (app != null)
            {
                list.Add(new MethodCandidate(MethodKind.AuthenticatorApp, MethodState.Usable, "Source_App", app.DisplayName ?? "Authenticator app"));
            }

            return new MethodInventory(list, methodsRead, gates);
        }

        private static void AddPhones(List<MethodCandidate> list, MethodKind kind, IEnumerable<string?> fromMethods, string methodSource,
            string? fromProfile, string profileSource)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var number in fromMethods.Where(n => !string.IsNullOrWhiteSpace(n)))
            {
                if (seen.Add(DigitsOf(number!)))
                {
                    list.Add(Phone(kind, number!, methodSource));
                }
            }

            // The same number in the profile and in the methods is one method, reported once.
            if (!string.IsNullOrWhiteSpace(fromProfile) && seen.Add(DigitsOf(fromProfile!)))
            {
                list.Add(Phone(kind, fromProfile!, profileSource));
            }
        }

        private static MethodCandidate Phone(MethodKind kind, string number, string source)
        {
            var analysis = PhoneAnalyzer.Analyze(number);
            var state = analysis.Status == PhoneNumberStatus.Valid ? MethodState.Usable
                : analysis.Status == PhoneNumberStatus.Masked ? MethodState.Unknown
                : MethodState.Unusable;
            return new MethodCandidate(kind, state, source, analysis.Masked) { Phone = analysis };
        }

        private static MethodCandidate Email(string address, DirectoryUser user, TenantIndex index)
        {
            var at = address.LastIndexOf('@');
            var malformed = at <= 0 || at == address.Length - 1 || address.Any(char.IsWhiteSpace) || address.IndexOf('.', at) < 0;
            var own = !malformed && IsOwnAddress(address, user);
            var domain = malformed ? null : address.Substring(at + 1);
            var tenantDomain = domain != null && index.IsTenantDomain(domain) ? domain : null;
            var state = malformed || own ? MethodState.Unusable : MethodState.Usable;
            return new MethodCandidate(MethodKind.Email, state, "Source_Email", address)
            {
                EmailAddress = address,
                EmailIsOwnMailbox = own,
                EmailTenantDomain = tenantDomain,
                EmailIsMalformed = malformed,
            };
        }

        private static bool IsOwnAddress(string address, DirectoryUser user) =>
            Eq(address, user.UserPrincipalName) || Eq(address, user.Mail) ||
            user.ProxyAddresses.Any(p => p.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) && Eq(p.Substring(5), address));

        private static IEnumerable<string> Distinct(IEnumerable<string?> values) =>
            values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase);

        private static string DigitsOf(string s) => new string(s.Where(char.IsDigit).ToArray()) + (s.Any(char.IsDigit) ? "" : s);

        private static bool Is(AuthenticationMethodInfo m, string type) => string.Equals(m.ODataType, type, StringComparison.OrdinalIgnoreCase);

        private static bool Eq(string? a, string? b) => a != null && b != null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
