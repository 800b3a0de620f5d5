using System;
using System.Runtime.InteropServices;
using System.Security;

namespace SsprTools.Core.Reset
{
    /// <summary>Short, explicit windows in which a secret exists as plain characters.</summary>
    public static class SecureStrings
    {
        /// <summary>Run <paramref name="use"/> over the characters of <paramref name="secret"/>; the copy is zeroed afterwards.</summary>
        public static T WithChars<T>(SecureString secret, Func<char[], T> use)
        {
            var chars = new char[secret.Length];
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                Marshal.Copy(pointer, chars, 0, chars.Length);
                return use(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }
    }
}
