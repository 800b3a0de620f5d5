using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using SsprTools.Core.Graph.Readers;
using SsprTools.Core.Graph.Transport;
using SsprTools.Core.Model;
using SsprTools.Core.Phones;
using SsprTools.Core.Sources;
using AuditEvent = SsprTools.Core.Model.AuditEvent;

using SsprTools.Core.Text;

namespace SsprTools.Core.Graph
{
    /// <summary>
    /// Reads a live tenant through Microsoft Graph v1.0 into the same TenantData a snapshot holds: what to read, in which order
    /// and side by side. How to talk to Graph (paging, $batch, retries) is <see cref="GraphTransport"/>; each question (roles,
    /// memberships, users and methods, the registration report, the audit log) is a reader in Graph/Readers; Graph models
    /// become the tenant model in <see cref="GraphMapping"/>. Nothing is read one request per user.
    /// </summary>
    public sealed class GraphTenantSource : ITenantSource
    {
        public const int BatchSize = GraphTransport.BatchSize;
        public const int FilterChunk = GraphTransport.FilterChunk;
        public const int PageTop = GraphTransport.PageTop;
        /// <summary>The progress activity of a live read (also shown while the reports limit holds a call back).</summary>
        internal const string Activity = "Reading the tenant from Microsoft Graph";

        private readonly SsprConnection connection;

        public GraphTenantSource(SsprConnection connection)
        {
            this.connection = connection;
        }

        public string Name => "graph:" + connection.GraphEndpoint;

        public async Task<TenantData> ReadAsync(TenantReadOptions options, IScanObserver observer, CancellationToken cancellationToken)
        {
            // A whole-tenant read without audit events is kept on the connection for a few minutes and served again.
            var cacheable = (options.Users == null || options.Users.Count == 0) && !options.IncludeAuditEvents;
            var cacheKey = string.Join("|", (options.AlsoRead ?? Array.Empty<string>()).Select(a => a.Trim()).OrderBy(a => a, StringComparer.OrdinalIgnoreCase));
            if (cacheable && !options.Refresh && connection.ReadCache.TryGet(DateTimeOffset.UtcNow, cacheKey, out var kept, out var age))
            {
                observer.Verbose(Texts.Format("Graph_ReadFromCache", (int)age.TotalSeconds, (int)TenantReadCache.MaxAge.TotalMinutes));
                return kept!;
            }

            try
            {
                var data = await new Read(connection, options, observer, cancellationToken).RunAsync().ConfigureAwait(false);
                if (cacheable)
                {
                    connection.ReadCache.Store(data, cacheKey, DateTimeOffset.UtcNow);
                }

                return data;
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is OperationCanceledException))
            {
                // Ctrl+C: whatever the interrupted call turned into, the command was stopped, not failed.
                throw new OperationCanceledException(cancellationToken);
            }
        }

        /// <summary>One read: its transport, readers and notes.</summary>
        private sealed class Read
        {
            private readonly SsprConnection connection;
            private readonly TenantReadOptions options;
            private readonly IScanObserver observer;
            private readonly GraphTransport transport;
            private readonly ReadNotes notes;
            private readonly PolicyReader policies;
            private readonly RoleReader roles;
            private readonly MembershipReader memberships;
            private readonly UserReader users;
            private readonly RegistrationReader registration;
            private readonly AuditReader audit;

            public Read(SsprConnection connection, TenantReadOptions options, IScanObserver observer, CancellationToken ct)
            {
                this.connection = connection;
                this.options = options;
                this.observer = observer;
                transport = new GraphTransport(connection, observer, options.ThrottleLimit, ct);
                notes = new ReadNotes(observer);
                policies = new PolicyReader(transport);
                roles = new RoleReader(transport, notes);
                memberships = new MembershipReader(transport, notes);
                users = new UserReader(transport);
                registration = new RegistrationReader(transport, notes);
                audit = new AuditReader(transport);
            }

            private int Parallelism => transport.Parallelism;

            private void Progress(string status, int percent) => observer.Progress(Activity, status, percent);

