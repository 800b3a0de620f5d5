using System;

namespace SsprTools
{
    // Output types live in the SsprTools namespace so their full names match the cmdlet contract
    // (SsprTools.Finding, SsprTools.AdminReadiness …) and the format views keyed on them.

    public enum FindingSeverity
    {
        Info = 0,
        Warning = 1,
        Error = 2,
    }

    /// <summary>One finding of the catalog (docs/findings.md; declared by its rule class) about a tenant or an admin.</summary>
    public sealed class Finding
    {
        public Finding(string id, FindingSeverity severity, string title, string detail, string remediation, string reference)
        {
            Id = id;
            Severity = severity;
            Title = title;
            Detail = detail;
            Remediation = remediation;
            Reference = reference;
        }

        public string Id { get; }
        public FindingSeverity Severity { get; }
        public string Title { get; }
        public string Detail { get; }
        public string Remediation { get; }
        public string Reference { get; }

        internal Finding WithSeverity(FindingSeverity severity, string detailSuffix) =>
            new Finding(Id, severity, Title, Detail + detailSuffix, Remediation, Reference);

        public override string ToString() => $"{Id} {Severity}: {Title}";
    }

    /// <summary>The declared posture for administrator self-service password reset.</summary>
    public enum ExpectedAdminSspr
    {
        /// <summary>Take no side: report what is.</summary>
        Any = 0,
        /// <summary>Admins are meant to recover by self-service.</summary>
        Enabled = 1,
        /// <summary>Admin SSPR is meant to be off (EIDSCA.AP01, Zero Trust Assessment 21842); admins recover by assisted reset.</summary>
        Disabled = 2,
    }

    /// <summary>
    /// Who delivers SMS and voice codes (a declared posture: no Graph property tells whether a tenant has a
    /// customer-managed telecom provider). Microsoft's own delivery ends on 2027-02-01
    /// (learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement).
    /// </summary>
    public enum Telephony
    {
        /// <summary>Microsoft delivers SMS and voice: phone gates count until 2027-02-01 (per -AsOf).</summary>
        Microsoft = 0,
        /// <summary>A customer-managed telecom provider (Microsoft Security Store) delivers them: phone gates always count.</summary>
        CustomerManaged = 1,
        /// <summary>The tenant uses no SMS/voice at all: phone gates never count.</summary>
        None = 2,
    }
}
