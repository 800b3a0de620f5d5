using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using SsprTools.Core.Graph.Transport;
using SsprTools.Core.Model;
using SsprTools.Core.Text;
using AdministrativeUnitModel = SsprTools.Core.Model.AdministrativeUnit;

namespace SsprTools.Core.Graph.Readers
{
    /// <summary>Who is in which group and administrative unit, as far as the reset rules need it.</summary>
    internal sealed class MembershipReader
    {
        private static readonly string[] UnitFields = { "id", "displayName", "isMemberManagementRestricted" };
        /// <summary>What who-can-reset needs of a role group's member account.</summary>
        private static readonly string[] MemberAccountFields = { "id", "userPrincipalName", "displayName", "accountEnabled", "userType", "onPremisesSyncEnabled" };
        private readonly GraphTransport t;
        private readonly ReadNotes notes;

        public MembershipReader(GraphTransport transport, ReadNotes notes)
        {
            t = transport;
            this.notes = notes;
        }

        /// <summary>Members of the given groups (first pages through $batch). A group that holds no role may stay unread (noted).</summary>
        /// <param name="memberAccounts">When given (one-admin questions), the members are read with their account state
        /// ($select of the user properties who-can-reset needs) and the user objects are put here: no separate profile read.</param>
        public async Task<List<DirectoryGroup>> GroupsAsync(Dictionary<string, (string? Name, bool Assignable)> groups, HashSet<string> roleGroupIds,
            ConcurrentDictionary<string, User>? memberAccounts = null)
        {
            var ids = groups.Keys.ToList();
            var answers = await MemberPagesAsync(ids, id => t.Client.Groups[id].Members.ToGetRequestInformation(r =>
            {
                r.QueryParameters.Select = memberAccounts == null ? new[] { "id" } : MemberAccountFields;
                r.QueryParameters.Top = t.Top;
            }), "groups/{id}/members", memberAccounts).ConfigureAwait(false);
            var result = new List<DirectoryGroup>();
            foreach (var id in ids)
            {
                var (members, failure) = answers[id];
                if (failure != null)
                {
                    if (!roleGroupIds.Contains(id) && failure.Status == 403)
                    {
                        notes.Add(Texts.Format("Graph_GroupMembersNotRead", groups[id].Name ?? id));
                        continue;
                    }

                    if (failure.Status == 403 && GraphErrors.IsPermissionError(failure))
                    {
                        // The members of a group that holds a role: who holds it through the group is not known.
                        notes.Denied(Texts.Get("GraphWhat_GroupMembersAll"), "groups/" + id + "/members", resetPath: true);
                        continue;
                    }

                    throw GraphErrors.FromFailure(failure, Texts.Format("GraphWhat_GroupMembers", groups[id].Name ?? id), "groups/" + id + "/members");
                }

                result.Add(new DirectoryGroup
                {
                    Id = id,
                    DisplayName = groups[id].Name,
                    IsAssignableToRole = groups[id].Assignable,
                    Members = members!,
                });
            }

            return result.OrderBy(g => g.Id, StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>
        /// Owner ids of the role-assignable groups: GET /groups/{id}/owners?$select=id, first pages through $batch (20 groups
        /// a round trip). Members and owners of a role-assignable group can be reset only by a Privileged Authentication
        /// Administrator or Global Administrator (learn.microsoft.com/entra/identity/role-based-access-control/groups-concept).
        /// A refused read leaves that group's owners null (not evaluated) with one warning for the scan.
        /// </summary>
        public async Task<Dictionary<string, string[]?>> OwnersAsync(IReadOnlyList<string> groupIds)
        {
            var result = new Dictionary<string, string[]?>(StringComparer.OrdinalIgnoreCase);
            if (groupIds.Count == 0)
            {
                return result;
            }

            var answers = await MemberPagesAsync(groupIds.ToList(), id => t.Client.Groups[id].Owners.ToGetRequestInformation(r =>
            {
                r.QueryParameters.Select = new[] { "id" };
                r.QueryParameters.Top = t.Top;
            }), "groups/{id}/owners").ConfigureAwait(false);
            GraphFailure? refused = null;
            foreach (var id in groupIds)
            {
                var (owners, failure) = answers[id];
                if (failure != null)
                {
                    if (!GraphTransport.IsOptionalReadFailure(failure))
                    {
                        throw GraphErrors.FromFailure(failure, Texts.Format("GraphWhat_GroupOwners", id), "groups/" + id + "/owners");
                    }

                    refused ??= failure;
                    result[id] = null;
                    continue;
                }

                result[id] = owners!.ToArray();
            }

            if (refused != null && GraphErrors.IsPermissionError(refused))
            {
                // The same permission as the members: one warning for both (issue 13).
                notes.Denied(Texts.Get("GraphWhat_GroupMembersAll"), "groups/{id}/owners", resetPath: true);
            }
            else if (refused != null)
            {
                t.Observer.Warning(Texts.Format("Graph_GroupOwnersNotRead", refused.Status + (refused.Status == 403 ? ", GroupMember.Read.All" : "")));
            }

            return result;
        }

        /// <summary>
        /// One-admin questions: which role-assignable groups the requested accounts own, from each account's owned groups
        /// (GET /users/{id}/ownedObjects/microsoft.graph.group?$select=id,isAssignableToRole, one request an account) instead
        /// of every role-assignable group's owner list: only the asked-about accounts' ownership decides who may reset them
        /// (members and owners of a role-assignable group can be reset only by a Privileged Authentication Administrator or
        /// Global Administrator: learn.microsoft.com/entra/identity/role-based-access-control/groups-concept). The answer has
        /// the shape of <see cref="OwnersAsync"/>: per role-assignable group, the requested accounts that own it (the owners
        /// that matter to the question); null for every group when an account's owned objects cannot be read.
        /// </summary>
        public async Task<Dictionary<string, string[]?>> OwnersAmongAsync(IReadOnlyList<string> groupIds, IReadOnlyList<string> accountIds)
        {
            var result = new Dictionary<string, string[]?>(StringComparer.OrdinalIgnoreCase);
            if (groupIds.Count == 0)
            {
                return result;
            }

            var what = Texts.Get("GraphWhat_Groups");
            var answers = await t.BatchAsync(accountIds.Select(id => (Key: id, Info: t.Client.Users[id].OwnedObjects.GraphGroup.ToGetRequestInformation(r =>
            {
                r.QueryParameters.Select = new[] { "id", "isAssignableToRole" };
                r.QueryParameters.Top = t.Top;
            }))).ToList(), what, GroupCollectionResponse.CreateFromDiscriminatorValue).ConfigureAwait(false);
            var owned = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            GraphFailure? refused = null;
            foreach (var id in accountIds)
            {
                var answer = answers[id];
                if (answer.Value == null)
                {
                    var failure = answer.WhyNoValue;
                    if (!GraphTransport.IsOptionalReadFailure(failure))
                    {
                        throw GraphErrors.FromFailure(failure, Texts.Format("GraphWhat_GroupOwners", id), "users/" + id + "/ownedObjects");
                    }

                    refused ??= failure;
                    continue;
                }

                var items = answer.Value.Value ?? new List<Group>();
                var account = id;
                await t.FollowAsync(answer.Value.OdataNextLink,
                    link => t.Call(what, "users/" + account + "/ownedObjects", () => t.Client.Users[account].OwnedObjects.GraphGroup.WithUrl(link).GetAsync(null, t.Ct)),
                    more => items.AddRange(more.Value ?? new List<Group>()), more => more.OdataNextLink).ConfigureAwait(false);
                foreach (var g in items.Where(g => g.Id != null))
                {
                    if (!owned.TryGetValue(g.Id!, out var owners))
                    {
                        owned[g.Id!] = owners = new List<string>();
                    }

                    owners.Add(id);
                }
            }

            if (refused != null)
            {
                if (GraphErrors.IsPermissionError(refused))
                {
                    notes.Denied(Texts.Get("GraphWhat_GroupMembersAll"), "users/{id}/ownedObjects", resetPath: true);
                }
                else
                {
                    t.Observer.Warning(Texts.Format("Graph_GroupOwnersNotRead", refused.Status + (refused.Status == 403 ? ", User.Read.All" : "")));
                }

                foreach (var id in groupIds)
                {
                    result[id] = null;
                }

                return result;
            }

            foreach (var id in groupIds)
            {
                result[id] = owned.TryGetValue(id, out var o) ? o.ToArray() : Array.Empty<string>();
            }

            return result;
        }

        /// <summary>
        /// Member ids of several directory objects: the first page of each through $batch, then each object's further pages
        /// in order (@odata.nextLink). Per key: the ids, or the failure of its first page.
        /// </summary>
        private async Task<Dictionary<string, (List<string>? Members, GraphFailure? Failure)>> MemberPagesAsync(List<string> keys,
            Func<string, RequestInformation> first, string path, ConcurrentDictionary<string, User>? accounts = null)
        {
            var pages = await ObjectPagesAsync(keys, first, Texts.Get("GraphWhat_Groups"), _ => path).ConfigureAwait(false);
            var result = new Dictionary<string, (List<string>?, GraphFailure?)>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in keys)
            {
                var (items, failure) = pages[key];
                if (items == null)
                {
                    result[key] = (null, failure);
                    continue;
                }

                if (accounts != null)
                {
                    foreach (var user in items.OfType<User>().Where(u => u.Id != null && !string.IsNullOrEmpty(u.UserPrincipalName)))
                    {
                        accounts[user.Id!] = user;
                    }
                }

                result[key] = (items.Where(m => m.Id != null).Select(m => m.Id!).ToList(), null);
            }

            return result;
        }

        /// <summary>
        /// Directory-object lists of several keys: the first page of each through $batch, then each list's further pages in
        /// order (@odata.nextLink). Per key: the objects, or the failure of its first page.
        /// </summary>
        private async Task<Dictionary<string, (List<DirectoryObject>? Items, GraphFailure? Failure)>> ObjectPagesAsync(IReadOnlyList<string> keys,
            Func<string, RequestInformation> first, string what, Func<string, string> pathOf)
        {
            var answers = await t.BatchAsync(keys.Select(k => (Key: k, Info: first(k))).ToList(), what,
                DirectoryObjectCollectionResponse.CreateFromDiscriminatorValue).ConfigureAwait(false);
            var result = new Dictionary<string, (List<DirectoryObject>?, GraphFailure?)>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in keys)
            {
                var answer = answers[key];
                if (answer.Value == null)
                {
                    result[key] = (null, answer.WhyNoValue);
                    continue;
                }

                var items = answer.Value.Value ?? new List<DirectoryObject>();
                await t.FollowAsync(answer.Value.OdataNextLink,
                    link => t.Call(what, pathOf(key), () => t.Client.DirectoryObjects.WithUrl(link).GetAsync(null, t.Ct)),
                    more => items.AddRange(more.Value ?? new List<DirectoryObject>()), more => more.OdataNextLink).ConfigureAwait(false);
                result[key] = (items, null);
            }

            return result;
        }

