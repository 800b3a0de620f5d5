using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Text;

namespace SsprTools.Core.Reset
{
    /// <summary>
    /// Entra's rules for a cloud password (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy#password-policies-that-only-apply-to-cloud-user-accounts): 8–256 characters, 3 of the 4 classes, only the
    /// allowed characters (no Unicode), and — our addition, as the banned-password check scores it down —
    /// no part of the user's name or UPN.
    /// </summary>
    public static class PasswordPolicy
    {
        public const int MinLength = 8;
        public const int MaxLength = 256;
        public const string Symbols = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> ";

        /// <summary>Why the password would be refused, or an empty list when it meets the rules. Never echoes the password.</summary>
        public static IReadOnlyList<string> Problems(char[] password, IEnumerable<string?> nameParts)
        {
            var problems = new List<string>();
            if (password.Length < MinLength || password.Length > MaxLength)
            {
                problems.Add(Texts.Format("Password_Length", MinLength, MaxLength, password.Length));
            }

            if (password.Any(c => !IsAllowed(c)))
            {
                problems.Add(Texts.Format("Password_Characters", Symbols.Trim()));
            }

            var classes = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0) +
                          (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => Symbols.IndexOf(c) >= 0) ? 1 : 0);
            if (classes < 3)
            {
                problems.Add(Texts.Get("Password_Classes"));
            }

            var lowered = new string(password).ToLowerInvariant();
            try
            {
                foreach (var part in NameTokens(nameParts))
                {
                    if (lowered.Contains(part))
                    {
                        problems.Add(Texts.Get("Password_ContainsName"));
                        break;
                    }
                }
            }
            finally
            {
                // The lowered copy is a managed string we cannot wipe; keep it short-lived and unreferenced.
                lowered = null;
            }

            return problems;
        }

        /// <summary>Name and UPN pieces of 3+ letters, lower-cased: "anna.berg@contoso.com" → anna, berg, contoso.</summary>
        public static IReadOnlyList<string> NameTokens(IEnumerable<string?> nameParts) =>
            nameParts.Where(p => !string.IsNullOrWhiteSpace(p))
                .SelectMany(p => p!.ToLowerInvariant().Split(new[] { '.', '@', ' ', '-', '_', '\'' }, StringSplitOptions.RemoveEmptyEntries))
                .Where(t => t.Length >= 3 && t != "com" && t != "net" && t != "org" && t != "onmicrosoft")
                .Distinct()
                .ToList();

        public static bool IsAllowed(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || Symbols.IndexOf(c) >= 0;
    }
}
