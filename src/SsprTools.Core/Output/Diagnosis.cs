using System;
using System.Globalization;

namespace SsprTools
{
    /// <summary>What the admin reports: the symptoms of the two knowledge-base articles.</summary>
    public enum DiagnosisSymptom
    {
        /// <summary>nl KB: no email arrives to continue the self-service reset.</summary>
        NoEmailReceived = 0,
        /// <summary>nl KB: no text message arrives to continue the self-service reset.</summary>
        NoSmsReceived = 1,
        /// <summary>nb KB: "Invalid Security Code" after clicking the email link or entering the SMS code.</summary>
        InvalidSecurityCode = 2,
    }

    /// <summary>How a reset attempt ended.</summary>
    public enum ResetOutcome
    {
        Unknown = 0,
        Succeeded = 1,
        Failed = 2,
        /// <summary>Throttled: the account may not use self-service reset for 24 hours.</summary>
        Blocked = 3,
        /// <summary>The flow stopped without a result (left, timed out, or the user contacted an admin).</summary>
        Abandoned = 4,
        Cancelled = 5,
        /// <summary>The last step is recent enough (within the 15-minute session) that the flow may still be open.</summary>
        InProgress = 6,
    }

    /// <summary>One audit event of an attempt, in order.</summary>
    public sealed class ResetAttemptStep
    {
        public DateTimeOffset Time { get; init; }
        /// <summary>Time since the attempt's first step.</summary>
        public TimeSpan Offset { get; init; }
        public string Activity { get; init; } = "";
        /// <summary>success, failure, timeout … as the audit log says.</summary>
        public string? Result { get; init; }
        public string? Reason { get; init; }
        public string? IpAddress { get; init; }

        /// <summary>The step's line in Steps: the resultReason, or the activity when there is no reason.</summary>
        public string Text => string.IsNullOrWhiteSpace(Reason) ? Activity : Reason!;

        /// <summary>The offset, then the line, e.g. "+12:18 User entered an invalid code [failure]".</summary>
        public override string ToString()
        {
            var failed = string.Equals(Result, "failure", StringComparison.OrdinalIgnoreCase) || string.Equals(Result, "timeout", StringComparison.OrdinalIgnoreCase);
            return "+" + Durations.Clock(Offset) + " " + Text + (failed ? " [" + Result + "]" : "");
        }
    }

    /// <summary>A code or link sent during an attempt, and how long it took to be used.</summary>
    public sealed class CodeCheck
    {
        /// <summary>Email or Sms.</summary>
        public string Method { get; init; } = "";
        public DateTimeOffset SentAt { get; init; }
        /// <summary>When the code or link was next used (completed, failed or blocked); null when it never was.</summary>
        public DateTimeOffset? EnteredAt { get; init; }
        public TimeSpan? Delay { get; init; }
        /// <summary>Delay beyond the knowledge-base article's 10 minutes for the code and the link.</summary>
        public bool ExceedsArticleWindow { get; init; }
        /// <summary>Delay beyond current Microsoft guidance: a one-time code is valid for 5 minutes.</summary>
        public bool ExceedsCurrentWindow { get; init; }

        public override string ToString() =>
            Method + " " + (Delay.HasValue ? Durations.Text(Delay.Value) : "not used");
    }

    /// <summary>One self-service password reset session: the audit events that share a correlationId.</summary>
    public sealed class ResetAttempt
    {
        public string CorrelationId { get; init; } = "";
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset EndedAt { get; init; }
        public TimeSpan Duration { get; init; }
        /// <summary>The resultReason (or, without one, the activity) of each step, in time order.</summary>
        public string[] Steps { get; init; } = Array.Empty<string>();
        /// <summary>The steps with their time, offset from the start, activity, result and IP address.</summary>
        public ResetAttemptStep[] StepDetails { get; init; } = Array.Empty<ResetAttemptStep>();
        public ResetOutcome Outcome { get; init; }
        /// <summary>The failure or block text of the audit log, when the attempt did not succeed.</summary>
        public string? FailureReason { get; init; }
        /// <summary>A finding id (SSPR0nn) when a finding of this account explains the failure, else a named cause (docs/diagnosis.md).</summary>
        public string? CauseId { get; init; }
        /// <summary>The named cause, even when CauseId is the finding that confirms it (e.g. InsufficientMethods for SSPR009).</summary>
        public string? NamedCause { get; init; }
        public string UserPrincipalName { get; init; } = "";
        public string? UserId { get; init; }
        /// <summary>SelfServiceReset, AdminReset, PasswordChange, Unlock, Registration or Other.</summary>
        public string Kind { get; init; } = "";
        /// <summary>When a 24-hour block ends, for a Blocked attempt.</summary>
        public DateTimeOffset? BlockedUntil { get; init; }
        /// <summary>Every email link or SMS code sent in the attempt, with the time it took to use it.</summary>
        public CodeCheck[] CodeChecks { get; init; } = Array.Empty<CodeCheck>();
        /// <summary>The attempt lasted longer than the article's 60 minutes for the whole process.</summary>
        public bool ExceedsArticleFlowWindow { get; init; }
        /// <summary>The attempt lasted longer than the 15-minute session of current Microsoft guidance.</summary>
        public bool ExceedsCurrentSessionWindow { get; init; }
        public string[] IpAddresses { get; init; } = Array.Empty<string>();

