using System;
using SsprTools.Core.Model;

namespace SsprTools.Core.Graph
{
    /// <summary>
    /// The last whole-tenant read of a connection, kept for <see cref="MaxAge"/>: Get-SsprStatus right after
    /// Test-SsprAdminReadiness (the README's report pipeline: Export-SsprReadinessReport -Status (Get-SsprStatus)) answers
    /// from it instead of reading every admin again. Only reads of the whole tenant without audit events are kept and served;
    /// -Refresh (or a new Connect-SsprGraph) reads again. One-admin questions always read live.
    /// </summary>
    internal sealed class TenantReadCache
    {
        /// <summary>How long a whole-tenant read is served again on the same connection.</summary>
        public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

        private readonly object sync = new object();
        private TenantData? data;
        private DateTimeOffset readAt;
        private string key = "";

        /// <summary>The kept read when it is younger than <see cref="MaxAge"/>.</summary>
        /// <param name="readKey">What else the read included (the declared emergency access accounts): a kept read serves only the same.</param>
        public bool TryGet(DateTimeOffset now, string readKey, out TenantData? kept, out TimeSpan age)
        {
            lock (sync)
            {
                kept = data;
                age = now - readAt;
                if (data != null && age >= TimeSpan.Zero && age < MaxAge && string.Equals(key, readKey, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                kept = null;
                return false;
            }
        }

        public void Store(TenantData read, string readKey, DateTimeOffset at)
        {
            lock (sync)
            {
                data = read;
                key = readKey;
                readAt = at;
            }
        }
    }
}
