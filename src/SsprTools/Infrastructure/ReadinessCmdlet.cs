using System;
using System.Linq;
using System.Management.Automation;
using SsprTools.Core.Readiness;
using SsprTools.Core.Sources;

namespace SsprTools.Commands.Infrastructure
{
    /// <summary>
    /// The parameters every readiness scan shares (Get-SsprStatus, Test-SsprAdminReadiness, Export-SsprReadinessReport
    /// and any later scanning cmdlet): where the tenant comes from (-SnapshotPath, -ThrottleLimit) and the declared
    /// postures the rules are evaluated under (-ExpectedAdminSspr, -Telephony, -AsOf). One place, so each cmdlet takes
    /// them with the same names, defaults, validation and help, and <see cref="ReadinessOptions"/> is built one way.
    /// </summary>
    public abstract class ReadinessCmdlet : SsprCmdlet
    {
        /// <summary>Read a snapshot file instead of the connected tenant.</summary>
        /// <remarks>Virtual so a cmdlet may take it by position (Get-SsprStatus); the attributes of the override apply.</remarks>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public virtual string? SnapshotPath { get; set; }

        /// <summary>The declared posture for admin SSPR: Enabled, Disabled or Any (default).</summary>
        [Parameter]
        public ExpectedAdminSspr ExpectedAdminSspr { get; set; } = ExpectedAdminSspr.Any;

        /// <summary>
        /// Who delivers SMS and voice codes: Microsoft (default; its own delivery ends on 2027-02-01), CustomerManaged
        /// (a customer-managed telecom provider: phone gates always count) or None (no SMS/voice: phone gates never count).
        /// A declared posture: no Graph property tells whether a tenant has a customer-managed provider.
        /// </summary>
        [Parameter]
        public Telephony Telephony { get; set; } = Telephony.Microsoft;

        /// <summary>Evaluate the rules as they stand on this date (default: today), e.g. -AsOf 2027-02-01.</summary>
        [Parameter]
        public DateTime AsOf { get; set; }

        /// <summary>Most Microsoft Graph requests in flight at once when reading a live tenant (default 8).</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = TenantReadOptions.DefaultThrottleLimit;

        /// <summary>
        /// The tenant's emergency access (break-glass) accounts, by UPN or object id: judged by SSPR019 instead of the
        /// self-service findings, counted by SSPR020, and always scanned (a live read reads them too). A declared account
        /// that does not exist is a warning.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? EmergencyAccessAccount { get; set; }

        /// <summary>The Core options for the declared postures; -AsOf counts only when given (else today, UTC).</summary>
        protected ReadinessOptions ReadinessOptions() => new ReadinessOptions
        {
            ExpectedAdminSspr = ExpectedAdminSspr,
            Telephony = Telephony,
            AsOf = MyInvocation.BoundParameters.ContainsKey(nameof(AsOf)) ? AsOf : (DateTime?)null,
            EmergencyAccessAccounts = EmergencyAccessAccount ?? Array.Empty<string>(),
        };

        /// <summary>Read the connected tenant again instead of a whole-tenant read this connection made in the last few minutes.</summary>
        [Parameter]
        public SwitchParameter Refresh { get; set; }

        /// <summary>The read options for a live tenant (-ThrottleLimit, -Refresh), with a warning when -ThrottleLimit was given with a
        /// snapshot file. Named accounts: a one-admin read (those accounts and the role data, not every admin).</summary>
        protected TenantReadOptions ReadOptions(System.Collections.Generic.IReadOnlyList<string>? users = null)
        {
            WarnIfThrottleLimitIgnored(SnapshotPath);
            // A read focused on named accounts reads the declared emergency access accounts as named accounts too: SSPR019
            // needs their methods, and SSPR020 must not call a declared account missing because it was not read.
            var named = users == null || EmergencyAccessAccount == null
                ? users
                : users.Concat(EmergencyAccessAccount).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return new TenantReadOptions
            {
                Users = named,
                RequestedUsersOnly = users != null && users.Count > 0,
                ThrottleLimit = ThrottleLimit,
                AlsoRead = EmergencyAccessAccount,
                Refresh = Refresh,
            };
        }
    }
}
