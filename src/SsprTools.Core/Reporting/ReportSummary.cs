using System;
using System.Collections.Generic;
using System.Linq;

namespace SsprTools.Core.Reporting
{
    /// <summary>The numbers the report's verdict and charts show, derived from the readiness results alone.</summary>
    public sealed class ReportSummary
    {
        private ReportSummary()
        {
        }

        /// <summary>Every result in the table, admins and role holders outside the admin policy.</summary>
        public int Accounts { get; private set; }

        /// <summary>Results with IsAdmin: what the recovery chart and Get-SsprStatus count.</summary>
        public int Admins { get; private set; }

        public int RecoverableAdmins { get; private set; }

        public int UnrecoverableAdmins => Admins - RecoverableAdmins;

        /// <summary>Admins whose gates are met only thanks to SMS/voice (AdminReadiness.DependsOnSmsVoice).</summary>
        public int SmsVoiceDependentAdmins { get; private set; }

        /// <summary>Role holders outside the administrator reset policy (SSPR016).</summary>
        public int NonAdmins => Accounts - Admins;

        /// <summary>Finding occurrences on the results, by severity (Error, Warning, Info).</summary>
        public IReadOnlyDictionary<FindingSeverity, int> FindingsBySeverity { get; private set; } = new Dictionary<FindingSeverity, int>();

        /// <summary>How many results carry at least one finding of the severity.</summary>
        public IReadOnlyDictionary<FindingSeverity, int> AccountsBySeverity { get; private set; } = new Dictionary<FindingSeverity, int>();

        public int Findings => FindingsBySeverity.Values.Sum();

        /// <summary>The admins who cannot get back in, in input order.</summary>
        public IReadOnlyList<AdminReadiness> Unrecoverable { get; private set; } = Array.Empty<AdminReadiness>();

        /// <summary>Severities from the most to the least severe: the order of the chart's bars.</summary>
        public static readonly IReadOnlyList<FindingSeverity> Severities = new[] { FindingSeverity.Error, FindingSeverity.Warning, FindingSeverity.Info };

        public static ReportSummary From(IReadOnlyList<AdminReadiness> results)
        {
            if (results == null)
            {
                throw new ArgumentNullException(nameof(results));
            }

            var admins = results.Where(r => r.IsAdmin).ToList();
            var findings = results.Select(r => r.Findings ?? Array.Empty<Finding>()).ToList();
            return new ReportSummary
            {
                Accounts = results.Count,
                Admins = admins.Count,
                RecoverableAdmins = admins.Count(a => a.Recoverable),
                SmsVoiceDependentAdmins = admins.Count(a => a.DependsOnSmsVoice),
                Unrecoverable = admins.Where(a => !a.Recoverable).ToList(),
                FindingsBySeverity = Severities.ToDictionary(s => s, s => findings.Sum(f => f.Count(x => x.Severity == s))),
                AccountsBySeverity = Severities.ToDictionary(s => s, s => findings.Count(f => f.Any(x => x.Severity == s))),
            };
        }
    }
}
