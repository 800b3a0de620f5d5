using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using SsprTools.Core.Model;
using SsprTools.Core.Phones;
using SsprTools.Core.Sources;
using AdministrativeUnitModel = SsprTools.Core.Model.AdministrativeUnit;
using AuditEvent = SsprTools.Core.Model.AuditEvent;

using SsprTools.Core.Text;

namespace SsprTools.Core.Graph
{
    /// <summary>
    /// Reads a live tenant through Microsoft Graph v1.0 into the same TenantData a snapshot holds. Paged collections
    /// follow @odata.nextLink; per-user reads go through $batch (20 a batch, inner 429s retried after their own
    /// Retry-After); user profiles are read with id filters of 15; nothing is read one request per user.
    /// </summary>
    public sealed partial class GraphTenantSource : ITenantSource
    {
        public const int BatchSize = 20;
        public const int FilterChunk = 15;
        private const int MaxBatchRounds = 10;
        /// <summary>$top of list calls: the most Graph allows for directory collections (the default page is 100).</summary>
        public const int PageTop = 999;
        /// <summary>Up to this many accounts the registration report is read by id filters (15 ids a call, 5 calls = one window of the reports limit).</summary>
        private const int RegistrationByIdUpTo = 5 * FilterChunk;
        private const string Activity = "Reading the tenant from Microsoft Graph";

        private static readonly string[] UserFields =
        {
            "id", "userPrincipalName", "displayName", "givenName", "surname", "accountEnabled", "userType", "onPremisesSyncEnabled",
            "mail", "mobilePhone", "businessPhones", "otherMails", "proxyAddresses", "authorizationInfo",
        };

        private readonly SsprConnection connection;

        public GraphTenantSource(SsprConnection connection)
        {
            this.connection = connection;
        }

        public string Name => "graph:" + connection.GraphEndpoint;

        public async Task<TenantData> ReadAsync(TenantReadOptions options, IScanObserver observer, CancellationToken cancellationToken)
        {
            try
            {
                return await new Read(connection, options, observer, cancellationToken).RunAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is OperationCanceledException))
            {
                // Ctrl+C: whatever the interrupted call turned into, the command was stopped, not failed.
                throw new OperationCanceledException(cancellationToken);
            }
        }

        /// <summary>One read: its observer, counters and results.</summary>
        private sealed partial class Read
        {
            private readonly SsprConnection connection;
            private readonly GraphServiceClient client;
            private readonly TenantReadOptions options;
            private readonly IScanObserver observer;
            private readonly CancellationToken ct;
            private readonly List<string> notes = new List<string>();

            public Read(SsprConnection connection, TenantReadOptions options, IScanObserver observer, CancellationToken ct)
            {
                this.connection = connection;
                client = connection.Client;
                this.options = options;
                this.observer = observer;
                this.ct = ct;
            }

            private Uri Endpoint => connection.GraphEndpoint;

            private int Parallelism => Math.Max(1, options.ThrottleLimit);

            private volatile bool topRefused;

