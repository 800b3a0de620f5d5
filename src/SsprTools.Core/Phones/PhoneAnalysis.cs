namespace SsprTools.Core.Phones
{
    /// <summary>What a phone number string, as stored in Entra, means for SSPR delivery.</summary>
    public enum PhoneNumberStatus
    {
        /// <summary>Null, empty or white space.</summary>
        Missing,
        /// <summary>A valid international number (+CC …).</summary>
        Valid,
        /// <summary>Digits without a leading '+country code' (SSPR004).</summary>
        NoCountryCode,
        /// <summary>The national trunk prefix was kept after the country code, e.g. +81 090… (SSPR005).</summary>
        TrunkPrefixKept,
        /// <summary>Not a phone number at all, or not a valid number for its country (SSPR007).</summary>
        Unparseable,
        /// <summary>Graph returned the number masked (caller is an Authentication Administrator): not evaluated.</summary>
        Masked,
    }

    /// <summary>The line type libphonenumber assigns, reduced to what matters for receiving an SMS.</summary>
    public enum PhoneLineType
    {
        Unknown,
        Mobile,
        /// <summary>The numbering plan does not tell (e.g. US/Canada): assumed able to receive SMS.</summary>
        FixedLineOrMobile,
        FixedLine,
        Voip,
        TollFree,
        Other,
    }

    public sealed class PhoneAnalysis
    {
        public PhoneAnalysis(string? raw, PhoneNumberStatus status, string masked)
        {
            Raw = raw;
            Status = status;
            Masked = masked;
        }

        /// <summary>The string as stored. Never logged or printed: use <see cref="Masked"/>.</summary>
        public string? Raw { get; }
        public PhoneNumberStatus Status { get; }
        /// <summary>A display form that hides the middle digits, e.g. "+47 9•••••12".</summary>
        public string Masked { get; }
        /// <summary>Country calling code (47, 81, 1 …) when known.</summary>
        public int? CountryCode { get; init; }
        /// <summary>ISO region (NO, JP, US …) when known.</summary>
        public string? RegionCode { get; init; }
        public PhoneLineType LineType { get; init; } = PhoneLineType.Unknown;
        /// <summary>The number in Entra's format "+CC NNNN" (for TrunkPrefixKept: the corrected number).</summary>
        public string? EntraFormat { get; init; }
        /// <summary>The national significant number (libphonenumber's; for TrunkPrefixKept: of the corrected number). Never printed.</summary>
        public string? NationalNumber { get; init; }
        /// <summary>
        /// For a number typed with '+': whether a space follows the country code, as SSPR contact data requires
        /// ("+1 4251234567", learn.microsoft.com/entra/identity/authentication/howto-sspr-authenticationdata). Null when not known.
        /// </summary>
        public bool? SpaceAfterCountryCode { get; init; }
        /// <summary>For TrunkPrefixKept: the prefix that should have been dropped ("0").</summary>
        public string? TrunkPrefix { get; init; }
        /// <summary>True for Valid numbers whose line type can take an SMS (mobile or undecidable).</summary>
        public bool CanReceiveSms => Status == PhoneNumberStatus.Valid && (LineType == PhoneLineType.Mobile || LineType == PhoneLineType.FixedLineOrMobile);
        /// <summary>True when the number can be dialled at all (Valid).</summary>
        public bool IsDiallable => Status == PhoneNumberStatus.Valid;
    }
}