        /// <summary>
        /// What the requested accounts are direct members of (GET /users/{id}/memberOf: groups and administrative units),
        /// through $batch. Null when an answer is refused (the caller then reads the member lists instead).
        /// </summary>
        public async Task<Dictionary<string, List<DirectoryObject>>?> MemberOfAsync(IReadOnlyList<string> accountIds)
        {
            var pages = await ObjectPagesAsync(accountIds, id => t.Client.Users[id].MemberOf.ToGetRequestInformation(r => r.QueryParameters.Top = t.Top),
                Texts.Get("GraphWhat_Units"), id => "users/" + id + "/memberOf").ConfigureAwait(false);
            var memberOf = new Dictionary<string, List<DirectoryObject>>(StringComparer.OrdinalIgnoreCase);
            foreach (var id in accountIds)
            {
                if (pages[id].Items is not List<DirectoryObject> items)
                {
                    return null;
                }

                memberOf[id] = items;
            }

            return memberOf;
        }

        /// <summary>
        /// The units that role scopes name and the restricted management units, with as members only those of
        /// <paramref name="accountIds"/> that are in them, read from each account's memberOf (GET /users/{id}/memberOf, which
        /// lists groups and administrative units) through $batch: a one-admin question needs to know which units that admin is
        /// in, not who else is. Null when the listing or a memberOf answer is refused (the caller reads the member lists).
        /// </summary>
        public async Task<List<AdministrativeUnitModel>?> UnitsOfAsync(List<string> unitIds, IReadOnlyList<string> accountIds,
            Dictionary<string, List<DirectoryObject>>? memberOf)
        {
            if (memberOf == null)
            {
                return null;
            }

            var unitsOf = accountIds.ToDictionary(a => a, a => memberOf[a].OfType<Microsoft.Graph.Models.AdministrativeUnit>().Where(u => u.Id != null).ToList(),
                StringComparer.OrdinalIgnoreCase);
            List<Microsoft.Graph.Models.AdministrativeUnit> all;
            try
            {
                all = await ListUnitsAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphTransport.IsOptionalReadFailure(f))
            {
                return null;
            }

            var listed = all.Where(u => u.Id != null).GroupBy(u => u.Id!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var seenUnits = unitsOf.Values.SelectMany(u => u).GroupBy(u => u.Id!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var wanted = unitIds.Concat(listed.Values.Where(u => u.IsMemberManagementRestricted == true).Select(u => u.Id!))
                .Concat(seenUnits.Values.Where(u => u.IsMemberManagementRestricted == true).Select(u => u.Id!))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return wanted.Select(id =>
            {
                var unit = listed.TryGetValue(id, out var l) ? l : seenUnits.TryGetValue(id, out var s) ? s : null;
                return new AdministrativeUnitModel
                {
                    Id = unit?.Id ?? id,
                    DisplayName = unit?.DisplayName,
                    IsMemberManagementRestricted = unit?.IsMemberManagementRestricted ?? false,
                    Members = accountIds.Where(a => unitsOf[a].Any(u => string.Equals(u.Id, id, StringComparison.OrdinalIgnoreCase))).ToList(),
                };
            }).OrderBy(x => x.Id, StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>Every administrative unit of the tenant (id, name, restricted management), in pages of up to 999.</summary>
        private Task<List<Microsoft.Graph.Models.AdministrativeUnit>> ListUnitsAsync() =>
            t.PagesRaw(
                () => t.FirstPage(top => t.Client.Directory.AdministrativeUnits.GetAsync(r =>
                {
                    r.QueryParameters.Select = UnitFields;
                    r.QueryParameters.Top = top;
                }, t.Ct)),
                link => t.Client.Directory.AdministrativeUnits.WithUrl(link).GetAsync(null, t.Ct),
                p => p.Value, p => p.OdataNextLink);

        /// <summary>Units that role scopes name, and every restricted management unit (their members can only be reset by some roles).</summary>
        public async Task<List<AdministrativeUnitModel>> UnitsAsync(List<string> unitIds)
        {
            var listed = new Dictionary<string, Microsoft.Graph.Models.AdministrativeUnit>(StringComparer.OrdinalIgnoreCase);
            try
            {
                var all = await ListUnitsAsync().ConfigureAwait(false);
                foreach (var u in all.Where(u => u.Id != null))
                {
                    listed[u.Id!] = u;
                }
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphErrors.IsPermissionError(f))
            {
                notes.Denied(Texts.Get("GraphWhat_UnitMembersAll"), "directory/administrativeUnits", resetPath: true);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphTransport.IsOptionalReadFailure(f))
            {
                notes.Warn(Texts.Format("Graph_UnitsNotListed", f.Status + (f.Status == 403 ? ", AdministrativeUnit.Read.All" : "")));
            }
            catch (Exception e)
            {
                throw GraphErrors.Map(e, Texts.Get("GraphWhat_Units"), "directory/administrativeUnits", t.Endpoint);
            }

            var wanted = unitIds.Concat(listed.Values.Where(u => u.IsMemberManagementRestricted == true).Select(u => u.Id!))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            // Units a role names but the listing did not return (e.g. hidden membership): read them one by one (rare).
            var unlisted = new ConcurrentDictionary<string, Microsoft.Graph.Models.AdministrativeUnit?>(StringComparer.OrdinalIgnoreCase);
            await t.ForEachAsync(wanted.Where(id => !listed.ContainsKey(id)).ToList(), async id =>
            {
                try
                {
                    unlisted[id] = await t.Client.Directory.AdministrativeUnits[id].GetAsync(r => r.QueryParameters.Select = UnitFields, t.Ct).ConfigureAwait(false);
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && GraphErrors.IsPermissionError(f))
                {
                    notes.Denied(Texts.Get("GraphWhat_UnitMembersAll"), "directory/administrativeUnits/" + id, resetPath: true);
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, Texts.Format("GraphWhat_Unit", id), "directory/administrativeUnits/" + id, t.Endpoint);
                }
            }).ConfigureAwait(false);

            var answers = await MemberPagesAsync(wanted, id => t.Client.Directory.AdministrativeUnits[id].Members.ToGetRequestInformation(r =>
            {
                r.QueryParameters.Select = new[] { "id" };
                r.QueryParameters.Top = t.Top;
            }), "directory/administrativeUnits/{id}/members").ConfigureAwait(false);
            var result = new List<AdministrativeUnitModel>();
            foreach (var id in wanted)
            {
                var unit = listed.TryGetValue(id, out var u) ? u : unlisted.TryGetValue(id, out var v) ? v : null;
                var (members, failure) = answers[id];
                if (failure != null && failure.Status == 403 && GraphErrors.IsPermissionError(failure))
                {
                    // Who is in the unit (and so who a unit-scoped role may reset, and who is protected) is not known.
                    notes.Denied(Texts.Get("GraphWhat_UnitMembersAll"), "directory/administrativeUnits/" + id + "/members", resetPath: true);
                    members = new List<string>();
                }
                else if (failure != null)
                {
                    throw GraphErrors.FromFailure(failure, Texts.Format("GraphWhat_UnitMembers", id), "directory/administrativeUnits/" + id + "/members");
                }

                result.Add(new AdministrativeUnitModel
                {
                    Id = unit?.Id ?? id,
                    DisplayName = unit?.DisplayName,
                    IsMemberManagementRestricted = unit?.IsMemberManagementRestricted ?? false,
                    Members = members!,
                });
            }

            return result.OrderBy(x => x.Id, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }
}
