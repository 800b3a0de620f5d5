using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using SsprTools.Core.Graph.Transport;
using SsprTools.Core.Model;
using SsprTools.Core.Text;

namespace SsprTools.Core.Graph.Readers
{
    /// <summary>
    /// The registration report (reports/authenticationMethods/userRegistrationDetails). The reports API allows 5 calls per
    /// 10 s (the HTTP handler paces them), so every call here must buy something.
    /// </summary>
    internal sealed class RegistrationReader
    {
        /// <summary>Up to this many accounts the report is read by id filters (15 ids a call: one window of the reports limit).</summary>
        private const int ByIdUpTo = 5 * GraphTransport.FilterChunk;
        /// <summary>Past this many, id filters give way to the whole report.</summary>
        private const int MaxById = 20 * GraphTransport.FilterChunk;
        private const string Path = "reports/authenticationMethods/userRegistrationDetails";
        private readonly GraphTransport t;
        private readonly ReadNotes? notes;

        public RegistrationReader(GraphTransport transport, ReadNotes? notes = null)
        {
            t = transport;
            this.notes = notes;
        }

        /// <summary>
        /// The rows the checks use: those of <paramref name="needed"/> (accounts the rules judge by the report: non-admins, whose
        /// self-service reset follows the user policy), by id filters of 15 (the whole report past 300, or when the filter is
        /// refused). Admins' rows are not read: their methods come from the per-user methods read. When no account needs a row,
        /// one call for up to 15 enabled accounts still tells whether the report is available (licence), for the status.
        /// Disabled accounts have no row and are never asked for. Without <paramref name="probe"/> (one-admin questions, which show
        /// no tenant status), nothing is read when no account needs a row.
        /// </summary>
        public async Task<(Dictionary<string, UserRegistrationDetails> Rows, string State)> RowsAsync(List<User> users, IReadOnlyCollection<User> needed, bool probe = true)
        {
            var map = new Dictionary<string, UserRegistrationDetails>(StringComparer.OrdinalIgnoreCase);
            var enabled = users.Where(u => u.AccountEnabled != false && u.Id != null).ToList();
            if (enabled.Count == 0)
            {
                return (map, users.Count == 0 ? CollectionStates.Available : CollectionStates.NotRead);
            }

            try
            {
                var wanted = needed.Where(u => u.AccountEnabled != false && u.Id != null).Select(u => u.Id!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (wanted.Count == 0 && !probe)
                {
                    return (map, CollectionStates.NotRead);
                }

                if (wanted.Count == 0)
                {
                    wanted = enabled.Take(GraphTransport.FilterChunk).Select(u => u.Id!).ToList();
                }

                List<UserRegistrationDetails>? rows = null;
                if (wanted.Count > ByIdUpTo)
                {
                    // Many accounts: Graph flags role holders as isAdmin (any directory role), so their rows come in pages of 999
                    // (3 calls for 2,000 admins) instead of one call per 15; only the wanted accounts it leaves out follow by id.
                    rows = await AdminPagesAsync(wanted, enabled.Count).ConfigureAwait(false);
                    if (rows != null)
                    {
                        var have = new HashSet<string>(rows.Where(r => r.Id != null).Select(r => r.Id!), StringComparer.OrdinalIgnoreCase);
                        var missing = wanted.Where(id => !have.Contains(id)).ToList();
                        if (missing.Count > 0)
                        {
                            rows.AddRange((missing.Count <= MaxById ? await ByIdAsync(missing).ConfigureAwait(false) : null)
                                ?? await Pages(null).ConfigureAwait(false));
                        }
                    }
                }

                rows ??= (wanted.Count <= MaxById ? await ByIdAsync(wanted).ConfigureAwait(false) : null) ?? await Pages(null).ConfigureAwait(false);
                var set = new HashSet<string>(users.Where(u => u.Id != null).Select(u => u.Id!), StringComparer.OrdinalIgnoreCase);
                foreach (var row in rows.Where(r => r.Id != null && set.Contains(r.Id)))
                {
                    map[row.Id!] = row;
                }

                return (map, CollectionStates.Available);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 403 && string.Equals(f.Code, GraphErrors.NotPremiumCode, StringComparison.OrdinalIgnoreCase))
            {
                t.Observer.Verbose("The registration report needs Entra ID P1/P2 (" + f + "); using per-user authentication methods only.");
                return (map, CollectionStates.NotLicensed);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphErrors.IsPermissionError(f) && notes != null)
            {
                // Non-admins' self-service readiness then reads "not evaluated" (their rows are missing).
                notes.Denied(Texts.Get("GraphWhat_Registration"), Path, resetPath: false);
                return (map, CollectionStates.Forbidden);
            }
            catch (Exception e)
            {
                throw GraphErrors.Map(e, Texts.Get("GraphWhat_Registration"), Path, t.Endpoint);
            }
        }

        /// <summary>
        /// The rows flagged isAdmin, in pages of up to 999, while paging is the cheaper way to the wanted rows; null when the report
        /// does not take that filter. Paging stops once every wanted row has come, or when the pages still to come (about
        /// <paramref name="expectedRows"/> rows in all) would cost more reports calls than id filters for the wanted rows still
        /// missing: the report documents no $top, and a server that keeps pages at 100 would otherwise cost 20 calls for 2,000
        /// admins instead of 3.
        /// </summary>
        private async Task<List<UserRegistrationDetails>?> AdminPagesAsync(IReadOnlyCollection<string> wanted, int expectedRows)
        {
            try
            {
                var first = await FirstPage("isAdmin eq true").ConfigureAwait(false);
                var rows = new List<UserRegistrationDetails>(first?.Value ?? new List<UserRegistrationDetails>());
                var pageSize = Math.Max(1, rows.Count);
                var have = new HashSet<string>(rows.Where(r => r.Id != null).Select(r => r.Id!), StringComparer.OrdinalIgnoreCase);
                bool KeepPaging()
                {
                    var missing = wanted.Count(id => !have.Contains(id));
                    var pagesLeft = (int)Math.Ceiling(Math.Max(0, expectedRows - rows.Count) / (double)pageSize);
                    var byIdCalls = (missing + GraphTransport.FilterChunk - 1) / GraphTransport.FilterChunk;
                    if (missing > 0 && (missing > MaxById || byIdCalls >= pagesLeft))
                    {
                        return true;
                    }

                    t.Observer.Verbose(missing == 0
                        ? "Registration report: every wanted row came in the first " + rows.Count + " admin rows; no further pages."
                        : "Registration report: " + rows.Count + " admin rows read; the " + missing + " rows still wanted are read by id (" +
                            byIdCalls + " calls instead of about " + pagesLeft + " more pages).");
                    return false;
                }

                await t.FollowAsync(first?.OdataNextLink, NextPage, page =>
                {
                    var more = page.Value ?? new List<UserRegistrationDetails>();
                    rows.AddRange(more);
                    have.UnionWith(more.Where(r => r.Id != null).Select(r => r.Id!));
                }, page => page.OdataNextLink, KeepPaging).ConfigureAwait(false);
                return rows;
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 400)
            {
                t.Observer.Verbose("The registration report does not take the isAdmin filter here (" + f + ").");
                return null;
            }
        }

        /// <summary>Rows of the given accounts, 15 ids a call, one call after another; null when the report refuses the id filter.</summary>
        private async Task<List<UserRegistrationDetails>?> ByIdAsync(List<string> ids)
        {
            var rows = new List<UserRegistrationDetails>();
            try
            {
                foreach (var chunk in GraphTransport.Chunk(ids, GraphTransport.FilterChunk))
                {
                    var filter = "id in (" + string.Join(",", chunk.Select(GraphTransport.Quote)) + ")";
                    rows.AddRange(await Pages(filter, top: false).ConfigureAwait(false));
                }
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 400)
            {
                t.Observer.Verbose("The registration report does not take an id filter here (" + f + "); reading it whole.");
                return null;
            }

            return rows;
        }

        private Task<UserRegistrationDetailsCollectionResponse?> FirstPage(string? filter, bool top = true) =>
            top
                ? t.FirstPage(n => t.Client.Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(r =>
                {
                    r.QueryParameters.Filter = filter;
                    r.QueryParameters.Top = n;
                }, t.Ct))
                : t.Client.Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(r => r.QueryParameters.Filter = filter, t.Ct);

        private Task<UserRegistrationDetailsCollectionResponse?> NextPage(string link) =>
            t.Client.Reports.AuthenticationMethods.UserRegistrationDetails.WithUrl(link).GetAsync(null, t.Ct);

        private Task<List<UserRegistrationDetails>> Pages(string? filter, bool top = true) =>
            t.PagesRaw(() => FirstPage(filter, top), NextPage, p => p.Value, p => p.OdataNextLink);
    }
}
