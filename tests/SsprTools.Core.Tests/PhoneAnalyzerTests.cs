using System;
using System.Linq;
using System.Text;
using SsprTools.Core.Phones;
using Xunit;

namespace SsprTools.Core.Tests
{
    public class PhoneAnalyzerTests
    {
        private const char Dot = '\u2022';

        // ---- Valid ---------------------------------------------------------------------------------------------

        [Theory]
        [InlineData("+47 91234567", 47, "NO", PhoneLineType.Mobile, "+47 91234567")]
        [InlineData("+4791234567", 47, "NO", PhoneLineType.Mobile, "+47 91234567")]
        [InlineData("+31 612345678", 31, "NL", PhoneLineType.Mobile, "+31 612345678")]
        [InlineData("+81 9012345678", 81, "JP", PhoneLineType.Mobile, "+81 9012345678")]
        [InlineData("+81 90 1234 5678", 81, "JP", PhoneLineType.Mobile, "+81 9012345678")]
        [InlineData("+1 4255550123", 1, "US", PhoneLineType.FixedLineOrMobile, "+1 4255550123")]
        [InlineData("+1 (425) 555-0123", 1, "US", PhoneLineType.FixedLineOrMobile, "+1 4255550123")]
        [InlineData("+44 7400 123456", 44, "GB", PhoneLineType.Mobile, "+44 7400123456")]
        [InlineData("+39 312 345 6789", 39, "IT", PhoneLineType.Mobile, "+39 3123456789")]
        [InlineData("+49 151 12345678", 49, "DE", PhoneLineType.Mobile, "+49 15112345678")]
        public void Valid_mobile_or_undecidable_numbers_can_receive_sms(string raw, int cc, string region, PhoneLineType type, string entra)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.Valid, a.Status);
            Assert.Equal(cc, a.CountryCode);
            Assert.Equal(region, a.RegionCode);
            Assert.Equal(type, a.LineType);
            Assert.Equal(entra, a.EntraFormat);
            Assert.Null(a.TrunkPrefix);
            Assert.True(a.CanReceiveSms);
            Assert.True(a.IsDiallable);
            Assert.Equal(raw, a.Raw);
        }

        [Fact]
        public void Norwegian_mobile_is_masked_as_documented()
        {
            var a = PhoneAnalyzer.Analyze("+47 91234567");

            Assert.Equal("+47 9\u2022\u2022\u2022\u2022\u202267", a.Masked);
            Assert.Equal(a.Masked, PhoneAnalyzer.Mask("+47 91234567"));
        }

        [Fact]
        public void Uk_london_landline_is_valid_but_cannot_receive_sms()
        {
            var a = PhoneAnalyzer.Analyze("+44 20 7946 0958");

            Assert.Equal(PhoneNumberStatus.Valid, a.Status);
            Assert.Equal(44, a.CountryCode);
            Assert.Equal("GB", a.RegionCode);
            Assert.Equal(PhoneLineType.FixedLine, a.LineType);
            Assert.Equal("+44 2079460958", a.EntraFormat);
            Assert.False(a.CanReceiveSms);
            Assert.True(a.IsDiallable);
        }

        [Fact]
        public void Uk_07700_900xxx_drama_range_is_not_a_valid_number_for_libphonenumber()
        {
            // Ofcom reserves 07700 900000–900999 for TV and film; libphonenumber's metadata excludes it.
            var a = PhoneAnalyzer.Analyze("+44 7700 900123");

            Assert.Equal(PhoneNumberStatus.Unparseable, a.Status);
            Assert.Equal(44, a.CountryCode);
            Assert.False(a.CanReceiveSms);
            Assert.False(a.IsDiallable);
        }

        [Fact]
        public void Uk_07911_mobile_is_attributed_to_guernsey()
        {
            // +44 covers GB, GG, IM and JE; libphonenumber gives the most specific region.
            var a = PhoneAnalyzer.Analyze("+44 7911 123456");

            Assert.Equal(PhoneNumberStatus.Valid, a.Status);
            Assert.Equal("GG", a.RegionCode);
            Assert.Equal(PhoneLineType.Mobile, a.LineType);
            Assert.True(a.CanReceiveSms);
        }

        [Theory]
        [InlineData("+1 4255550123x123", 1, "+1 4255550123")]
        [InlineData("+1 4255550123 x123", 1, "+1 4255550123")]
        [InlineData("+1 425 555 0123 ext. 45", 1, "+1 4255550123")]
        [InlineData("+44 2071234567x123", 44, "+44 2071234567")]
        public void Extension_is_not_a_mask_and_is_dropped_from_the_entra_format(string raw, int cc, string entra)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.Valid, a.Status);
            Assert.Equal(cc, a.CountryCode);
            Assert.Equal(entra, a.EntraFormat);
        }

        [Fact]
        public void Extension_digits_are_not_shown_in_the_mask()
        {
            Assert.Equal("+1 4\u2022\u2022\u2022\u2022\u2022\u2022\u202223", PhoneAnalyzer.Mask("+1 4255550123x123"));
        }

        [Theory]
        [InlineData("+1 800 555 0199", 1, PhoneLineType.TollFree)]
        [InlineData("+1 888 555 0199", 1, PhoneLineType.TollFree)]
        [InlineData("+47 800 12345", 47, PhoneLineType.TollFree)]
        [InlineData("+31 85 123 4567", 31, PhoneLineType.Voip)]
        [InlineData("+47 850 12345", 47, PhoneLineType.Voip)]
        [InlineData("+44 56 1234 5678", 44, PhoneLineType.Voip)]
        public void Toll_free_and_voip_numbers_are_valid_but_cannot_receive_sms(string raw, int cc, PhoneLineType type)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.Valid, a.Status);
            Assert.Equal(cc, a.CountryCode);
            Assert.Equal(type, a.LineType);
            Assert.False(a.CanReceiveSms);
            Assert.True(a.IsDiallable);
        }

        [Fact]
        public void Full_width_plus_and_digits_are_understood()
        {
            var a = PhoneAnalyzer.Analyze("\uFF0B\uFF18\uFF11 \uFF19\uFF10\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18");

            Assert.Equal(PhoneNumberStatus.Valid, a.Status);
            Assert.Equal("+81 9012345678", a.EntraFormat);
            Assert.Equal("+81 9\u2022\u2022\u2022\u2022\u2022\u2022\u202278", a.Masked);
        }

        // ---- Trunk prefix ------------------------------------------------------------------------------------

        [Theory]
        [InlineData("+81 09012345678")]
        [InlineData("+81 090 1234 5678")]
        [InlineData("+81 090-1234-5678")]
        public void Japanese_mobile_with_trunk_zero_kept_is_flagged_and_corrected(string raw)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.TrunkPrefixKept, a.Status);
            Assert.Equal("0", a.TrunkPrefix);
            Assert.Equal("+81 9012345678", a.EntraFormat);
            Assert.Equal(81, a.CountryCode);
            Assert.Equal("JP", a.RegionCode);
            Assert.Equal(PhoneLineType.Mobile, a.LineType);
            Assert.False(a.CanReceiveSms);
            Assert.False(a.IsDiallable);
        }

        [Theory]
        [InlineData("+44 07400 123456", "0", "+44 7400123456", "GB")]
        [InlineData("+44 020 7946 0958", "0", "+44 2079460958", "GB")]
        [InlineData("+31 0612345678", "0", "+31 612345678", "NL")]
        [InlineData("+49 0151 12345678", "0", "+49 15112345678", "DE")]
        [InlineData("+81 050 1234 5678", "0", "+81 5012345678", "JP")]
        [InlineData("+7 8 912 345 6789", "8", "+7 9123456789", "RU")]
        [InlineData("+1 1 425 555 0123", "1", "+1 4255550123", "US")]
        public void Trunk_prefix_is_detected_from_region_metadata(string raw, string prefix, string entra, string region)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.TrunkPrefixKept, a.Status);
            Assert.Equal(prefix, a.TrunkPrefix);
            Assert.Equal(entra, a.EntraFormat);
            Assert.Equal(region, a.RegionCode);
        }

        [Theory]
        [InlineData("+39 06 1234 5678", "+39 0612345678")]
        [InlineData("+39 0612345678", "+39 0612345678")]
        public void Italian_leading_zero_is_part_of_the_number_not_a_trunk_prefix(string raw, string entra)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.Valid, a.Status);
            Assert.Null(a.TrunkPrefix);
            Assert.Equal(39, a.CountryCode);
            Assert.Equal("IT", a.RegionCode);
            Assert.Equal(PhoneLineType.FixedLine, a.LineType);
            Assert.Equal(entra, a.EntraFormat);
        }

        [Fact]
        public void Russian_number_starting_with_the_trunk_digit_is_not_a_false_positive()
        {
            // RU's national prefix is "8", but 812 is St Petersburg: "+7 812…" is valid as typed.
            var a = PhoneAnalyzer.Analyze("+7 812 345 6789");

            Assert.Equal(PhoneNumberStatus.Valid, a.Status);
            Assert.Null(a.TrunkPrefix);
            Assert.Equal("+7 8123456789", a.EntraFormat);
        }

        [Fact]
        public void Japanese_number_with_trunk_zero_kept_twice_is_unparseable()
        {
            Assert.Equal(PhoneNumberStatus.Unparseable, PhoneAnalyzer.Analyze("+81 00901234567").Status);
        }

        // ---- No country code -----------------------------------------------------------------------------------

        [Theory]
        [InlineData("4255550123")]
        [InlineData("(425) 555-0123")]
        [InlineData("091234567")]
        [InlineData("0047 91234567")] // "00" is an international dialling prefix, but Entra requires '+'.
        [InlineData("47 91234567")]
        [InlineData("call me at 4255550123")]
        public void Digits_without_plus_have_no_country_code(string raw)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.NoCountryCode, a.Status);
            Assert.Null(a.EntraFormat);
            Assert.False(a.CanReceiveSms);
            Assert.False(a.IsDiallable);
        }

        [Fact]
        public void No_country_code_mask_keeps_first_and_last_two_digits()
        {
            Assert.Equal("4\u2022\u2022\u2022\u2022\u2022\u2022\u202223", PhoneAnalyzer.Mask("4255550123"));
            Assert.Equal("0\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u202267", PhoneAnalyzer.Mask("0047 91234567"));
        }

        // ---- Masked (Graph) ------------------------------------------------------------------------------------

        [Theory]
        [InlineData("+1 XXXXXXXX23", 1, "+1 \u2022\u2022\u2022\u2022\u2022\u2022\u2022\u202223")]
        [InlineData("+47 XXXXXX12", 47, "+47 \u2022\u2022\u2022\u2022\u2022\u202212")]
        [InlineData("+47 xxxxxx12", 47, "+47 \u2022\u2022\u2022\u2022\u2022\u202212")]
        [InlineData("+47 ******12", 47, "+47 \u2022\u2022\u2022\u2022\u2022\u202212")]
        [InlineData("+47 9\u2022\u2022\u2022\u2022\u202267", 47, "+47 9\u2022\u2022\u2022\u2022\u202267")]
        [InlineData("+44 7700 9XXXXX", 44, "+44 7\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022")]
        public void Graph_masked_numbers_are_not_evaluated(string raw, int cc, string masked)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.Masked, a.Status);
            Assert.Equal(cc, a.CountryCode);
            Assert.Null(a.EntraFormat);
            Assert.Equal(PhoneLineType.Unknown, a.LineType);
            Assert.False(a.CanReceiveSms);
            Assert.Equal(masked, a.Masked);
        }

        [Fact]
        public void Masked_number_without_plus_is_still_masked()
        {
            Assert.Equal(PhoneNumberStatus.Masked, PhoneAnalyzer.Analyze("XXXXXXXX23").Status);
        }

        // ---- Unparseable / Missing -----------------------------------------------------------------------------

        [Theory]
        [InlineData("n/a")]
        [InlineData("unknown")]
        [InlineData("call me")]
        [InlineData("xxx")]
        [InlineData("12345")]
        [InlineData("+")]
        [InlineData("+47")]
        [InlineData("+47 1234")]
        [InlineData("+999 12345678")]
        [InlineData("+47 12345678901234567890")]
        [InlineData("+-+-+")]
        public void Garbage_and_invalid_numbers_are_unparseable(string raw)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.Unparseable, a.Status);
            Assert.Null(a.EntraFormat);
            Assert.False(a.CanReceiveSms);
            Assert.False(a.IsDiallable);
        }

        [Theory]
        [InlineData("n/a", "n/\u2026")]
        [InlineData("unknown", "un\u2026")]
        [InlineData("123", "\u2022\u2022\u2022")]
        [InlineData("+1", "\u2022\u2022\u2022")]
        [InlineData("12345", "\u2022\u2022\u2022\u2022\u2022")]
        [InlineData("+47 1234", "+47 \u2022\u2022\u2022\u2022")]
        public void Garbage_and_short_strings_reveal_little(string raw, string masked)
        {
            Assert.Equal(masked, PhoneAnalyzer.Mask(raw));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("\t\r\n")]
        public void Null_empty_and_white_space_are_missing(string? raw)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.Equal(PhoneNumberStatus.Missing, a.Status);
            Assert.Equal(string.Empty, a.Masked);
            Assert.Null(a.CountryCode);
            Assert.False(a.CanReceiveSms);
            Assert.False(a.IsDiallable);
        }

        // ---- Robustness -------------------------------------------------------------------------------------------

        [Fact]
        public void Input_longer_than_the_cap_is_unparseable_and_masked_as_garbage()
        {
            var longNumber = "+47 " + new string('9', 61); // 65 characters
            var a = PhoneAnalyzer.Analyze(longNumber);

            Assert.Equal(PhoneNumberStatus.Unparseable, a.Status);
            Assert.Equal("+4\u2026", a.Masked);
        }

        [Fact]
        public void Huge_strings_never_throw()
        {
            string[] inputs =
            {
                new string('1', 100_000),
                "+" + new string('4', 100_000),
                "+47 " + new string('X', 100_000),
                new string(' ', 100_000),
                new string('\0', 100_000),
                "+1 4255550123" + new string('x', 100_000),
                string.Concat(Enumerable.Repeat("+81 090 1234 5678 ", 6000)),
            };

            foreach (var s in inputs)
            {
                var a = PhoneAnalyzer.Analyze(s);
                Assert.NotNull(a.Masked);
                Assert.True(a.Masked.Length <= 4, $"mask too long: {a.Masked.Length}");
                Assert.NotEqual(PhoneNumberStatus.Valid, a.Status);
            }
            Assert.Equal(PhoneNumberStatus.Missing, PhoneAnalyzer.Analyze(new string(' ', 100_000)).Status);
        }

        [Theory]
        [InlineData("\0\0\0")]
        [InlineData("+47\0 91234567")]
        [InlineData("\u0001\u0002\u0003\u0004\u0005\u0006")]
        [InlineData("\uD800\uDC00\uD800")]
        [InlineData("\u202E+47 91234567")]
        [InlineData("+\uFFFF\uFFFE 1234567")]
        [InlineData("+1 4255550123 \u0000 ext \u0007 99")]
        [InlineData("\u0661\u0662\u0663\u0664\u0665\u0666\u0667")]
        public void Control_characters_and_odd_unicode_never_throw(string raw)
        {
            var a = PhoneAnalyzer.Analyze(raw);

            Assert.NotNull(a.Masked);
            Assert.DoesNotContain(a.Masked, c => char.IsControl(c) || char.IsSurrogate(c));
        }

        [Fact]
        public void Random_bytes_never_throw()
        {
            var random = new Random(20240611);
            var alphabet = "+0123456789 xX*\u2022-()./#ext\u0000\t\uFF0B\uFF10".ToCharArray();
            for (int i = 0; i < 3000; i++)
            {
                var buffer = new byte[random.Next(0, 80)];
                random.NextBytes(buffer);
                string fromBytes = i % 2 == 0
                    ? Encoding.UTF8.GetString(buffer)
                    : new string(buffer.Select(b => (char)b).ToArray());
                string fromAlphabet = new string(buffer.Select(b => alphabet[b % alphabet.Length]).ToArray());

                foreach (var s in new[] { fromBytes, fromAlphabet })
                {
                    var a = PhoneAnalyzer.Analyze(s);
                    Assert.NotNull(a.Masked);
                    Assert.Equal(a.Masked, PhoneAnalyzer.Mask(s));
                    Assert.DoesNotContain(a.Masked, c => char.IsControl(c));
                }
            }
        }

        // ---- Mask never reveals the number --------------------------------------------------------------------------

        [Theory]
        [InlineData("+47 91234567", "91234567")]
        [InlineData("+31 612345678", "612345678")]
        [InlineData("+81 09012345678", "09012345678")]
        [InlineData("+81 9012345678", "9012345678")]
        [InlineData("+1 4255550123", "4255550123")]
        [InlineData("+1 4255550123x123", "4255550123")]
        [InlineData("+44 20 7946 0958", "2079460958")]
        [InlineData("+39 06 1234 5678", "0612345678")]
        [InlineData("4255550123", "4255550123")]
        [InlineData("0047 91234567", "91234567")]
        [InlineData("+47 123456", "123456")]
        [InlineData("123456", "123456")]
        [InlineData("+47 12345", "12345")]
        [InlineData("+999 12345678", "12345678")]
        public void Mask_never_contains_the_full_digit_run(string raw, string national)
        {
            var masked = PhoneAnalyzer.Mask(raw);
            var maskedDigits = new string(masked.Where(char.IsDigit).ToArray());
            var inputDigits = new string(raw.Where(char.IsDigit).ToArray());

            Assert.DoesNotContain(national, maskedDigits, StringComparison.Ordinal);
            Assert.DoesNotContain(inputDigits, maskedDigits, StringComparison.Ordinal);
            Assert.Contains(Dot, masked);

            // Beyond the "+CC " prefix, at most three digits are shown.
            var afterPrefix = masked.StartsWith("+", StringComparison.Ordinal) && masked.IndexOf(' ') > 0
                ? masked.Substring(masked.IndexOf(' ') + 1)
                : masked;
            Assert.True(afterPrefix.Count(char.IsDigit) <= 3, masked);
        }
    }
}
