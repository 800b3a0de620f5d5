using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Phones;

namespace SsprTools.Core.Readiness
{
    /// <summary>The self-service methods that count for the administrator policy. Security questions never do.</summary>
    public enum MethodKind
    {
        Email,
        MobilePhone,
        OfficePhone,
        AuthenticatorApp,
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

        private MethodInventory(IReadOnlyList<MethodCandidate> candidates, bool methodsRead)
        {
            Candidates = candidates;
            AuthenticationMethodsRead = methodsRead;
        }

        public IReadOnlyList<MethodCandidate> Candidates { get; }
        /// <summary>False when only the profile could be read: absent methods are then unknown, not missing.</summary>
        public bool AuthenticationMethodsRead { get; }

        public IReadOnlyList<MethodKind> UsableKinds =>
            AllKinds.Where(k => Candidates.Any(c => c.Kind == k && c.State == MethodState.Usable)).ToList();

        /// <summary>Kinds not proven usable that might still be: masked values, or every kind when methods were not read.</summary>
        public IReadOnlyList<MethodKind> UnknownKinds =>
            AllKinds.Where(k => !UsableKinds.Contains(k) &&
                (!AuthenticationMethodsRead || Candidates.Any(c => c.Kind == k && c.State == MethodState.Unknown))).ToList();

        public IEnumerable<MethodCandidate> OfKind(MethodKind kind) => Candidates.Where(c => c.Kind == kind);

        public IEnumerable<MethodCandidate> Phones => Candidates.Where(c => c.Phone != null);

        public static MethodInventory For(DirectoryUser user, TenantIndex index)
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

            var app = methods.FirstOrDefault(m => Is(m, MethodTypes.MicrosoftAuthenticator) || Is(m, MethodTypes.SoftwareOath));
            if (app != null)
            {
                list.Add(new MethodCandidate(MethodKind.AuthenticatorApp, MethodState.Usable, "Source_App", app.DisplayName ?? "Authenticator app"));
            }

            return new MethodInventory(list, methodsRead);
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
