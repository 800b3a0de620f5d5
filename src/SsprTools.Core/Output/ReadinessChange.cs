using System;

namespace SsprTools
{
    /// <summary>What Export-SsprReadinessReport writes.</summary>
    public enum ReportFormat
    {
        /// <summary>The self-contained HTML report.</summary>
        Html = 0,
        /// <summary>A short Markdown summary for a pipeline's job summary.</summary>
        Markdown = 1,
    }

    /// <summary>How one account's readiness changed between two scans.</summary>
    public enum ReadinessChangeKind
    {
        /// <summary>In the difference scan only: a new role holder.</summary>
        Added = 0,
        /// <summary>In the reference scan only: no longer holds a role (or the account is gone).</summary>
        Removed = 1,
        /// <summary>Could recover before, cannot now.</summary>
        BecameUnrecoverable = 2,
        /// <summary>Could not recover before, can now.</summary>
        BecameRecoverable = 3,
        /// <summary>Still as recoverable as before, but findings (or what could be evaluated) changed.</summary>
        FindingsChanged = 4,
    }

    /// <summary>One account whose readiness differs between a reference scan and a difference scan (Compare-SsprReadiness).</summary>
    public sealed class ReadinessChange
    {
        public string UserPrincipalName { get; init; } = "";
        public string? DisplayName { get; init; }
        public ReadinessChangeKind Change { get; init; }
        /// <summary>Findings in the difference scan that the reference scan did not have (checks the reference could evaluate).</summary>
        public Finding[] FindingsAdded { get; init; } = Array.Empty<Finding>();
        /// <summary>Findings of the reference scan that are gone in the difference scan (checks the difference could evaluate).</summary>
        public Finding[] FindingsResolved { get; init; } = Array.Empty<Finding>();
        /// <summary>Checks that only one side could evaluate, each "SSPRnnn: …": their findings are neither added nor resolved.</summary>
        public string[] NotComparable { get; init; } = Array.Empty<string>();
        /// <summary>The reference scan's result; null when Added.</summary>
        public AdminReadiness? Before { get; init; }
        /// <summary>The difference scan's result; null when Removed.</summary>
        public AdminReadiness? After { get; init; }

        /// <summary>True when someone cannot get back in who could before or was not there before: BecameUnrecoverable,
        /// or a new role holder (Added) who cannot recover. What Compare-SsprReadiness -Quiet fails on.</summary>
        public bool LostRecovery =>
            Change == ReadinessChangeKind.BecameUnrecoverable
            || (Change == ReadinessChangeKind.Added && After != null && !After.Recoverable);

        public override string ToString() => UserPrincipalName + ": " + Change;
    }
}
