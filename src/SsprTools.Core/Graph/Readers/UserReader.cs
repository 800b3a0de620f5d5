using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using SsprTools.Core.Graph.Transport;
using SsprTools.Core.Model;
using SsprTools.Core.Text;

namespace SsprTools.Core.Graph.Readers
{
    /// <summary>Accounts and their authentication methods: id/UPN filters of 15 and per-user methods, all through $batch.</summary>
    internal sealed class UserReader
    {
        public static readonly string[] UserFields =
        {
            "id", "userPrincipalName", "displayName", "givenName", "surname", "accountEnabled", "userType", "onPremisesSyncEnabled",
            "mail", "mobilePhone", "businessPhones", "otherMails", "proxyAddresses", "authorizationInfo",
        };

        private readonly GraphTransport t;

        public UserReader(GraphTransport transport)
        {
            t = transport;
        }

        /// <summary>The accounts with these ids, plus the requested names (UPNs or ids); unknown names are simply not returned.</summary>
        public async Task<List<User>> UsersAsync(IEnumerable<string> ids, IReadOnlyCollection<string>? requested)
        {
            var byId = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
            var byUpn = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in requested ?? Array.Empty<string>())
            {
                var n = name?.Trim();
                if (string.IsNullOrEmpty(n))
                {
                    continue;
                }

                if (Guid.TryParse(n, out _))
                {
                    byId.Add(n!);
                }
                else
                {
                    byUpn.Add(n!);
                }
            }

            var chunks = GraphTransport.Chunk(byId.OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToList(), GraphTransport.FilterChunk).Select(c => (Property: "id", Keys: c))
                .Concat(GraphTransport.Chunk(byUpn.OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToList(), GraphTransport.FilterChunk).Select(c => (Property: "userPrincipalName", Keys: c)))
                .ToList();
            var found = new ConcurrentDictionary<string, User>(StringComparer.OrdinalIgnoreCase);
            var unfiltered = new ConcurrentBag<string>();

            // 15 keys a filter (the directory's limit of OR-ed clauses), 20 filters a $batch: 300 accounts a round trip.
            var what = Texts.Get("GraphWhat_Users");
            var filters = chunks.Select((chunk, i) => (Key: i.ToString(CultureInfo.InvariantCulture), Info: t.Client.Users.ToGetRequestInformation(r =>
            {
                r.QueryParameters.Filter = chunk.Property + " in (" + string.Join(",", chunk.Keys.Select(GraphTransport.Quote)) + ")";
                r.QueryParameters.Select = UserFields;
            }))).ToList();
            var answers = await t.BatchAsync(filters, what, UserCollectionResponse.CreateFromDiscriminatorValue).ConfigureAwait(false);
            for (var i = 0; i < chunks.Count; i++)
            {
                var answer = answers[i.ToString(CultureInfo.InvariantCulture)];
                if (answer.Value == null)
                {
                    var f = answer.WhyNoValue;
                    if (f.Status == 400)
                    {
                        // This endpoint does not take the "in" filter: read these accounts by key through $batch instead.
                        t.Observer.Verbose("The users endpoint refused the filter (" + f + "); reading these accounts through $batch.");
                        foreach (var key in chunks[i].Keys)
                        {
                            unfiltered.Add(key);
                        }

                        continue;
                    }

                    throw GraphErrors.FromFailure(f, what, "users");
                }

                var page = answer.Value.Value ?? new List<User>();
                var next = answer.Value.OdataNextLink;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!string.IsNullOrEmpty(next) && seen.Add(next!))
                {
                    var more = await t.Call(what, "users", () => t.Client.Users.WithUrl(next!).GetAsync(null, t.Ct)).ConfigureAwait(false);
                    page.AddRange(more?.Value ?? new List<User>());
                    next = more?.OdataNextLink;
                }

                foreach (var u in page.Where(u => u.Id != null))
                {
                    found[u.Id!] = u;
                }
            }

