using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace SsprTools.Core.Phones
{
    /// <summary>
    /// Classifies a phone number string as stored in Entra ("+CC NNNN[xEXT]") for SSPR delivery,
    /// and produces a display form that never reveals the whole number.
    /// </summary>
    /// <remarks>
    /// Validity is always decided by libphonenumber. This class only scans characters for the things
    /// libphonenumber cannot tell us: whether a '+' was typed, whether the string is a Graph mask,
    /// how many digits there are, and which digits were typed right after the country code
    /// (libphonenumber silently strips a kept trunk prefix such as the "0" in "+81 090…").
    /// Never throws.
    /// </remarks>
    public static class PhoneAnalyzer
    {
        /// <summary>Longer (trimmed) input is not analysed at all: it is reported as Unparseable.</summary>
        internal const int MaxInputLength = 64;

        /// <summary>The character used to hide digits in <see cref="PhoneAnalysis.Masked"/>.</summary>
        internal const char Dot = '\u2022'; // •

        private const string ShortMask = "\u2022\u2022\u2022"; // •••
        private const char Ellipsis = '\u2026'; // …
        private const int MinDigitsForNumber = 6;
        private const int MinSlotsToReveal = 6;
        private const int MaxNationalNumberLength = 17; // the ITU maximum, and what libphonenumber accepts

        private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

        /// <summary>Classifies <paramref name="raw"/>. Never throws.</summary>
        public static PhoneAnalysis Analyze(string? raw)
        {
            try
            {
                return AnalyzeCore(raw);
            }
            catch (Exception)
            {
                // A robustness boundary: an unexpected library failure on odd input must not stop a report.
                return new PhoneAnalysis(raw, PhoneNumberStatus.Unparseable, SafeFallbackMask(raw));
            }
        }

        /// <summary>A display form of <paramref name="raw"/> that hides the middle digits, e.g. "+47 9•••••67". Never throws.</summary>
        public static string Mask(string? raw) => Analyze(raw).Masked;

        private static PhoneAnalysis AnalyzeCore(string? raw)
        {
            if (raw == null || string.IsNullOrWhiteSpace(raw))
                return new PhoneAnalysis(raw, PhoneNumberStatus.Missing, string.Empty);

            var text = raw.Trim();
            if (text.Length > MaxInputLength)
                return new PhoneAnalysis(raw, PhoneNumberStatus.Unparseable, GarbageMask(text));

            var scan = Scan.Of(text);

            // A Graph mask ("+1 XXXXXXXX23", "+47 ••••••12"): must be checked before parsing, because
            // libphonenumber reads letters as a phone keypad and would happily parse "XXXXXXXX23" as 9999999923.
            if (scan.HasMask && (scan.DigitCount > 0 || scan.HasPlus))
            {
                int maskedCc = scan.HasPlus ? DetectCountryCode(scan.Slots) : 0;
                return new PhoneAnalysis(raw, PhoneNumberStatus.Masked, BuildMask(text, scan, maskedCc, null))
                {
                    CountryCode = maskedCc > 0 ? maskedCc : (int?)null,
                };
            }

            if (!scan.HasPlus)
            {
                // Entra requires the '+' form. A leading "00" (or "011") international prefix, as in "0047 91234567",
                // is dialable from a phone but is NOT accepted by Entra, so it is reported as NoCountryCode as well.
                var status = scan.DigitCount >= MinDigitsForNumber ? PhoneNumberStatus.NoCountryCode : PhoneNumberStatus.Unparseable;
                return new PhoneAnalysis(raw, status, BuildMask(text, scan, 0, null));
            }

            PhoneNumber number;
            try
            {
                number = Util.Parse(text, "ZZ");
            }
            catch (NumberParseException)
            {
                return new PhoneAnalysis(raw, PhoneNumberStatus.Unparseable, BuildMask(text, scan, DetectCountryCode(scan.Slots), null));
            }

            int cc = number.CountryCode;
            string? extension = number.HasExtension && number.Extension.Length > 0 ? number.Extension : null;
            string masked = BuildMask(text, scan, cc, extension);

            var trunk = DetectTrunkPrefix(scan, cc, extension);
            if (trunk != null)
            {
                var corrected = trunk.Value.Corrected;
                return new PhoneAnalysis(raw, PhoneNumberStatus.TrunkPrefixKept, masked)
                {
                    CountryCode = corrected.CountryCode,
                    RegionCode = Util.GetRegionCodeForNumber(corrected),
                    LineType = MapType(Util.GetNumberType(corrected)),
                    EntraFormat = EntraFormat(corrected),
                    TrunkPrefix = trunk.Value.Prefix,
                    NationalNumber = Util.GetNationalSignificantNumber(corrected),
                    SpaceAfterCountryCode = SpaceAfterCountryCode(text, cc),
                };
            }

            if (!Util.IsValidNumber(number))
                return new PhoneAnalysis(raw, PhoneNumberStatus.Unparseable, masked) { CountryCode = cc };

            return new PhoneAnalysis(raw, PhoneNumberStatus.Valid, masked)
            {
                CountryCode = cc,
                RegionCode = Util.GetRegionCodeForNumber(number),
                LineType = MapType(Util.GetNumberType(number)),
                EntraFormat = EntraFormat(number),
                NationalNumber = Util.GetNationalSignificantNumber(number),
                SpaceAfterCountryCode = SpaceAfterCountryCode(text, cc),
            };
        }

        /// <summary>
        /// Whether the character right after the country code that libphonenumber found is a space: SSPR contact data must
        /// read "+CountryCode PhoneNumber" with "a space between the country code and the phone number"
        /// (learn.microsoft.com/entra/identity/authentication/howto-sspr-authenticationdata). Null when the typed country
        /// code does not line up with the parsed one.
        /// </summary>
        private static bool? SpaceAfterCountryCode(string text, int cc)
        {
            var ccText = cc.ToString(CultureInfo.InvariantCulture);
            int i = 0;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
                i++;
            if (i >= text.Length || (text[i] != '+' && text[i] != '\uFF0B'))
                return null;
            i++;
            foreach (var expected in ccText)
            {
                if (i >= text.Length || CharUnicodeInfo.GetDecimalDigitValue(text[i]) != expected - '0')
                    return null;
                i++;
            }

            return i < text.Length && (text[i] == ' ' || text[i] == '\u00A0');
        }

        /// <summary>"+CC NSN": no spaces inside the national significant number; the extension is dropped (SSPR ignores it).</summary>
        private static string EntraFormat(PhoneNumber number) =>
            "+" + number.CountryCode.ToString(CultureInfo.InvariantCulture) + " " + Util.GetNationalSignificantNumber(number);

        private static PhoneLineType MapType(PhoneNumberType type)
        {
            switch (type)
            {
                case PhoneNumberType.MOBILE: return PhoneLineType.Mobile;
                case PhoneNumberType.FIXED_LINE_OR_MOBILE: return PhoneLineType.FixedLineOrMobile;
                case PhoneNumberType.FIXED_LINE: return PhoneLineType.FixedLine;
                case PhoneNumberType.VOIP: return PhoneLineType.Voip;
                case PhoneNumberType.TOLL_FREE: return PhoneLineType.TollFree;
                case PhoneNumberType.PAGER:
                case PhoneNumberType.UAN:
                case PhoneNumberType.PREMIUM_RATE:
                case PhoneNumberType.SHARED_COST:
                case PhoneNumberType.PERSONAL_NUMBER:
                case PhoneNumberType.VOICEMAIL:
                    return PhoneLineType.Other;
                default:
                    return PhoneLineType.Unknown;
            }
        }

        // ---- trunk prefix -------------------------------------------------------------------------------

        private readonly struct TrunkFinding
        {
            public TrunkFinding(string prefix, PhoneNumber corrected)
            {
                Prefix = prefix;
                Corrected = corrected;
            }

            public string Prefix { get; }
            public PhoneNumber Corrected { get; }
        }

        /// <summary>
        /// Looks at the digits as typed after the country code. If they start with a national (trunk) prefix of
        /// that country (metadata NationalPrefix, e.g. "0" for JP/GB/NL/DE, "1" for NANP, "8" for RU), the number is
        /// valid without it, and the digits as typed are not themselves a valid number, the prefix was kept by mistake.
        /// Countries without a national prefix (Italy, Norway …) are never flagged, so "+39 06…" is fine.
        /// </summary>
        private static TrunkFinding? DetectTrunkPrefix(Scan scan, int cc, string? extension)
        {
            string ccText = cc.ToString(CultureInfo.InvariantCulture);
            string? national = NationalDigitsAsTyped(scan, ccText, extension);
            if (national == null || national.Length == 0)
                return null;

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var region in Util.GetRegionCodesForCountryCode(cc))
            {
                var metadata = Util.GetMetadataForRegion(region);
                string? prefix = metadata?.NationalPrefix;
                if (prefix == null || prefix.Length == 0 || !seen.Add(prefix))
                    continue;
                if (national.Length <= prefix.Length || !national.StartsWith(prefix, StringComparison.Ordinal))
                    continue;

                string rest = national.Substring(prefix.Length);
                PhoneNumber corrected;
                try
                {
                    corrected = Util.Parse("+" + ccText + rest, "ZZ");
                }
                catch (NumberParseException)
                {
                    continue;
                }

                if (corrected.CountryCode == cc && Util.IsValidNumber(corrected) && !IsValidAsTyped(cc, national))
                    return new TrunkFinding(prefix, corrected);
            }

            return null;
        }

        /// <summary>The digits typed after "+CC", without the extension; null when they cannot be lined up with the parse.</summary>
        private static string? NationalDigitsAsTyped(Scan scan, string ccText, string? extension)
        {
            var digits = new StringBuilder(scan.Slots.Count);
            foreach (var c in scan.Slots)
            {
                if (c == Dot)
                    return null;
                digits.Append(c);
            }

            var all = digits.ToString();
            if (!all.StartsWith(ccText, StringComparison.Ordinal))
                return null;
            var national = all.Substring(ccText.Length);
            if (extension != null)
            {
                if (national.Length <= extension.Length || !national.EndsWith(extension, StringComparison.Ordinal))
                    return null;
                national = national.Substring(0, national.Length - extension.Length);
            }
            return national;
        }

        /// <summary>Whether "+CC" followed by exactly these digits (leading zeros kept, nothing stripped) is a valid number.</summary>
        private static bool IsValidAsTyped(int cc, string national)
        {
            if (national.Length > MaxNationalNumberLength)
                return false;
            int zeros = 0;
            while (zeros < national.Length && national[zeros] == '0')
                zeros++;
            if (zeros == national.Length)
                return false;

            var builder = new PhoneNumber.Builder()
                .SetCountryCode(cc)
                .SetNationalNumber(ulong.Parse(national, NumberStyles.None, CultureInfo.InvariantCulture));
            if (zeros > 0)
                builder.SetNumberOfLeadingZeros(zeros);
            return Util.IsValidNumber(builder.Build());
        }

        // ---- masking ---------------------------------------------------------------------------------------

        /// <summary>
        /// "+CC " then the first and last two of the remaining digits, the rest as '•' ("+47 9•••••67").
        /// Without '+', the same over all digits. Fewer than six digits to show: all '•'. No digits: garbage form.
        /// </summary>
        private static string BuildMask(string text, Scan scan, int countryCode, string? extension)
        {
            var slots = scan.Slots;
            if (slots.Count == 0)
                return GarbageMask(text);
            if (text.Length < 5)
                return ShortMask;

            int end = slots.Count;
            if (extension != null && extension.Length < end && EndsWith(slots, end, extension))
                end -= extension.Length;

            var sb = new StringBuilder(end + 8);
            int start = 0;
            if (scan.HasPlus)
            {
                sb.Append('+');
                string? ccText = countryCode > 0 ? countryCode.ToString(CultureInfo.InvariantCulture) : null;
                if (ccText != null && ccText.Length < end && StartsWith(slots, ccText))
                {
                    sb.Append(ccText).Append(' ');
                    start = ccText.Length;
                }
            }

            int count = end - start;
            if (count < MinSlotsToReveal)
            {
                sb.Append(Dot, Math.Max(count, ShortMask.Length));
                return sb.ToString();
            }

            sb.Append(slots[start]);
            sb.Append(Dot, count - 3);
            sb.Append(slots[end - 2]).Append(slots[end - 1]);
            return sb.ToString();
        }

        /// <summary>At most the first two characters (non-printing ones replaced by '?') and "…"; "•••" when there is nothing printable to keep.</summary>
        private static string GarbageMask(string text)
        {
            var sb = new StringBuilder(3);
            for (int i = 0; i < text.Length && i < 2; i++)
                sb.Append(IsPrintable(text[i]) ? text[i] : '?');
            if (sb.Length == 0)
                return ShortMask;
            sb.Append(Ellipsis);
            return sb.ToString();
        }

        private static string SafeFallbackMask(string? raw)
        {
            try
            {
                return string.IsNullOrWhiteSpace(raw) ? string.Empty : ShortMask;
            }
            catch (Exception)
            {
                return ShortMask;
            }
        }

        private static bool IsPrintable(char c)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return false;
                default:
                    return !char.IsWhiteSpace(c) || c == ' ';
            }
        }

        /// <summary>The country code at the start of the slots (they are prefix-free, so the first 1–3 digit match wins); 0 when none.</summary>
        private static int DetectCountryCode(List<char> slots)
        {
            int value = 0;
            for (int i = 0; i < 3 && i < slots.Count; i++)
            {
                char c = slots[i];
                if (c < '0' || c > '9')
                    return 0;
                value = (value * 10) + (c - '0');
                if (value == 0)
                    return 0;
                if (!string.Equals(Util.GetRegionCodeForCountryCode(value), "ZZ", StringComparison.Ordinal))
                    return value;
            }
            return 0;
        }

        private static bool StartsWith(List<char> slots, string digits)
        {
            if (digits.Length > slots.Count)
                return false;
            for (int i = 0; i < digits.Length; i++)
            {
                if (slots[i] != digits[i])
                    return false;
            }
            return true;
        }

        private static bool EndsWith(List<char> slots, int end, string digits)
        {
            if (digits.Length > end)
                return false;
            int offset = end - digits.Length;
            for (int i = 0; i < digits.Length; i++)
            {
                if (slots[offset + i] != digits[i])
                    return false;
            }
            return true;
        }

        // ---- character scan --------------------------------------------------------------------------------

        /// <summary>
        /// One pass over the (already length-capped) text. Slots are the digit positions: ASCII digits (any Unicode
        /// decimal digit is normalised to ASCII) and mask characters (stored as '•'). A mask character is '*', '•', '●',
        /// or an X inside a run of at least two X's: a single 'x' after the digits is an extension marker ("+1 4255550123x123").
        /// </summary>
        private sealed class Scan
        {
            private Scan(List<char> slots, int digitCount, bool hasMask, bool hasPlus)
            {
                Slots = slots;
                DigitCount = digitCount;
                HasMask = hasMask;
                HasPlus = hasPlus;
            }

            public List<char> Slots { get; }
            public int DigitCount { get; }
            public bool HasMask { get; }
            /// <summary>A '+' (or full-width '＋') comes before the first digit.</summary>
            public bool HasPlus { get; }

            public static Scan Of(string text)
            {
                var slots = new List<char>(text.Length);
                int digits = 0;
                bool mask = false;
                bool plus = false;

                for (int i = 0; i < text.Length; i++)
                {
                    char c = text[i];
                    int digit = CharUnicodeInfo.GetDecimalDigitValue(c);
                    if (digit >= 0 && digit <= 9)
                    {
                        slots.Add((char)('0' + digit));
                        digits++;
                    }
                    else if (c == '*' || c == '\u2022' || c == '\u25CF')
                    {
                        slots.Add(Dot);
                        mask = true;
                    }
                    else if (IsX(c))
                    {
                        int run = 1;
                        while (i + run < text.Length && IsX(text[i + run]))
                            run++;
                        if (run >= 2)
                        {
                            for (int k = 0; k < run; k++)
                                slots.Add(Dot);
                            mask = true;
                        }
                        i += run - 1;
                    }
                    else if ((c == '+' || c == '\uFF0B') && slots.Count == 0)
                    {
                        plus = true;
                    }
                }

                return new Scan(slots, digits, mask, plus);
            }

            private static bool IsX(char c) => c == 'X' || c == 'x' || c == '\uFF38' || c == '\uFF58';
        }
    }
}
