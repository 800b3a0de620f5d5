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
        public async Task<(IReadOnlyList<AuditEvent> Events, string State)> EventsAsync(DateTimeOffset? since)
        {
            var from = (since ?? DateTimeOffset.UtcNow.AddDays(-30)).ToUniversalTime();
            var filter = "loggedByService eq 'Self-service Password Management' and activityDateTime ge " +
                from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            try
            {
                var rows = await t.PagesRaw(
                    () => t.Client.AuditLogs.DirectoryAudits.GetAsync(r => r.QueryParameters.Filter = filter, t.Ct),
                    link => t.Client.AuditLogs.DirectoryAudits.WithUrl(link).GetAsync(null, t.Ct),
                    p => p.Value, p => p.OdataNextLink).ConfigureAwait(false);
                return (rows.Select(GraphMapping.ToAudit).OrderBy(a => a.ActivityDateTime).ToList(), CollectionStates.Available);
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
