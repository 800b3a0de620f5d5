using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;

namespace SsprTools.Core.Comparison
{
    /// <summary>One evaluated scan: the tenant status and one result per role holder, with what the data could tell.</summary>
    public sealed class ReadinessScan
    {
        private ReadinessScan(TenantData data, TenantStatus status, IReadOnlyList<AdminReadiness> results, IReadOnlyList<string> unknownEmergencyAccessAccounts)
        {
            Data = data;
            Status = status;
            Results = results;
            UnknownEmergencyAccessAccounts = unknownEmergencyAccessAccounts;
        }

        public TenantData Data { get; }
        public TenantStatus Status { get; }
        public IReadOnlyList<AdminReadiness> Results { get; }
        public int SchemaVersion => Data.SchemaVersion;
        public CollectionInfo Collection => Data.Collection;

        /// <summary>Declared emergency access accounts (-EmergencyAccessAccount) this scan's tenant does not have.</summary>
        public IReadOnlyList<string> UnknownEmergencyAccessAccounts { get; }

        /// <summary>Evaluate <paramref name="data"/> by today's rules under <paramref name="options"/>. Compare two scans
        /// only when both were evaluated with the same options (Compare-SsprReadiness does this).</summary>
        public static ReadinessScan Evaluate(TenantData data, ReadinessOptions options)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            var evaluator = new ReadinessEvaluator(data, options ?? throw new ArgumentNullException(nameof(options)));
            var results = evaluator.EvaluateAll();
            return new ReadinessScan(data, evaluator.Status(results), results, evaluator.Tenant.UnknownEmergencyAccessAccounts.ToList());
        }
    }
}
