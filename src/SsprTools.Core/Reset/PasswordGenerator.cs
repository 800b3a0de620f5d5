using System;
using System.Collections.Generic;
using System.Security;
using System.Security.Cryptography;

namespace SsprTools.Core.Reset
{
    /// <summary>Temporary passwords from a cryptographic RNG that meet Entra's rules, built straight into a SecureString.</summary>
    public static class PasswordGenerator
    {
        public const int DefaultLength = 16;

        // Look-alikes (0/O, 1/l/I) are left out: the password is read out to a locked-out admin over the phone.
        private const string Lower = "abcdefghijkmnopqrstuvwxyz";
        private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        private const string Digits = "23456789";
        private const string Symbols = "!#$%*+-=?@^_";

        public static SecureString Generate(IEnumerable<string?> nameParts, int length = DefaultLength)
        {
            if (length < PasswordPolicy.MinLength || length > PasswordPolicy.MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            var parts = new List<string?>(nameParts);
            var buffer = new char[length];
            try
            {
                using var rng = RandomNumberGenerator.Create();
                // Retry in the (rare) case a name fragment appears by chance; the classes are forced below.
                for (var attempt = 0; attempt < 100; attempt++)
                {
                    var all = Lower + Upper + Digits + Symbols;
                    for (var i = 0; i < length; i++)
                    {
                        buffer[i] = all[Next(rng, all.Length)];
                    }

                    // One of each class at random distinct positions.
                    var sets = new[] { Lower, Upper, Digits, Symbols };
                    var used = new HashSet<int>();
                    foreach (var set in sets)
                    {
                        int position;
                        do
                        {
                            position = Next(rng, length);
                        }
                        while (!used.Add(position));
                        buffer[position] = set[Next(rng, set.Length)];
                    }

                    if (PasswordPolicy.Problems(buffer, parts).Count == 0)
                    {
                        var secure = new SecureString();
                        foreach (var c in buffer)
                        {
                            secure.AppendChar(c);
                        }

                        secure.MakeReadOnly();
                        return secure;
                    }
                }

                throw new InvalidOperationException("Could not generate a password that avoids the user's name.");
            }
            finally
            {
                Array.Clear(buffer, 0, buffer.Length);
            }
        }

        /// <summary>An unbiased integer in [0, max) by rejection sampling.</summary>
        private static int Next(RandomNumberGenerator rng, int max)
        {
            var bytes = new byte[4];
            var limit = uint.MaxValue - (uint.MaxValue % (uint)max);
            uint value;
            do
            {
                rng.GetBytes(bytes);
                value = BitConverter.ToUInt32(bytes, 0);
            }
            while (value >= limit);
            return (int)(value % (uint)max);
        }
    }
}