            private sealed class Requested
            {
                public List<User> Accounts { get; init; } = new List<User>();
                public Dictionary<string, (IReadOnlyList<AuthenticationMethodInfo>? Methods, string? Error)> Methods { get; init; } =
                    new Dictionary<string, (IReadOnlyList<AuthenticationMethodInfo>?, string?)>();
                public IReadOnlyList<AuditEvent> Events { get; init; } = Array.Empty<AuditEvent>();
                public string AuditState { get; init; } = CollectionStates.NotRead;
                public bool OtherAccountsLogged { get; init; }
            }

            /// <summary>The requested accounts, then their methods and (when asked) audit events side by side.</summary>
            private async Task<Requested> ReadRequestedAsync(Task<List<User>> accountsTask)
            {
                var accounts = await accountsTask.ConfigureAwait(false);
                var methodsTask = users.MethodsAsync(accounts);
                var auditTask = options.IncludeAuditEvents
                    ? audit.EventsForAsync(options.AuditSince, accounts.Select(a => a.Id!).ToList())
                    : Task.FromResult<(IReadOnlyList<AuditEvent>, string)>((Array.Empty<AuditEvent>(), CollectionStates.NotRead));
                await Task.WhenAll(methodsTask, auditTask).ConfigureAwait(false);
                var (events, auditState) = await auditTask.ConfigureAwait(false);
                var others = options.IncludeAuditEvents && auditState == CollectionStates.Available && events.Count == 0 &&
                    await audit.AnyAsync(options.AuditSince).ConfigureAwait(false);
                return new Requested
                {
                    OtherAccountsLogged = others,
                    Accounts = accounts,
                    Methods = await methodsTask.ConfigureAwait(false),
                    Events = events,
                    AuditState = auditState,
                };
            }

            /// <summary>Accounts holding a role the administrator reset policy covers (directly or through a group, active or
            /// eligible): the rules judge them by their methods, not by the registration report.</summary>
            private static HashSet<string> AdminIds(List<UnifiedRoleDefinition> definitions, List<UnifiedRoleAssignment> assignments,
                List<UnifiedRoleEligibilitySchedule> eligibilities, List<DirectoryGroup> groups)
            {
                var catalog = Roles.RoleCatalog.Default;
                var names = definitions.Where(d => d.Id != null).GroupBy(d => d.Id!, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.First().DisplayName, StringComparer.OrdinalIgnoreCase);
                var members = groups.ToDictionary(g => g.Id, g => g.Members, StringComparer.OrdinalIgnoreCase);
                var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (principal, role) in assignments.Select(a => (a.PrincipalId, a.RoleDefinitionId))
                    .Concat(eligibilities.Select(e => (e.PrincipalId, e.RoleDefinitionId))))
                {
                    if (principal == null || role == null || !catalog.Describe(role, names.TryGetValue(role, out var n) ? n : null).AdminPolicy)
                    {
                        continue;
                    }

                    ids.Add(principal);
                    if (members.TryGetValue(principal, out var list))
                    {
                        ids.UnionWith(list);
                    }
                }

                return ids;
            }

            /// <summary>One-admin questions: which units the requested accounts are in comes from their memberOf (one request each),
            /// not from every unit's member list; the whole lists when memberOf cannot be read.</summary>
            private async Task<List<Model.AdministrativeUnit>> UnitsOfRequestedAsync(List<string> unitIds, Task<List<User>> accountsTask,
                Task<Dictionary<string, List<DirectoryObject>>?> memberOfTask)
            {
                var accounts = await accountsTask.ConfigureAwait(false);
                return await memberships.UnitsOfAsync(unitIds, accounts.Where(a => a.Id != null).Select(a => a.Id!).ToList(),
                        await memberOfTask.ConfigureAwait(false)).ConfigureAwait(false)
                    ?? await memberships.UnitsAsync(unitIds).ConfigureAwait(false);
            }

            private async Task<Dictionary<string, List<DirectoryObject>>?> MemberOfRequestedAsync(Task<List<User>> accountsTask)
            {
                var accounts = await accountsTask.ConfigureAwait(false);
                return await memberships.MemberOfAsync(accounts.Where(a => a.Id != null).Select(a => a.Id!).ToList()).ConfigureAwait(false);
            }