            /// <summary>The first page of a list with $top=999 (fewer round trips than the default 100); a 400 that names $top
            /// (an endpoint without $top) gets the call again without it, and the rest of the read does without.</summary>
            private async Task<TPage?> FirstPage<TPage>(Func<int?, Task<TPage?>> get) where TPage : class
            {
                if (topRefused)
                {
                    return await get(null).ConfigureAwait(false);
                }

                try
                {
                    return await get(PageTop).ConfigureAwait(false);
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 400 &&
                    System.Text.RegularExpressions.Regex.IsMatch((f.Code ?? "") + " " + (f.Message ?? ""), @"\btop\b|page size", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
                {
                    topRefused = true;
                    observer.Verbose("$top refused (" + f + "); reading default-size pages.");
                    return await get(null).ConfigureAwait(false);
                }
            }

            public async Task<TenantData> RunAsync()
            {
                GraphCallContext.Set(observer);
                using var gate = new SemaphoreSlim(Parallelism);
                GraphCallContext.SetGate(gate);
                observer.Verbose("At most " + Parallelism + " Graph requests in flight (-ThrottleLimit).");
                Progress("Organization, policy and role assignments", 5);

                var orgTask = Call(Texts.Get("GraphWhat_Organization"), "organization",
                    () => client.Organization.GetAsync(r => r.QueryParameters.Select = new[] { "id", "displayName", "verifiedDomains", "onPremisesSyncEnabled", "assignedPlans" }, ct));
                var policyTask = Call(Texts.Get("GraphWhat_Policy"), "policies/authorizationPolicy",
                    () => client.Policies.AuthorizationPolicy.GetAsync(null, ct));
                var definitionsTask = Pages(Texts.Get("GraphWhat_Definitions"), "roleManagement/directory/roleDefinitions",
                    () => client.RoleManagement.Directory.RoleDefinitions.GetAsync(r => r.QueryParameters.Select = new[] { "id", "displayName", "isBuiltIn" }, ct),
                    link => client.RoleManagement.Directory.RoleDefinitions.WithUrl(link).GetAsync(null, ct),
                    p => p.Value, p => p.OdataNextLink);
                var assignmentsTask = Pages(Texts.Get("GraphWhat_Assignments"), "roleManagement/directory/roleAssignments",
                    () => FirstPage(top => client.RoleManagement.Directory.RoleAssignments.GetAsync(r =>
                    {
                        r.QueryParameters.Expand = new[] { "principal" };
                        r.QueryParameters.Top = top;
                    }, ct)),
                    link => client.RoleManagement.Directory.RoleAssignments.WithUrl(link).GetAsync(null, ct),
                    p => p.Value, p => p.OdataNextLink);
                var eligibilityTask = ReadEligibilitiesAsync();
                var methodsPolicyTask = ReadMethodsPolicyAsync();
                var assignableGroupsTask = ReadRoleAssignableGroupsAsync();

                var org = (await orgTask.ConfigureAwait(false))?.Value?.FirstOrDefault()
                    ?? throw new SsprException("OrganizationNotFound", SsprErrorKind.InvalidData, Texts.Get("Graph_NoOrganization"), Texts.Get("Graph_NoOrganization_Action"));
                var editionTask = ReadEditionAsync(org.AssignedPlans);
                var policy = await policyTask.ConfigureAwait(false);
                var definitions = await definitionsTask.ConfigureAwait(false);
                var assignments = await assignmentsTask.ConfigureAwait(false);
                var (eligibilities, eligibilityState) = await eligibilityTask.ConfigureAwait(false);
                var assignableGroups = await assignableGroupsTask.ConfigureAwait(false);

                // Principals: users directly, groups expanded to their members.
                var groupInfo = new Dictionary<string, (string? Name, bool Assignable)>(StringComparer.OrdinalIgnoreCase);
                foreach (var g in assignableGroups)
                {
                    groupInfo[g.Id!] = (g.DisplayName, true);
                }

                var principalIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var a in assignments)
                {
                    if (a.Principal is Group g && g.Id != null)
                    {
                        groupInfo[g.Id] = (g.DisplayName, g.IsAssignableToRole ?? true);
                    }
                    else if (a.Principal is ServicePrincipal)
                    {
                        continue;
                    }
                    else if (a.PrincipalId != null && !groupInfo.ContainsKey(a.PrincipalId))
                    {
                        principalIds.Add(a.PrincipalId);
                    }
                }

                foreach (var e in eligibilities)
                {
                    if (e.Principal is Group g && g.Id != null)
                    {
                        groupInfo[g.Id] = (g.DisplayName, g.IsAssignableToRole ?? true);
                        principalIds.Remove(g.Id);
                    }
                }

                var roleGroupIds = new HashSet<string>(assignments.Select(a => a.PrincipalId).Concat(eligibilities.Select(e => e.PrincipalId))
                    .Where(id => id != null && groupInfo.ContainsKey(id!)).Select(id => id!), StringComparer.OrdinalIgnoreCase);
                foreach (var e in eligibilities.Where(e => !(e.Principal is ServicePrincipal)))
                {
                    if (!string.IsNullOrEmpty(e.PrincipalId) && !groupInfo.ContainsKey(e.PrincipalId))
                    {
                        principalIds.Add(e.PrincipalId);
                    }
                }

                Progress("Group and administrative unit members", 25);
                var groupsTask = ReadGroupsAsync(groupInfo, roleGroupIds);
                var ownersTask = ReadGroupOwnersAsync(groupInfo.Where(g => g.Value.Assignable).Select(g => g.Key).ToList());
                var unitIds = assignments.Select(a => a.DirectoryScopeId).Concat(eligibilities.Select(e => e.DirectoryScopeId))
                    .Select(s => s != null && s.StartsWith("/administrativeUnits/", StringComparison.OrdinalIgnoreCase) ? s.Substring("/administrativeUnits/".Length) : null)
                    .Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var unitsTask = ReadUnitsAsync(unitIds);
                var groups = await groupsTask.ConfigureAwait(false);
                var owners = await ownersTask.ConfigureAwait(false);
                groups = groups.Select(g => new DirectoryGroup
                {
                    Id = g.Id,
                    DisplayName = g.DisplayName,
                    IsAssignableToRole = g.IsAssignableToRole,
                    Members = g.Members,
                    Owners = owners.TryGetValue(g.Id, out var o) ? o : null,
                }).ToList();
                var units = await unitsTask.ConfigureAwait(false);

                foreach (var g in groups.Where(g => roleGroupIds.Contains(g.Id)))
                {
                    foreach (var m in g.Members)
                    {
                        principalIds.Add(m);
                    }
                }

                // The admins, plus the accounts the command asks about.
                Progress("Admin profiles", 40);
                var users = await ReadUsersAsync(principalIds,
                    (options.Users ?? Array.Empty<string>()).Concat(options.AlsoRead ?? Array.Empty<string>()).ToList()).ConfigureAwait(false);

                // Methods ($batch), the registration report and the audit log are independent: read them side by side.
                Progress("Authentication methods and registration report of " + users.Count + " accounts" + (options.IncludeAuditEvents ? ", SSPR audit events" : ""), 60);
                var methodsTask = ReadMethodsAsync(users);
                var registrationTask = ReadRegistrationAsync(users);
                var auditTask = options.IncludeAuditEvents
                    ? ReadAuditAsync()
                    : Task.FromResult<(IReadOnlyList<AuditEvent>, string)>((Array.Empty<AuditEvent>(), CollectionStates.NotRead));
                await Task.WhenAll(methodsTask, registrationTask, auditTask).ConfigureAwait(false);
                var methods = await methodsTask.ConfigureAwait(false);
                var (registration, registrationState) = await registrationTask.ConfigureAwait(false);
                var (audit, auditState) = await auditTask.ConfigureAwait(false);
                var (methodsPolicy, methodsPolicyState) = await methodsPolicyTask.ConfigureAwait(false);
                var edition = await editionTask.ConfigureAwait(false);

                var masked = false;
                var directoryUsers = new List<DirectoryUser>();
                foreach (var u in users)
                {
                    methods.TryGetValue(u.Id!, out var m);
                    registration.TryGetValue(u.Id!, out var reg);
                    var list = m.Methods;
                    if (list != null && list.Any(x => x.PhoneNumber != null && PhoneAnalyzer.Analyze(x.PhoneNumber).Status == PhoneNumberStatus.Masked))
                    {
                        masked = true;
                    }

                    directoryUsers.Add(ToUser(u, list, m.Error, reg));
                }

                Progress("Done", 100);
                return new TenantData
                {
                    GeneratedAt = DateTimeOffset.UtcNow,
                    Source = "graph",
                    Tenant = new TenantInfo
                    {
                        Id = org.Id ?? connection.TenantId,
                        DisplayName = org.DisplayName ?? "",
                        VerifiedDomains = (org.VerifiedDomains ?? new List<Microsoft.Graph.Models.VerifiedDomain>())
                            .Select(d => new Model.VerifiedDomain { Name = d.Name ?? "", IsDefault = d.IsDefault ?? false, IsInitial = d.IsInitial ?? false }).ToList(),
                        OnPremisesSyncEnabled = org.OnPremisesSyncEnabled,
                        AllowedToUseSspr = policy?.AllowedToUseSSPR ?? true,
                        Cloud = connection.Cloud.GraphRoot.ToString().TrimEnd('/'),
                        EntraIdEdition = edition,
                    },
                    AuthenticationMethodsPolicy = methodsPolicy,
                    Collection = new CollectionInfo
                    {
                        RegistrationReport = registrationState,
                        RoleEligibilities = eligibilityState,
                        AuthenticationMethods = masked ? CollectionStates.Masked : CollectionStates.Available,
                        AuditLogs = auditState,
                        AuthenticationMethodsPolicy = methodsPolicyState,
                        Notes = notes.ToList(),
                    },
                    Users = directoryUsers.OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ToList(),
                    Groups = groups,
                    AdministrativeUnits = units,
                    RoleDefinitions = definitions.Select(d => new RoleDefinitionInfo { Id = d.Id ?? "", DisplayName = d.DisplayName, IsBuiltIn = d.IsBuiltIn ?? false }).ToList(),
                    RoleAssignments = assignments.Select(a => new RoleAssignmentInfo { Id = a.Id, PrincipalId = a.PrincipalId ?? "", RoleDefinitionId = a.RoleDefinitionId ?? "", DirectoryScopeId = a.DirectoryScopeId ?? "/" }).ToList(),
                    RoleEligibilities = eligibilities.Select(a => new RoleAssignmentInfo { Id = a.Id, PrincipalId = a.PrincipalId ?? "", RoleDefinitionId = a.RoleDefinitionId ?? "", DirectoryScopeId = a.DirectoryScopeId ?? "/" }).ToList(),
                    AuditEvents = audit,
                };
            }

            // ---------------------------------------------------------------- role data

            private async Task<(List<UnifiedRoleEligibilitySchedule>, string)> ReadEligibilitiesAsync()
            {
                const string path = "roleManagement/directory/roleEligibilitySchedules";
                Task<List<UnifiedRoleEligibilitySchedule>> Read(bool expand) => PagesRaw(
                    () => FirstPage(top => client.RoleManagement.Directory.RoleEligibilitySchedules.GetAsync(r =>
                    {
                        if (expand)
                        {
                            r.QueryParameters.Expand = new[] { "principal" };
                        }

                        r.QueryParameters.Top = top;
                    }, ct)),
                    link => client.RoleManagement.Directory.RoleEligibilitySchedules.WithUrl(link).GetAsync(null, ct),
                    p => p.Value, p => p.OdataNextLink);

                try
                {
                    try
                    {
                        return (await Read(expand: true).ConfigureAwait(false), CollectionStates.Available);
                    }
                    catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 400 && !IsPimLicenceError(f))
                    {
                        // $expand=principal refused: the principals' types then come from the group listing.
                        observer.Verbose("Eligibility schedules without $expand=principal (" + f + ").");
                        return (await Read(expand: false).ConfigureAwait(false), CollectionStates.Available);
                    }
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && IsPimLicenceError(f))
                {
                    observer.Verbose("PIM eligibility is not available: the tenant has no Entra ID P2 / Governance licence (" + f + ").");
                    return (new List<UnifiedRoleEligibilitySchedule>(), CollectionStates.NotLicensed);
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, Texts.Get("GraphWhat_Eligibility"), path, Endpoint);
                }
            }

