using System;
using System.Security.Cryptography;
using System.Text;

namespace SsprTools.FakeGraph
{
    /// <summary>Entra's cloud password rules (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy#password-policies-that-only-apply-to-cloud-user-accounts): 8–256 characters, 3 of 4 classes, allowed characters only.
    /// The banned-password list is not emulated.</summary>
    internal static class PasswordRules
    {
        public const string Symbols = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> ";

        public const string ComplexityMessage =
            "The specified password does not comply with password complexity requirements. Please provide a different password.";

        public static bool IsValid(string? password)
        {
            if (password is null || password.Length < 8 || password.Length > 256)
            {
                return false;
            }

            bool lower = false, upper = false, digit = false, symbol = false;
            foreach (char c in password)
            {
                if (c >= 'a' && c <= 'z')
                {
                    lower = true;
                }
                else if (c >= 'A' && c <= 'Z')
                {
                    upper = true;
                }
                else if (c >= '0' && c <= '9')
                {
                    digit = true;
                }
                else if (Symbols.IndexOf(c, StringComparison.Ordinal) >= 0)
                {
                    symbol = true;
                }
                else
                {
                    return false; // Unicode and other characters are not allowed.
                }
            }

            int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
            return classes >= 3;
        }

        /// <summary>A random password that satisfies the rules (what resetPassword returns when no newPassword is given).</summary>
        public static string Generate()
        {
            const string lower = "abcdefghijkmnopqrstuvwxyz";
            const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
            const string digits = "23456789";
            var sb = new StringBuilder();
            sb.Append(upper[RandomNumberGenerator.GetInt32(upper.Length)]);
            for (int i = 0; i < 6; i++)
            {
                sb.Append(lower[RandomNumberGenerator.GetInt32(lower.Length)]);
            }

            for (int i = 0; i < 4; i++)
            {
                sb.Append(digits[RandomNumberGenerator.GetInt32(digits.Length)]);
            }

            sb.Append('!');
            return sb.ToString();
        }
    }
}