            /// <summary>One-admin questions: the whole member lists only of the groups holding a role that may reset passwords
            /// (who may reset the requested accounts); of the other groups, which requested accounts are in them comes from
            /// their memberOf (role-assignable groups hold no groups, so direct membership is all). The whole lists when
            /// memberOf cannot be read.</summary>
            private async Task<List<DirectoryGroup>> GroupsOfRequestedAsync(Dictionary<string, (string? Name, bool Assignable)> groupInfo,
                HashSet<string> roleGroupIds, HashSet<string> resettingGroupIds, System.Collections.Concurrent.ConcurrentDictionary<string, User> memberAccounts,
                Task<List<User>> accountsTask, Task<Dictionary<string, List<DirectoryObject>>?> memberOfTask)
            {
                var memberOf = await memberOfTask.ConfigureAwait(false);
                if (memberOf == null)
                {
                    return await memberships.GroupsAsync(groupInfo, roleGroupIds, memberAccounts).ConfigureAwait(false);
                }

                var accountIds = (await accountsTask.ConfigureAwait(false)).Where(a => a.Id != null).Select(a => a.Id!).ToList();
                var read = await memberships.GroupsAsync(groupInfo.Where(g => resettingGroupIds.Contains(g.Key))
                    .ToDictionary(g => g.Key, g => g.Value, StringComparer.OrdinalIgnoreCase), roleGroupIds, memberAccounts).ConfigureAwait(false);
                var others = groupInfo.Where(g => !resettingGroupIds.Contains(g.Key)).Select(g => new DirectoryGroup
                {
                    Id = g.Key,
                    DisplayName = g.Value.Name,
                    IsAssignableToRole = g.Value.Assignable,
                    Members = accountIds.Where(a => memberOf[a].Any(o => string.Equals(o.Id, g.Key, StringComparison.OrdinalIgnoreCase))).ToList(),
                });
                return read.Concat(others).OrderBy(g => g.Id, StringComparer.OrdinalIgnoreCase).ToList();
            }

            private async Task<Dictionary<string, string[]?>> OwnersAmongRequestedAsync(List<string> groupIds, Task<List<User>> accountsTask)
            {
                var accounts = await accountsTask.ConfigureAwait(false);
                return await memberships.OwnersAmongAsync(groupIds, accounts.Where(a => a.Id != null).Select(a => a.Id!).ToList()).ConfigureAwait(false);
            }