        public override string ToString() =>
            StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + UserPrincipalName + " " + Outcome
            + (CauseId != null ? " (" + CauseId + ")" : "");
    }

    /// <summary>A cause of the reported symptom, with what shows it.</summary>
    public sealed class DiagnosisCause
    {
        /// <summary>A finding id (SSPR0nn) or a named cause (CodeExpired, BlockedTooManyAttempts, JunkFolder …).</summary>
        public string Id { get; init; } = "";
        public string Title { get; init; } = "";
        /// <summary>What confirms it: the finding, the audit step, the timing. For a possible cause, why the data cannot tell.</summary>
        public string[] Evidence { get; init; } = Array.Empty<string>();
        public string Remediation { get; init; } = "";
        public string? Reference { get; init; }
        /// <summary>Finding, AuditLog, Timing or Article: where the evidence comes from.</summary>
        public string Source { get; init; } = "";

        public override string ToString() => Id + ": " + Title;
    }

    /// <summary>The answer to "my admin cannot reset": likely causes with evidence, other causes to rule out, and what to do.</summary>
    public sealed class Diagnosis
    {
        public string UserPrincipalName { get; init; } = "";
        public DiagnosisSymptom Symptom { get; init; }
        /// <summary>Causes the tenant data or the audit log confirm.</summary>
        public DiagnosisCause[] LikelyCauses { get; init; } = Array.Empty<DiagnosisCause>();
        /// <summary>Causes the data cannot see: rule them out with the admin.</summary>
        public DiagnosisCause[] OtherPossibleCauses { get; init; } = Array.Empty<DiagnosisCause>();
        /// <summary>What to do, in the knowledge-base articles' order.</summary>
        public string[] NextSteps { get; init; } = Array.Empty<string>();
        /// <summary>The account's reset attempts in the audit window, oldest first.</summary>
        public ResetAttempt[] RecentAttempts { get; init; } = Array.Empty<ResetAttempt>();
        public bool IsAdmin { get; init; }
        /// <summary>Accounts that may reset this one's password (from the readiness check).</summary>
        public string[] AssistedResetBy { get; init; } = Array.Empty<string>();
        /// <summary>Evidence that could not be read, and why (audit log not licensed, retention …).</summary>
        public string[] NotEvaluated { get; init; } = Array.Empty<string>();
        /// <summary>The readiness result the diagnosis used as evidence.</summary>
        public AdminReadiness? Readiness { get; init; }
        public string? TenantId { get; init; }
        public string? Source { get; init; }

        public override string ToString() => UserPrincipalName + " " + Symptom;
    }

    internal static class Durations
    {
        /// <summary>"12 min 18 s", "1 h 10 min", "38 s".</summary>
        public static string Text(TimeSpan span)
        {
            if (span < TimeSpan.Zero)
            {
                span = span.Negate();
            }

            if (span.TotalHours >= 1)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0} h {1} min", (int)span.TotalHours, span.Minutes);
            }

            if (span.TotalMinutes >= 1)
            {
                return span.Seconds == 0
                    ? string.Format(CultureInfo.InvariantCulture, "{0} min", (int)span.TotalMinutes)
                    : string.Format(CultureInfo.InvariantCulture, "{0} min {1} s", (int)span.TotalMinutes, span.Seconds);
            }

            return string.Format(CultureInfo.InvariantCulture, "{0} s", (int)span.TotalSeconds);
        }

        /// <summary>"mm:ss", or "h:mm:ss" past an hour.</summary>
        public static string Clock(TimeSpan span) =>
            span.TotalHours >= 1
                ? string.Format(CultureInfo.InvariantCulture, "{0}:{1:00}:{2:00}", (int)span.TotalHours, span.Minutes, span.Seconds)
                : string.Format(CultureInfo.InvariantCulture, "{0:00}:{1:00}", (int)span.TotalMinutes, span.Seconds);

        public static string Utc(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

        public static string UtcTime(DateTimeOffset time) =>
            time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
