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
        /// <summary>Up to this many accounts the report is read by id filters (15 ids a call, 5 calls = one window of the reports limit).</summary>
        private const int ByIdUpTo = 5 * GraphTransport.FilterChunk;
        private const string Path = "reports/authenticationMethods/userRegistrationDetails";
        private readonly GraphTransport t;

        public RegistrationReader(GraphTransport transport)
        {
            t = transport;
        }

        /// <summary>
        /// The rows of these accounts:
        ///  - up to 75 accounts: id filters of 15 (at most 5 calls, one window);
        ///  - more: the admins' rows in pages of 999 (isAdmin eq true), then id filters for the enabled accounts
        ///    not among them (disabled accounts have no row); the whole report when a filter is refused.
        /// </summary>
        public async Task<(Dictionary<string, UserRegistrationDetails> Rows, string State)> RowsAsync(List<User> users)
        {
            var map = new Dictionary<string, UserRegistrationDetails>(StringComparer.OrdinalIgnoreCase);
            if (users.Count == 0)
            {
                return (map, CollectionStates.Available);
            }

            try
            {
                var rows = new List<UserRegistrationDetails>();
                var wanted = users.Select(u => u.Id!).ToList();
                if (wanted.Count <= ByIdUpTo)
                {
                    rows.AddRange(await ByIdAsync(wanted).ConfigureAwait(false) ?? await Pages(null).ConfigureAwait(false));
                }
                else
                {
                    List<UserRegistrationDetails>? admins;
                    try
                    {
                        admins = await Pages("isAdmin eq true").ConfigureAwait(false);
                    }
                    catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 400)
                    {
                        t.Observer.Verbose("The registration report does not take the isAdmin filter here (" + f + "); reading it whole.");
                        admins = null;
                    }

                    if (admins == null)
                    {
                        rows = await Pages(null).ConfigureAwait(false);
                    }
                    else
                    {
                        rows.AddRange(admins);
                        var have = new HashSet<string>(admins.Where(r => r.Id != null).Select(r => r.Id!), StringComparer.OrdinalIgnoreCase);
                        var rest = users.Where(u => u.AccountEnabled != false && !have.Contains(u.Id!)).Select(u => u.Id!).ToList();
                        if (rest.Count > 0)
                        {
                            var more = rest.Count <= 20 * GraphTransport.FilterChunk ? await ByIdAsync(rest).ConfigureAwait(false) : null;
                            rows.AddRange(more ?? await Pages(null).ConfigureAwait(false));
                        }
                    }
                }

                var set = new HashSet<string>(wanted, StringComparer.OrdinalIgnoreCase);
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
            catch (Exception e)
            {
                throw GraphErrors.Map(e, Texts.Get("GraphWhat_Registration"), Path, t.Endpoint);
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

        private Task<List<UserRegistrationDetails>> Pages(string? filter, bool top = true) =>
            t.PagesRaw(
                () => top
                    ? t.FirstPage(n => t.Client.Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(r =>
                    {
                        r.QueryParameters.Filter = filter;
                        r.QueryParameters.Top = n;
                    }, t.Ct))
                    : t.Client.Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(r => r.QueryParameters.Filter = filter, t.Ct),
                link => t.Client.Reports.AuthenticationMethods.UserRegistrationDetails.WithUrl(link).GetAsync(null, t.Ct),
                p => p.Value, p => p.OdataNextLink);
    }
}