            public async Task<TenantData> RunAsync()
            {
                GraphCallContext.Set(observer);
                using var gate = new SemaphoreSlim(Parallelism);
                GraphCallContext.SetGate(gate);
                observer.Verbose("At most " + Parallelism + " Graph requests in flight (-ThrottleLimit).");
                Progress("Organization, policy and role assignments", 5);

                // One-admin questions: the requested accounts' own data is read beside the role data, not after it.
                var focused = options.RequestedUsersOnly && options.Users != null && options.Users.Count > 0;
                var targetAccountsTask = focused
                    ? users.UsersAsync(Array.Empty<string>(), (options.Users ?? Array.Empty<string>()).Concat(options.AlsoRead ?? Array.Empty<string>()).ToList())
                    : null;
                var targetTask = targetAccountsTask != null ? ReadRequestedAsync(targetAccountsTask) : null;

                var orgTask = policies.OrganizationAsync();
                var policyTask = policies.AuthorizationPolicyAsync();
                var definitionsTask = roles.DefinitionsAsync();
                var assignmentsTask = roles.AssignmentsAsync();
                var eligibilityTask = roles.EligibilitiesAsync();
                var assignableGroupsTask = roles.RoleAssignableGroupsAsync();
                var methodsPolicyTask = policies.MethodsPolicyAsync();

                var org = await orgTask.ConfigureAwait(false);
                var editionTask = policies.EditionAsync(org.AssignedPlans);
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
                var memberAccounts = targetAccountsTask != null ? new System.Collections.Concurrent.ConcurrentDictionary<string, User>(StringComparer.OrdinalIgnoreCase) : null;
                var memberOfTask = targetAccountsTask != null ? MemberOfRequestedAsync(targetAccountsTask) : null;
                var resettingGroupIds = new HashSet<string>(assignments.Select(a => (a.PrincipalId, a.RoleDefinitionId))
                    .Concat(eligibilities.Select(e => (e.PrincipalId, e.RoleDefinitionId)))
                    .Where(x => x.PrincipalId != null && x.RoleDefinitionId != null && groupInfo.ContainsKey(x.PrincipalId) &&
                        Roles.RoleCatalog.Default.ResetterKey(x.RoleDefinitionId) != null)
                    .Select(x => x.PrincipalId!), StringComparer.OrdinalIgnoreCase);
                var groupsTask = targetAccountsTask != null
                    ? GroupsOfRequestedAsync(groupInfo, roleGroupIds, resettingGroupIds, memberAccounts!, targetAccountsTask, memberOfTask!)
                    : memberships.GroupsAsync(groupInfo, roleGroupIds, memberAccounts);
                // One-admin questions: whether the requested accounts own a role-assignable group (one read of their owned
                // groups), not every such group's owners (one read a group).
                var assignableIds = groupInfo.Where(g => g.Value.Assignable).Select(g => g.Key).ToList();
                var ownersTask = targetAccountsTask != null
                    ? OwnersAmongRequestedAsync(assignableIds, targetAccountsTask)
                    : memberships.OwnersAsync(assignableIds);
                var unitIds = assignments.Select(a => a.DirectoryScopeId).Concat(eligibilities.Select(e => e.DirectoryScopeId))
                    .Select(s => s != null && s.StartsWith("/administrativeUnits/", StringComparison.OrdinalIgnoreCase) ? s.Substring("/administrativeUnits/".Length) : null)
                    .Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var unitsTask = targetAccountsTask != null ? UnitsOfRequestedAsync(unitIds, targetAccountsTask, memberOfTask!) : memberships.UnitsAsync(unitIds);
                var owners = await ownersTask.ConfigureAwait(false);
                var groups = (await groupsTask.ConfigureAwait(false)).Select(g => new DirectoryGroup
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

                List<User> accounts;
                var others = new List<User>();
                Dictionary<string, (IReadOnlyList<AuthenticationMethodInfo>? Methods, string? Error)> methods;
                Dictionary<string, UserRegistrationDetails> rows;
                string registrationState, auditState;
                var otherAccountsLogged = false;
                IReadOnlyList<AuditEvent> events;
                if (targetTask != null)
                {
                    // The other role holders: their account state is what who-can-reset needs. An expanded principal already
                    // carries it; only the rest (members of role groups, principals not expanded) are read, by id filters.
                    var known = assignments.Select(a => a.Principal).Concat(eligibilities.Select(e => e.Principal)).OfType<User>()
                        .Where(u => u.Id != null && !string.IsNullOrEmpty(u.UserPrincipalName))
                        .GroupBy(u => u.Id!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
                    foreach (var member in memberAccounts!.Values)
                    {
                        // Role groups' members came with their account state ($select on the members read).
                        known[member.Id!] = member;
                    }

                    Progress("Role holders' account state", 40);
                    var rest = await users.UsersAsync(principalIds.Where(id => !known.ContainsKey(id)), null).ConfigureAwait(false);
                    var requested = await targetTask.ConfigureAwait(false);
                    accounts = requested.Accounts;
                    methods = requested.Methods;

                    // The report only where it decides something: a requested account that is not an admin (the user policy).
                    var admins = AdminIds(definitions, assignments, eligibilities, groups);
                    (rows, registrationState) = await registration.RowsAsync(accounts, accounts.Where(u => !admins.Contains(u.Id!)).ToList(), probe: false)
                        .ConfigureAwait(false);
                    events = requested.Events;
                    otherAccountsLogged = requested.OtherAccountsLogged;
                    auditState = requested.AuditState;
                    var targetIds = new HashSet<string>(accounts.Select(a => a.Id!), StringComparer.OrdinalIgnoreCase);
                    others = known.Values.Concat(rest).Where(u => !targetIds.Contains(u.Id!))
                        .GroupBy(u => u.Id!, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
                }
                else
                {
                    // The admins, plus the accounts the command asks about. The role data already names the admins, so their
                    // methods ($batch) are asked for beside their profiles, not after them.
                    Progress("Admin profiles and authentication methods", 40);
                    var roleHolderIds = principalIds.OrderBy(id => id, StringComparer.OrdinalIgnoreCase).ToList();
                    var accountsTask = users.UsersAsync(principalIds,
                        (options.Users ?? Array.Empty<string>()).Concat(options.AlsoRead ?? Array.Empty<string>()).ToList());
                    var roleHolderMethodsTask = users.MethodsOfAsync(roleHolderIds);
                    try
                    {
                        accounts = await accountsTask.ConfigureAwait(false);
                    }
                    catch
                    {
                        // The profiles' error is the one to report; the methods read beside it is let finish, not left unobserved.
                        await Task.WhenAny(roleHolderMethodsTask).ConfigureAwait(false);
                        _ = roleHolderMethodsTask.Exception;
                        throw;
                    }

                    // The registration report and the audit log are independent of the methods: read side by side.
                    Progress("Authentication methods and registration report of " + accounts.Count + " accounts" + (options.IncludeAuditEvents ? ", SSPR audit events" : ""), 60);
                    var requestedOnly = accounts.Where(a => !principalIds.Contains(a.Id!)).Select(a => a.Id!).ToList();
                    var requestedMethodsTask = users.MethodsOfAsync(requestedOnly);
                    var admins = AdminIds(definitions, assignments, eligibilities, groups);
                    var registrationTask = registration.RowsAsync(accounts, accounts.Where(u => !admins.Contains(u.Id!)).ToList());
                    var auditTask = options.IncludeAuditEvents
                        ? audit.EventsAsync(options.AuditSince)
                        : Task.FromResult<(IReadOnlyList<AuditEvent>, string)>((Array.Empty<AuditEvent>(), CollectionStates.NotRead));
                    await Task.WhenAll(roleHolderMethodsTask, requestedMethodsTask, registrationTask, auditTask).ConfigureAwait(false);
                    methods = await roleHolderMethodsTask.ConfigureAwait(false);
                    foreach (var m in await requestedMethodsTask.ConfigureAwait(false))
                    {
                        methods[m.Key] = m.Value;
                    }

                    (rows, registrationState) = await registrationTask.ConfigureAwait(false);
                    (events, auditState) = await auditTask.ConfigureAwait(false);
                }

                var (methodsPolicy, methodsPolicyState) = await methodsPolicyTask.ConfigureAwait(false);
                var edition = await editionTask.ConfigureAwait(false);

                var masked = false;
                var directoryUsers = new List<DirectoryUser>();
                foreach (var u in accounts)
                {
                    methods.TryGetValue(u.Id!, out var m);
                    rows.TryGetValue(u.Id!, out var reg);
                    var list = m.Methods;
                    if (list != null && list.Any(x => x.PhoneNumber != null && PhoneAnalyzer.Analyze(x.PhoneNumber).Status == PhoneNumberStatus.Masked))
                    {
                        masked = true;
                    }

                    directoryUsers.Add(GraphMapping.ToUser(u, list, m.Error, reg));
                }

                // Role holders read for their account state only (one-admin questions): no methods were asked for.
                directoryUsers.AddRange(others.Select(u => GraphMapping.ToUser(u, null, null, null)));

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
                        DeniedReads = notes.DeniedReads(),
                    },
                    Users = directoryUsers.OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ToList(),
                    Groups = groups,
                    AdministrativeUnits = units,
                    RoleDefinitions = definitions.Select(d => new RoleDefinitionInfo { Id = d.Id ?? "", DisplayName = d.DisplayName, IsBuiltIn = d.IsBuiltIn ?? false }).ToList(),
                    RoleAssignments = assignments.Select(a => GraphMapping.ToRoleAssignment(a.Id, a.PrincipalId, a.RoleDefinitionId, a.DirectoryScopeId)).ToList(),
                    RoleEligibilities = eligibilities.Select(a => GraphMapping.ToRoleAssignment(a.Id, a.PrincipalId, a.RoleDefinitionId, a.DirectoryScopeId)).ToList(),
                    AuditEvents = events,
                    RequestedUsersOnly = targetTask != null,
                    OtherAccountsLogged = otherAccountsLogged,
                };
            }
        }
    }
}