            if (!unfiltered.IsEmpty)
            {
                var requests = unfiltered.Distinct(StringComparer.OrdinalIgnoreCase)
                    .Select(key => (Key: key, Info: t.Client.Users[key].ToGetRequestInformation(r => r.QueryParameters.Select = UserFields))).ToList();
                var results = await t.BatchAsync(requests, what, User.CreateFromDiscriminatorValue).ConfigureAwait(false);
                foreach (var r in results.Values)
                {
                    if (r.Value?.Id != null)
                    {
                        found[r.Value.Id] = r.Value;
                    }
                    else if (r.Failure != null && r.Failure.Status != 404)
                    {
                        throw GraphErrors.FromFailure(r.Failure, what, "users");
                    }
                }
            }

            return found.Values.OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>Each account's authentication methods through $batch. Per account: the methods, or why they could not be read.
        /// Denied for every account: the read stops with the permission error.</summary>
        public Task<Dictionary<string, (IReadOnlyList<AuthenticationMethodInfo>? Methods, string? Error)>> MethodsAsync(List<User> users) =>
            MethodsOfAsync(users.Where(u => u.Id != null).Select(u => u.Id!).ToList());

        /// <summary>The same by account id: a whole scan asks for the role holders' methods as soon as the role data names them,
        /// beside the read of their profiles.</summary>
        public async Task<Dictionary<string, (IReadOnlyList<AuthenticationMethodInfo>? Methods, string? Error)>> MethodsOfAsync(IReadOnlyList<string> ids)
        {
            var what = Texts.Get("GraphWhat_Methods");
            var requests = ids.Select(id => (Key: id, Info: t.Client.Users[id].Authentication.Methods.ToGetRequestInformation())).ToList();
            var results = await t.BatchAsync(requests, what, AuthenticationMethodCollectionResponse.CreateFromDiscriminatorValue).ConfigureAwait(false);
            var map = new Dictionary<string, (IReadOnlyList<AuthenticationMethodInfo>?, string?)>(StringComparer.OrdinalIgnoreCase);
            var denied = new List<GraphFailure>();
            var notFound = 0;
            foreach (var id in ids)
            {
                var r = results[id];
                if (r.Value != null)
                {
                    var list = r.Value.Value ?? new List<AuthenticationMethod>();
                    var next = r.Value.OdataNextLink;
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    while (!string.IsNullOrEmpty(next) && seen.Add(next!))
                    {
                        var more = await t.Call(what, "users/" + id + "/authentication/methods",
                            () => t.Client.Users[id].Authentication.Methods.WithUrl(next!).GetAsync(null, t.Ct)).ConfigureAwait(false);
                        list.AddRange(more?.Value ?? new List<AuthenticationMethod>());
                        next = more?.OdataNextLink;
                    }

                    map[id] = (list.Select(GraphMapping.ToMethod).ToList(), null);
                }
                else
                {
                    var f = r.WhyNoValue;
                    if (f.Status == 401)
                    {
                        throw GraphErrors.FromFailure(f, what, "users/" + id + "/authentication/methods");
                    }

                    notFound += f.Status == 404 ? 1 : 0;

                    if (f.Status == 403 && (string.Equals(f.Code, "Authorization_RequestDenied", StringComparison.OrdinalIgnoreCase) ||
                        (f.Message ?? "").IndexOf("permission", StringComparison.OrdinalIgnoreCase) >= 0 ||
                        (f.Message ?? "").IndexOf("privileges", StringComparison.OrdinalIgnoreCase) >= 0))
                    {
                        denied.Add(f);
                    }

                    map[id] = (null, f.Status + " " + (f.Status == 403 ? "Forbidden" : f.Status == 404 ? "Not Found" : f.Code ?? "Error"));
                    t.Observer.Verbose("Authentication methods of account " + id + " could not be read: " + f);
                }
            }

            // Ids the role data named that are not (or no longer) accounts answer 404 and do not count.
            if (denied.Count > 0 && denied.Count == ids.Count - notFound)
            {
                throw GraphErrors.FromFailure(denied[0], what, "users/{id}/authentication/methods");
            }

            return map;
        }
    }
}