            private static bool IsPimLicenceError(GraphFailure f) =>
                string.Equals(f.Code, GraphErrors.PimLicenseCode, StringComparison.OrdinalIgnoreCase) ||
                f.Status == 400 && (f.Message ?? "").IndexOf("licen", StringComparison.OrdinalIgnoreCase) >= 0;

            private async Task<List<Group>> ReadRoleAssignableGroupsAsync()
            {
                try
                {
                    return await PagesRaw(
                        () => FirstPage(top => client.Groups.GetAsync(r =>
                        {
                            r.QueryParameters.Filter = "isAssignableToRole eq true";
                            r.QueryParameters.Select = new[] { "id", "displayName", "isAssignableToRole" };
                            r.QueryParameters.Top = top;
                        }, ct)),
                        link => client.Groups.WithUrl(link).GetAsync(null, ct),
                        p => p.Value, p => p.OdataNextLink).ConfigureAwait(false);
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && IsOptionalReadFailure(f))
                {
                    // Only needed for members of role-assignable groups that hold no role themselves.
                    var note = Texts.Format("Graph_GroupsNotListed", f.Status + (f.Status == 403 ? ", GroupMember.Read.All" : ""));
                    notes.Add(note);
                    observer.Warning(note);
                    return new List<Group>();
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, Texts.Get("GraphWhat_Groups"), "groups", Endpoint);
                }
            }

            private async Task<List<DirectoryGroup>> ReadGroupsAsync(Dictionary<string, (string? Name, bool Assignable)> groups, HashSet<string> roleGroupIds)
            {
                // First pages of every group's members through $batch (20 groups a round trip); further pages one after another.
                var ids = groups.Keys.ToList();
                var answers = await MemberPagesAsync(ids, id => client.Groups[id].Members.ToGetRequestInformation(r =>
                {
                    r.QueryParameters.Select = new[] { "id" };
                    r.QueryParameters.Top = topRefused ? null : PageTop;
                }), "groups/{id}/members").ConfigureAwait(false);
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
            /// Member ids of several directory objects: the first page of each through $batch, then each object's further pages
            /// in order (@odata.nextLink). Per key: the ids, or the failure of its first page.
            /// </summary>
            private async Task<Dictionary<string, (List<string>? Members, GraphFailure? Failure)>> MemberPagesAsync(List<string> keys,
                Func<string, RequestInformation> first, string path)
            {
                var what = Texts.Get("GraphWhat_Groups");
                var answers = await BatchAsync(keys.Select(k => (Key: k, Info: first(k))).ToList(), what,
                    DirectoryObjectCollectionResponse.CreateFromDiscriminatorValue).ConfigureAwait(false);
                var result = new Dictionary<string, (List<string>?, GraphFailure?)>(StringComparer.OrdinalIgnoreCase);
                foreach (var key in keys)
                {
                    var answer = answers[key];
                    if (answer.Value == null)
                    {
                        result[key] = (null, answer.Failure ?? new GraphFailure(502, null, "empty answer inside $batch"));
                        continue;
                    }

                    var items = answer.Value.Value ?? new List<DirectoryObject>();
                    var next = answer.Value.OdataNextLink;
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    while (!string.IsNullOrEmpty(next))
                    {
                        if (!seen.Add(next!))
                        {
                            throw new SsprException("GraphPagingLoop", SsprErrorKind.InvalidData,
                                Texts.Get("Graph_PagingLoop"), Texts.Get("Graph_InvalidResponse_Action"), next);
                        }

                        var link = next!;
                        var more = await Call(what, path, () => client.DirectoryObjects.WithUrl(link).GetAsync(null, ct)).ConfigureAwait(false);
                        items.AddRange(more?.Value ?? new List<DirectoryObject>());
                        next = more?.OdataNextLink;
                    }

                    result[key] = (items.Where(m => m.Id != null).Select(m => m.Id!).ToList(), null);
                }

                return result;
            }

            /// <summary>Units that role scopes name, and every restricted management unit (their members can only be reset by some roles).</summary>
            private async Task<List<AdministrativeUnitModel>> ReadUnitsAsync(List<string> unitIds)
            {
                var listed = new Dictionary<string, Microsoft.Graph.Models.AdministrativeUnit>(StringComparer.OrdinalIgnoreCase);
                try
                {
                    var all = await PagesRaw(
                        () => FirstPage(top => client.Directory.AdministrativeUnits.GetAsync(r =>
                        {
                            r.QueryParameters.Select = new[] { "id", "displayName", "isMemberManagementRestricted" };
                            r.QueryParameters.Top = top;
                        }, ct)),
                        link => client.Directory.AdministrativeUnits.WithUrl(link).GetAsync(null, ct),
                        p => p.Value, p => p.OdataNextLink).ConfigureAwait(false);
                    foreach (var u in all.Where(u => u.Id != null))
                    {
                        listed[u.Id!] = u;
                    }
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && IsOptionalReadFailure(f))
                {
                    var note = Texts.Format("Graph_UnitsNotListed", f.Status + (f.Status == 403 ? ", AdministrativeUnit.Read.All" : ""));
                    notes.Add(note);
                    observer.Warning(note);
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, Texts.Get("GraphWhat_Units"), "directory/administrativeUnits", Endpoint);
                }

                var wanted = unitIds.Concat(listed.Values.Where(u => u.IsMemberManagementRestricted == true).Select(u => u.Id!))
                    .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                // Units a role names but the listing did not return (e.g. hidden membership): read them one by one (rare).
                var unlisted = new ConcurrentDictionary<string, Microsoft.Graph.Models.AdministrativeUnit?>(StringComparer.OrdinalIgnoreCase);
                await ForEachAsync(wanted.Where(id => !listed.ContainsKey(id)).ToList(), async id =>
                {
                    unlisted[id] = await Call(Texts.Format("GraphWhat_Unit", id), "directory/administrativeUnits/" + id,
                        () => client.Directory.AdministrativeUnits[id].GetAsync(r => r.QueryParameters.Select = new[] { "id", "displayName", "isMemberManagementRestricted" }, ct))
                        .ConfigureAwait(false);
                }).ConfigureAwait(false);

                var answers = await MemberPagesAsync(wanted, id => client.Directory.AdministrativeUnits[id].Members.ToGetRequestInformation(r =>
                {
                    r.QueryParameters.Select = new[] { "id" };
                    r.QueryParameters.Top = topRefused ? null : PageTop;
                }), "directory/administrativeUnits/{id}/members").ConfigureAwait(false);
                var result = new List<AdministrativeUnitModel>();
                foreach (var id in wanted)
                {
                    var unit = listed.TryGetValue(id, out var u) ? u : unlisted.TryGetValue(id, out var v) ? v : null;
                    var (members, failure) = answers[id];
                    if (failure != null)
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

            // ---------------------------------------------------------------- users

            private async Task<List<User>> ReadUsersAsync(HashSet<string> ids, IReadOnlyCollection<string>? requested)
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

                var chunks = Chunk(byId.OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToList(), FilterChunk).Select(c => (Property: "id", Keys: c))
                    .Concat(Chunk(byUpn.OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToList(), FilterChunk).Select(c => (Property: "userPrincipalName", Keys: c)))
                    .ToList();
                var found = new ConcurrentDictionary<string, User>(StringComparer.OrdinalIgnoreCase);
                var unfiltered = new ConcurrentBag<string>();

                // 15 keys a filter (the directory's limit of OR-ed clauses), 20 filters a $batch: 300 accounts a round trip.
                var what = Texts.Get("GraphWhat_Users");
                var filters = chunks.Select((chunk, i) => (Key: i.ToString(CultureInfo.InvariantCulture), Info: client.Users.ToGetRequestInformation(r =>
                {
                    r.QueryParameters.Filter = chunk.Property + " in (" + string.Join(",", chunk.Keys.Select(Quote)) + ")";
                    r.QueryParameters.Select = UserFields;
                }))).ToList();
                var answers = await BatchAsync(filters, what, UserCollectionResponse.CreateFromDiscriminatorValue).ConfigureAwait(false);
                for (var i = 0; i < chunks.Count; i++)
                {
                    var answer = answers[i.ToString(CultureInfo.InvariantCulture)];
                    if (answer.Value == null)
                    {
                        var f = answer.Failure ?? new GraphFailure(502, null, "empty answer inside $batch");
                        if (f.Status == 400)
                        {
                            // This endpoint does not take the "in" filter: read these accounts by key through $batch instead.
                            observer.Verbose("The users endpoint refused the filter (" + f + "); reading these accounts through $batch.");
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
                        var more = await Call(what, "users", () => client.Users.WithUrl(next!).GetAsync(null, ct)).ConfigureAwait(false);
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
                        .Select(key => (Key: key, Info: client.Users[key].ToGetRequestInformation(r => r.QueryParameters.Select = UserFields))).ToList();
                    var results = await BatchAsync(requests, Texts.Get("GraphWhat_Users"), User.CreateFromDiscriminatorValue).ConfigureAwait(false);
                    foreach (var r in results.Values)
                    {
                        if (r.Value?.Id != null)
                        {
                            found[r.Value.Id] = r.Value;
                        }
                        else if (r.Failure != null && r.Failure.Status != 404)
                        {
                            throw GraphErrors.FromFailure(r.Failure, Texts.Get("GraphWhat_Users"), "users");
                        }
                    }
                }

                return found.Values.OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ToList();
            }

            private async Task<Dictionary<string, (IReadOnlyList<AuthenticationMethodInfo>? Methods, string? Error)>> ReadMethodsAsync(List<User> users)
            {
                var requests = users.Select(u => (Key: u.Id!, Info: client.Users[u.Id].Authentication.Methods.ToGetRequestInformation())).ToList();
                var results = await BatchAsync(requests, Texts.Get("GraphWhat_Methods"), AuthenticationMethodCollectionResponse.CreateFromDiscriminatorValue).ConfigureAwait(false);
                var map = new Dictionary<string, (IReadOnlyList<AuthenticationMethodInfo>?, string?)>(StringComparer.OrdinalIgnoreCase);
                var denied = new List<GraphFailure>();
                foreach (var u in users)
                {
                    var r = results[u.Id!];
                    if (r.Value != null)
                    {
                        var list = r.Value.Value ?? new List<AuthenticationMethod>();
                        var next = r.Value.OdataNextLink;
                        var seen = new HashSet<string>(StringComparer.Ordinal);
                        while (!string.IsNullOrEmpty(next) && seen.Add(next!))
                        {
                            var more = await Call(Texts.Get("GraphWhat_Methods"), "users/" + u.Id + "/authentication/methods",
                                () => client.Users[u.Id].Authentication.Methods.WithUrl(next!).GetAsync(null, ct)).ConfigureAwait(false);
                            list.AddRange(more?.Value ?? new List<AuthenticationMethod>());
                            next = more?.OdataNextLink;
                        }

                        map[u.Id!] = (list.Select(ToMethod).ToList(), null);
                    }
                    else
                    {
                        var f = r.Failure ?? new GraphFailure(502, null, "empty answer inside $batch");
                        if (f.Status == 401)
                        {
                            throw GraphErrors.FromFailure(f, Texts.Get("GraphWhat_Methods"), "users/" + u.Id + "/authentication/methods");
                        }

                        if (f.Status == 403 && (string.Equals(f.Code, "Authorization_RequestDenied", StringComparison.OrdinalIgnoreCase) ||
                            (f.Message ?? "").IndexOf("permission", StringComparison.OrdinalIgnoreCase) >= 0 ||
                            (f.Message ?? "").IndexOf("privileges", StringComparison.OrdinalIgnoreCase) >= 0))
                        {
                            denied.Add(f);
                        }

                        map[u.Id!] = (null, f.Status + " " + (f.Status == 403 ? "Forbidden" : f.Status == 404 ? "Not Found" : f.Code ?? "Error"));
                        observer.Verbose("Authentication methods of " + u.UserPrincipalName + " could not be read: " + f);
                    }
                }

                if (users.Count > 0 && denied.Count == users.Count)
                {
                    throw GraphErrors.FromFailure(denied[0], Texts.Get("GraphWhat_Methods"), "users/{id}/authentication/methods");
                }

                return map;
            }

            private async Task<(Dictionary<string, UserRegistrationDetails>, string)> ReadRegistrationAsync(List<User> users)
            {
                const string path = "reports/authenticationMethods/userRegistrationDetails";
                var map = new Dictionary<string, UserRegistrationDetails>(StringComparer.OrdinalIgnoreCase);
                if (users.Count == 0)
                {
                    return (map, CollectionStates.Available);
                }

                try
                {
                    // The reports API allows 5 calls per 10 s (the HTTP handler paces them), so the fewest calls win:
                    //  - up to 75 accounts: id filters of 15 (at most 5 calls, one window);
                    //  - more: the admins' rows in pages of 999 (isAdmin eq true), then id filters for the enabled accounts
                    //    not among them (disabled accounts have no row); the whole report when a filter is refused.
                    var rows = new List<UserRegistrationDetails>();
                    var wanted = users.Select(u => u.Id!).ToList();
                    if (wanted.Count <= RegistrationByIdUpTo)
                    {
                        rows.AddRange(await RegistrationByIdAsync(wanted).ConfigureAwait(false) ?? await RegistrationPages(null).ConfigureAwait(false));
                    }
                    else
                    {
                        List<UserRegistrationDetails>? admins;
                        try
                        {
                            admins = await RegistrationPages("isAdmin eq true").ConfigureAwait(false);
                        }
                        catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 400)
                        {
                            observer.Verbose("The registration report does not take the isAdmin filter here (" + f + "); reading it whole.");
                            admins = null;
                        }

                        if (admins == null)
                        {
                            rows = await RegistrationPages(null).ConfigureAwait(false);
                        }
                        else
                        {
                            rows.AddRange(admins);
                            var have = new HashSet<string>(admins.Where(r => r.Id != null).Select(r => r.Id!), StringComparer.OrdinalIgnoreCase);
                            var rest = users.Where(u => u.AccountEnabled != false && !have.Contains(u.Id!)).Select(u => u.Id!).ToList();
                            if (rest.Count > 0)
                            {
                                var more = rest.Count <= 20 * FilterChunk ? await RegistrationByIdAsync(rest).ConfigureAwait(false) : null;
                                rows.AddRange(more ?? await RegistrationPages(null).ConfigureAwait(false));
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
                    observer.Verbose("The registration report needs Entra ID P1/P2 (" + f + "); using per-user authentication methods only.");
                    return (map, CollectionStates.NotLicensed);
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, Texts.Get("GraphWhat_Registration"), path, Endpoint);
                }
            }

            /// <summary>Rows of the given accounts, 15 ids a call, one call after another; null when the report refuses the id filter.</summary>
            private async Task<List<UserRegistrationDetails>?> RegistrationByIdAsync(List<string> ids)
            {
                var rows = new List<UserRegistrationDetails>();
                try
                {
                    foreach (var chunk in Chunk(ids, FilterChunk))
                    {
                        var filter = "id in (" + string.Join(",", chunk.Select(Quote)) + ")";
                        rows.AddRange(await RegistrationPages(filter, top: false).ConfigureAwait(false));
                    }
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 400)
                {
                    observer.Verbose("The registration report does not take an id filter here (" + f + "); reading it whole.");
                    return null;
                }

                return rows;
            }

            private Task<List<UserRegistrationDetails>> RegistrationPages(string? filter, bool top = true) =>
                PagesRaw(
                    () => top
                        ? FirstPage(t => client.Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(r =>
                        {
                            r.QueryParameters.Filter = filter;
                            r.QueryParameters.Top = t;
                        }, ct))
                        : client.Reports.AuthenticationMethods.UserRegistrationDetails.GetAsync(r => r.QueryParameters.Filter = filter, ct),
                    link => client.Reports.AuthenticationMethods.UserRegistrationDetails.WithUrl(link).GetAsync(null, ct),
                    p => p.Value, p => p.OdataNextLink);

            private async Task<(IReadOnlyList<AuditEvent>, string)> ReadAuditAsync()
            {
                const string path = "auditLogs/directoryAudits";
                var since = (options.AuditSince ?? DateTimeOffset.UtcNow.AddDays(-30)).ToUniversalTime();
                var filter = "loggedByService eq 'Self-service Password Management' and activityDateTime ge " +
                    since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                try
                {
                    var rows = await PagesRaw(
                        () => client.AuditLogs.DirectoryAudits.GetAsync(r => r.QueryParameters.Filter = filter, ct),
                        link => client.AuditLogs.DirectoryAudits.WithUrl(link).GetAsync(null, ct),
                        p => p.Value, p => p.OdataNextLink).ConfigureAwait(false);
                    return (rows.Select(ToAudit).OrderBy(a => a.ActivityDateTime).ToList(), CollectionStates.Available);
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 403)
                {
                    var notLicensed = string.Equals(f.Code, GraphErrors.NotPremiumCode, StringComparison.OrdinalIgnoreCase);
                    observer.Warning(notLicensed
                        ? Texts.Format("Graph_AuditNotLicensed", f.Code)
                        : Texts.Get("Graph_AuditForbidden"));
                    return (Array.Empty<AuditEvent>(), notLicensed ? CollectionStates.NotLicensed : CollectionStates.Forbidden);
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, Texts.Get("GraphWhat_Audit"), path, Endpoint);
                }
            }

            // ---------------------------------------------------------------- plumbing

            /// <summary>A refusal of an optional read (not 401, not throttling, not a server error): noted, not fatal.</summary>
            private static bool IsOptionalReadFailure(GraphFailure f) => f.Status >= 400 && f.Status < 500 && f.Status != 401 && f.Status != 429;

            private void Progress(string status, int percent) => observer.Progress(Activity, status, percent);

            private async Task<T?> Call<T>(string what, string path, Func<Task<T?>> call) where T : class
            {
                try
                {
                    return await call().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, what, path, Endpoint);
                }
            }

            private async Task<List<TItem>> Pages<TPage, TItem>(string what, string path, Func<Task<TPage?>> first, Func<string, Task<TPage?>> next,
                Func<TPage, List<TItem>?> items, Func<TPage, string?> nextLink) where TPage : class
            {
                try
                {
                    return await PagesRaw(first, next, items, nextLink).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, what, path, Endpoint);
                }
            }

            /// <summary>Every page of a collection, following @odata.nextLink; a link seen twice is a loop, not more data.</summary>
            private async Task<List<TItem>> PagesRaw<TPage, TItem>(Func<Task<TPage?>> first, Func<string, Task<TPage?>> next,
                Func<TPage, List<TItem>?> items, Func<TPage, string?> nextLink) where TPage : class
            {
                var all = new List<TItem>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var page = await first().ConfigureAwait(false);
                while (page != null)
                {
                    all.AddRange(items(page) ?? new List<TItem>());
                    var link = nextLink(page);
                    if (string.IsNullOrEmpty(link))
                    {
                        break;
                    }

                    if (!seen.Add(link!))
                    {
                        throw new SsprException("GraphPagingLoop", SsprErrorKind.InvalidData,
                            Texts.Get("Graph_PagingLoop"), Texts.Get("Graph_InvalidResponse_Action"), link);
                    }

                    page = await next(link!).ConfigureAwait(false);
                }

                return all;
            }

            private sealed class BatchResult<T>
            {
                public T? Value { get; set; }
                public GraphFailure? Failure { get; set; }
            }

            /// <summary>
            /// GETs through $batch, 20 a batch, a few batches at once. Inner 429/503/504 answers are sent again in a new batch
            /// after the longest Retry-After among them (the SDK retries only whole HTTP calls, not the requests inside a batch).
            /// </summary>
            private async Task<Dictionary<string, BatchResult<T>>> BatchAsync<T>(List<(string Key, RequestInformation Info)> requests, string what,
                ParsableFactory<T> factory) where T : IParsable, new()
            {
                var results = new ConcurrentDictionary<string, BatchResult<T>>(StringComparer.OrdinalIgnoreCase);
                var pending = requests;
                for (var round = 0; pending.Count > 0; round++)
                {
                    if (round >= MaxBatchRounds)
                    {
                        throw GraphErrors.Throttled(what, null);
                    }

                    var retry = new ConcurrentBag<(string Key, RequestInformation Info)>();
                    var wait = 0.0;
                    var waitLock = new object();
                    await ForEachAsync(Chunk(pending, BatchSize).ToList(), async chunk =>
                    {
                        var content = new BatchRequestContentCollection(client, BatchSize);
                        var byStep = new Dictionary<string, (string Key, RequestInformation Info)>(StringComparer.Ordinal);
                        for (var i = 0; i < chunk.Count; i++)
                        {
                            var stepId = (i + 1).ToString(CultureInfo.InvariantCulture);
                            await content.AddBatchRequestStepAsync(chunk[i].Info, stepId).ConfigureAwait(false);
                            byStep[stepId] = chunk[i];
                        }

                        var response = await Call(what, "$batch", () => client.Batch.PostAsync(content, ct)).ConfigureAwait(false);
                        var codes = await response!.GetResponsesStatusCodesAsync().ConfigureAwait(false);
                        var summary = new SortedDictionary<int, int>();
                        foreach (var pair in byStep)
                        {
                            var status = codes.TryGetValue(pair.Key, out var code) ? (int)code : 0;
                            summary[status] = summary.TryGetValue(status, out var n) ? n + 1 : 1;
                            if (status >= 200 && status < 300)
                            {
                                using var ok = await response.GetResponseByIdAsync(pair.Key).ConfigureAwait(false);
                                results[pair.Value.Key] = new BatchResult<T> { Value = await Parse(ok, factory).ConfigureAwait(false) };
                                continue;
                            }

                            using var message = await response.GetResponseByIdAsync(pair.Key).ConfigureAwait(false);
                            if (status == 429 || status == 503 || status == 504 || status == 0)
                            {
                                var after = RetryAfterSeconds(message);
                                lock (waitLock)
                                {
                                    wait = Math.Max(wait, after);
                                }

                                retry.Add(pair.Value);
                                continue;
                            }

                            results[pair.Value.Key] = new BatchResult<T> { Failure = await FailureOf(message, status).ConfigureAwait(false) };
                        }

                        observer.Verbose("  $batch of " + chunk.Count + " x " + what + ": " +
                            string.Join(", ", summary.Select(s => s.Value + " x " + s.Key)));
                    }).ConfigureAwait(false);

                    pending = retry.ToList();
                    if (pending.Count > 0)
                    {
                        var delay = TimeSpan.FromSeconds(Math.Min(60, wait));
                        observer.Verbose("  " + pending.Count + " request(s) inside the batch were throttled; retrying after " + delay.TotalSeconds + " s");
                        await Task.Delay(delay, ct).ConfigureAwait(false);
                    }
                }

                return new Dictionary<string, BatchResult<T>>(results, StringComparer.OrdinalIgnoreCase);
            }

            /// <summary>An inner batch body as a Graph model, whatever Content-Type the inner answer declares.</summary>
            private async Task<T?> Parse<T>(HttpResponseMessage? message, ParsableFactory<T> factory) where T : IParsable
            {
                if (message?.Content == null)
                {
                    return default;
                }

                using var stream = await message.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var node = await new JsonParseNodeFactory().GetRootParseNodeAsync("application/json", stream, ct).ConfigureAwait(false);
                return node.GetObjectValue(factory);
            }

            private static double RetryAfterSeconds(HttpResponseMessage? message)
            {
                if (message == null)
                {
                    return 1;
                }

                var header = message.Headers.RetryAfter;
                if (header?.Delta is TimeSpan delta)
                {
                    return Math.Max(0, delta.TotalSeconds);
                }

                if (header?.Date is DateTimeOffset date)
                {
                    return Math.Max(0, (date - DateTimeOffset.UtcNow).TotalSeconds);
                }

                if (message.Headers.TryGetValues("Retry-After", out var values) &&
                    double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                {
                    return Math.Max(0, seconds);
                }

                return 2;
            }

            private static async Task<GraphFailure> FailureOf(HttpResponseMessage? message, int status)
            {
                string? code = null, text = null;
                if (message?.Content != null)
                {
                    try
                    {
                        var body = await message.Content.ReadAsStringAsync().ConfigureAwait(false);
                        using var doc = JsonDocument.Parse(body);
                        if (doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                        {
                            code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                            text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                        }
                    }
                    catch (JsonException)
                    {
                    }
                }

                return new GraphFailure(status, code, text);
            }

            private async Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> work)
            {
                using var gate = new SemaphoreSlim(Parallelism);
                var tasks = items.Select(async item =>
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        await work(item).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToList();
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
        }

        // -------------------------------------------------------------------- mapping

        private static IEnumerable<List<T>> Chunk<T>(IReadOnlyList<T> items, int size)
        {
            for (var i = 0; i < items.Count; i += size)
            {
                yield return items.Skip(i).Take(size).ToList();
            }
        }

        private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

        private static string? Camel(string? value) =>
            string.IsNullOrEmpty(value) ? value : char.ToLowerInvariant(value![0]) + value.Substring(1);

        private static DirectoryUser ToUser(User u, IReadOnlyList<AuthenticationMethodInfo>? methods, string? methodsError, UserRegistrationDetails? reg) =>
            new DirectoryUser
            {
                Id = u.Id ?? "",
                UserPrincipalName = u.UserPrincipalName ?? "",
                DisplayName = u.DisplayName,
                GivenName = u.GivenName,
                Surname = u.Surname,
                AccountEnabled = u.AccountEnabled ?? true,
                UserType = u.UserType,
                OnPremisesSyncEnabled = u.OnPremisesSyncEnabled,
                Mail = u.Mail,
                MobilePhone = u.MobilePhone,
                BusinessPhones = (u.BusinessPhones ?? new List<string>()).Where(p => p != null).ToList(),
                OtherMails = (u.OtherMails ?? new List<string>()).Where(p => p != null).ToList(),
                ProxyAddresses = (u.ProxyAddresses ?? new List<string>()).Where(p => p != null).ToList(),
                AuthenticationMethods = methods?.ToArray(),
                AuthenticationMethodsError = methodsError,
                AuthorizationInfo = new Model.AuthorizationInfo
                {
                    CertificateUserIds = (u.AuthorizationInfo?.CertificateUserIds ?? new List<string>()).Where(c => c != null).ToList(),
                },
                RegistrationDetails = reg == null ? null : new RegistrationDetails
                {
                    IsAdmin = reg.IsAdmin,
                    IsSsprRegistered = reg.IsSsprRegistered,
                    IsSsprEnabled = reg.IsSsprEnabled,
                    IsSsprCapable = reg.IsSsprCapable,
                    IsMfaRegistered = reg.IsMfaRegistered,
                    MethodsRegistered = (reg.MethodsRegistered ?? new List<string>()).Where(m => m != null).ToList(),
                    LastUpdatedDateTime = reg.LastUpdatedDateTime,
                },
            };

        private static AuthenticationMethodInfo ToMethod(AuthenticationMethod m)
        {
            var phone = m as PhoneAuthenticationMethod;
            return new AuthenticationMethodInfo
            {
                ODataType = m.OdataType ?? "",
                Id = m.Id,
                PhoneNumber = phone?.PhoneNumber,
                PhoneType = Camel(phone?.PhoneType?.ToString()),
                EmailAddress = (m as EmailAuthenticationMethod)?.EmailAddress,
                DisplayName = (m as MicrosoftAuthenticatorAuthenticationMethod)?.DisplayName
                    ?? (m as Fido2AuthenticationMethod)?.DisplayName
                    ?? (m as WindowsHelloForBusinessAuthenticationMethod)?.DisplayName,
            };
        }

        private static AuditEvent ToAudit(DirectoryAudit a) =>
            new AuditEvent
            {
                Id = a.Id,
                Category = a.Category,
                CorrelationId = a.CorrelationId,
                Result = Camel(a.Result?.ToString()),
                ResultReason = a.ResultReason,
                ActivityDisplayName = a.ActivityDisplayName,
                ActivityDateTime = a.ActivityDateTime ?? default,
                LoggedByService = a.LoggedByService,
                OperationType = a.OperationType,
                InitiatedBy = a.InitiatedBy?.User == null ? null : new AuditInitiator
                {
                    User = new AuditUser
                    {
                        Id = a.InitiatedBy.User.Id,
                        DisplayName = a.InitiatedBy.User.DisplayName,
                        UserPrincipalName = a.InitiatedBy.User.UserPrincipalName,
                        IpAddress = a.InitiatedBy.User.IpAddress,
                    },
                },
                TargetResources = (a.TargetResources ?? new List<TargetResource>())
                    .Select(t => new AuditTarget { Id = t.Id, DisplayName = t.DisplayName, Type = t.Type, UserPrincipalName = t.UserPrincipalName }).ToList(),
                AdditionalDetails = (a.AdditionalDetails ?? new List<KeyValue>()).Select(k => new AuditKeyValue { Key = k.Key, Value = k.Value }).ToList(),
            };
    }
}
