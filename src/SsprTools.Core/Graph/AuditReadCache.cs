using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;

namespace SsprTools.Core.Graph
{
    /// <summary>
    /// One account's SSPR audit events, kept on the connection for <see cref="MaxAge"/>: Get-SsprActivity right after
    /// Get-SsprDiagnosis for the same admin (the usual order when a reset failed) answers from the read the diagnosis made.
    /// The audit log is a reports API, limited to 5 requests per 10 s per app and tenant (learn.microsoft.com/graph/throttling-limits,
    /// "Identity and access reports service limits"), and each account costs two of them (events targeting it, events it
    /// initiated), so a second read seconds later would wait for the window. It would rarely see more: events reach the log
    /// only after a delay (entra-docs docs/identity/monitoring-health/reference-log-latency.md). Also kept: the newest SSPR event
    /// of anyone that a probe found, which answers "does the log hold other accounts' events" for any window that contains it.
    /// </summary>
    internal sealed class AuditReadCache
    {
        /// <summary>How long an account's events are served again.</summary>
        public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

        private readonly object sync = new object();
        private readonly Dictionary<string, Entry> byAccount = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        private DateTimeOffset? newestLogged;
        private DateTimeOffset newestLoggedSeenAt;
        private DateTimeOffset? noneSince;
        private DateTimeOffset noneSeenAt;

        private sealed record Entry(DateTimeOffset Since, DateTimeOffset ReadAt, IReadOnlyList<AuditEvent> Events);

        /// <summary>The account's events since <paramref name="since"/>, when a read younger than <see cref="MaxAge"/> covered that
        /// window (it started no later).</summary>
        public bool TryGet(string accountId, DateTimeOffset since, DateTimeOffset now, out IReadOnlyList<AuditEvent> events, out TimeSpan age)
        {
            lock (sync)
            {
                events = Array.Empty<AuditEvent>();
                age = TimeSpan.Zero;
                if (!byAccount.TryGetValue(accountId, out var entry) || entry.Since > since)
                {
                    return false;
                }

                age = now - entry.ReadAt;
                if (age < TimeSpan.Zero || age >= MaxAge)
                {
                    byAccount.Remove(accountId);
                    return false;
                }

                events = entry.Events.Where(e => e.ActivityDateTime >= since).ToList();
                return true;
            }
        }

        public void Store(string accountId, DateTimeOffset since, DateTimeOffset now, IReadOnlyList<AuditEvent> events)
        {
            lock (sync)
            {
                byAccount[accountId] = new Entry(since, now, events);
            }
        }

        /// <summary>True when a recent probe found an SSPR event at or after <paramref name="since"/>, false when a recent probe found
        /// none in a window that contains this one; null when that is not known.</summary>
        public bool? LoggedSince(DateTimeOffset since, DateTimeOffset now)
        {
            lock (sync)
            {
                if (newestLogged is DateTimeOffset newest && newest >= since && Fresh(newestLoggedSeenAt, now))
                {
                    return true;
                }

                return noneSince is DateTimeOffset none && since >= none && Fresh(noneSeenAt, now) ? false : (bool?)null;
            }
        }

        public void StoreNone(DateTimeOffset since, DateTimeOffset now)
        {
            lock (sync)
            {
                noneSince = since;
                noneSeenAt = now;
            }
        }

        private static bool Fresh(DateTimeOffset at, DateTimeOffset now) => now - at >= TimeSpan.Zero && now - at < MaxAge;

        public void StoreLogged(DateTimeOffset eventTime, DateTimeOffset now)
        {
            lock (sync)
            {
                newestLogged = eventTime;
                newestLoggedSeenAt = now;
            }
        }
    }
}
