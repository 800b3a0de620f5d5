using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using SsprTools.Core.Graph.Transport;
using SsprTools.Core.Model;
using SsprTools.Core.Text;
using AuditEvent = SsprTools.Core.Model.AuditEvent;

namespace SsprTools.Core.Graph.Readers
{
    /// <summary>SSPR audit events (auditLogs/directoryAudits, loggedByService 'Self-service Password Management').</summary>
    internal sealed class AuditReader
    {
        private const string Path = "auditLogs/directoryAudits";
        private readonly GraphTransport t;

        public AuditReader(GraphTransport transport)
        {
            t = transport;
        }

        /// <summary>Every SSPR event since the given time (30 days by default).</summary>
        public Task<(IReadOnlyList<AuditEvent> Events, string State)> EventsAsync(DateTimeOffset? since) =>
            ReadAsync(new[] { BaseFilter(From(since)) });

        /// <summary>
        /// The SSPR events of these accounts only, filtered on the server: one call for the events that name the account as
        /// target (targetResources/any(t: t/id eq '…')) and one for those it initiated (initiatedBy/user/id eq '…'), as the
        /// directoryAudit list API documents both filters (learn.microsoft.com/graph/api/directoryaudit-list). Two report calls
        /// per account, whatever the size of the tenant's audit log, and none for an account read in the last minute on this
        /// connection (<see cref="AuditReadCache"/>).
        /// </summary>
        public async Task<(IReadOnlyList<AuditEvent> Events, string State)> EventsForAsync(DateTimeOffset? since, IReadOnlyList<string> userIds)
        {
            var from = From(since);
            var basis = BaseFilter(from);
            var cache = t.Connection.AuditCache;
            var events = new List<AuditEvent>();
            foreach (var id in userIds.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (cache.TryGet(id, from, DateTimeOffset.UtcNow, out var kept, out var age))
                {
                    t.Observer.Verbose(Texts.Format("Graph_AuditFromCache", (int)age.TotalSeconds));
                    events.AddRange(kept);
                    continue;
                }

                var (read, state) = await ReadAsync(new[]
                {
                    basis + " and targetResources/any(t: t/id eq " + GraphTransport.Quote(id) + ")",
                    basis + " and initiatedBy/user/id eq " + GraphTransport.Quote(id),
                }).ConfigureAwait(false);
                if (state != CollectionStates.Available)
                {
                    return (read, state);
                }

                cache.Store(id, from, DateTimeOffset.UtcNow, read);
                events.AddRange(read);
            }

            // Two accounts' reads may hold the same event (one reset the other's password): once is enough.
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            return (events.Where(a => a.Id == null || seen.Add(a.Id)).OrderBy(a => a.ActivityDateTime).ToList(), CollectionStates.Available);
        }

        /// <summary>Whether the log holds any SSPR event in the window (one row asked for): tells "none for this account" from
        /// "none at all" after <see cref="EventsForAsync"/> found nothing. False when it cannot be read. What a probe found in the
        /// last minute answers again: an event, for any window that contains it; none, for any window inside the one asked.</summary>
        public async Task<bool> AnyAsync(DateTimeOffset? since)
        {
            var from = From(since);
            var cache = t.Connection.AuditCache;
            if (cache.LoggedSince(from, DateTimeOffset.UtcNow) is bool known)
            {
                return known;
            }

            try
            {
                var page = await t.Client.AuditLogs.DirectoryAudits.GetAsync(r =>
                {
                    r.QueryParameters.Filter = BaseFilter(from);
                    r.QueryParameters.Top = 1;
                }, t.Ct).ConfigureAwait(false);
                var found = page?.Value?.FirstOrDefault();
                if (found?.ActivityDateTime is DateTimeOffset when)
                {
                    cache.StoreLogged(when, DateTimeOffset.UtcNow);
                }
                else if (found == null)
                {
                    cache.StoreNone(from, DateTimeOffset.UtcNow);
                }

                return found != null;
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphTransport.IsOptionalReadFailure(f))
            {
                t.Observer.Verbose("Whether other accounts have SSPR events could not be read (" + f + ").");
                return false;
            }
        }

        private static DateTimeOffset From(DateTimeOffset? since) => (since ?? DateTimeOffset.UtcNow.AddDays(-30)).ToUniversalTime();

        private static string BaseFilter(DateTimeOffset from)
        {
            return "loggedByService eq 'Self-service Password Management' and activityDateTime ge " +
                from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        private async Task<(IReadOnlyList<AuditEvent> Events, string State)> ReadAsync(IReadOnlyList<string> filters)
        {
            try
            {
                var rows = new List<Microsoft.Graph.Models.DirectoryAudit>();
                foreach (var filter in filters)
                {
                    rows.AddRange(await t.PagesRaw(
                        () => t.Client.AuditLogs.DirectoryAudits.GetAsync(r => r.QueryParameters.Filter = filter, t.Ct),
                        link => t.Client.AuditLogs.DirectoryAudits.WithUrl(link).GetAsync(null, t.Ct),
                        p => p.Value, p => p.OdataNextLink).ConfigureAwait(false));
                }

                // An event the account both initiated and is the target of comes back from both calls: once is enough.
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                return (rows.Where(a => a.Id == null || seen.Add(a.Id)).Select(GraphMapping.ToAudit).OrderBy(a => a.ActivityDateTime).ToList(),
                    CollectionStates.Available);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 403)
            {
                var notLicensed = string.Equals(f.Code, GraphErrors.NotPremiumCode, StringComparison.OrdinalIgnoreCase);
                t.Observer.Warning(notLicensed
                    ? Texts.Format("Graph_AuditNotLicensed", f.Code)
                    : Texts.Get("Graph_AuditForbidden"));
                return (Array.Empty<AuditEvent>(), notLicensed ? CollectionStates.NotLicensed : CollectionStates.Forbidden);
            }
            catch (Exception e)
            {
                throw GraphErrors.Map(e, Texts.Get("GraphWhat_Audit"), Path, t.Endpoint);
            }
        }
    }
}
