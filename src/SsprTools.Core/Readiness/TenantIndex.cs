using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Roles;

namespace SsprTools.Core.Readiness
{
    /// <summary>One role as one user holds it: directly or through a role-assignable group, active or eligible, at a scope.</summary>
    public sealed class RoleHolding
    {
        public RoleHolding(RoleInfo role, bool isActive, string directoryScopeId, DirectoryGroup? viaGroup, AdministrativeUnit? unit)
        {
            Role = role;
            IsActive = isActive;
            DirectoryScopeId = directoryScopeId;
            ViaGroup = viaGroup;
            Unit = unit;
        }

        public RoleInfo Role { get; }
        /// <summary>False for a PIM-eligible assignment that is not activated.</summary>
        public bool IsActive { get; }
        public string DirectoryScopeId { get; }
        public bool IsTenantWide => DirectoryScopeId == "/" || DirectoryScopeId.Length == 0;
        public DirectoryGroup? ViaGroup { get; }
        /// <summary>The administrative unit the role is scoped to, when it is AU-scoped and the unit is known.</summary>
        public AdministrativeUnit? Unit { get; }
        public string? UnitId => IsTenantWide ? null : UnitIdOf(DirectoryScopeId);

        internal static string? UnitIdOf(string scope)
        {
            const string prefix = "/administrativeUnits/";
            return scope.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? scope.Substring(prefix.Length) : null;
        }
    }

    /// <summary>Look-ups over TenantData, built once per scan: who holds which role, who is in which group and unit.</summary>
    public sealed class TenantIndex
    {
        private readonly Dictionary<string, DirectoryUser> usersById;
        private readonly Dictionary<string, DirectoryUser> usersByUpn;
        private readonly Dictionary<string, List<RoleHolding>> holdingsByUserId;
        private readonly Dictionary<string, List<DirectoryGroup>> roleAssignableGroupsByMember;
        private readonly Dictionary<string, List<DirectoryGroup>> roleAssignableGroupsByOwner;
        private readonly Dictionary<string, HashSet<string>> unitMembers;
        private List<DirectoryUser>? roleHolders;
        private Dictionary<string, List<AdministrativeUnit>>? restrictedUnitsByMember;

        public TenantIndex(TenantData data, RoleCatalog catalog)
        {
            Data = data;
            Catalog = catalog;
            usersById = new Dictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);
            usersByUpn = new Dictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);
            foreach (var user in data.Users)
            {
                usersById[user.Id] = user;
                usersByUpn[user.UserPrincipalName] = user;
            }

            var groupsById = data.Groups.GroupBy(g => g.Id, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var unitsById = data.AdministrativeUnits.GroupBy(u => u.Id, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(u => u.Key, u => u.First(), StringComparer.OrdinalIgnoreCase);
            unitMembers = unitsById.ToDictionary(u => u.Key, u => new HashSet<string>(u.Value.Members, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
            var roleNames = data.RoleDefinitions.Where(r => !string.IsNullOrEmpty(r.DisplayName))
                .GroupBy(r => r.Id, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(r => r.Key, r => r.First().DisplayName, StringComparer.OrdinalIgnoreCase);

            roleAssignableGroupsByMember = new Dictionary<string, List<DirectoryGroup>>(StringComparer.OrdinalIgnoreCase);
            roleAssignableGroupsByOwner = new Dictionary<string, List<DirectoryGroup>>(StringComparer.OrdinalIgnoreCase);
            var ownersKnown = data.SchemaVersion >= Snapshots.SnapshotFormat.OwnersAndPolicyVersion;
            var ownersUnknown = new List<DirectoryGroup>();
            foreach (var group in groupsById.Values.Where(g => g.IsAssignableToRole))
            {
                foreach (var member in group.Members)
                {
                    Add(roleAssignableGroupsByMember, member, group);
                }

                if (group.Owners == null || !ownersKnown)
                {
                    ownersUnknown.Add(group);
                }

                foreach (var owner in (group.Owners ?? Array.Empty<string>()).Where(o => !string.IsNullOrWhiteSpace(o)))
                {
                    Add(roleAssignableGroupsByOwner, owner, group);
                }
            }

            RoleAssignableGroupsWithUnknownOwners = ownersUnknown;

            holdingsByUserId = new Dictionary<string, List<RoleHolding>>(StringComparer.OrdinalIgnoreCase);
            void AddHoldings(IEnumerable<RoleAssignmentInfo> assignments, bool active)
            {
                foreach (var a in assignments)
                {
                    roleNames.TryGetValue(a.RoleDefinitionId, out var name);
                    var role = catalog.Describe(a.RoleDefinitionId, name);
                    var unitId = RoleHolding.UnitIdOf(a.DirectoryScopeId);
                    AdministrativeUnit? unit = null;
                    if (unitId != null)
                    {
                        unitsById.TryGetValue(unitId, out unit);
                    }

                    if (usersById.ContainsKey(a.PrincipalId))
                    {
                        Add(holdingsByUserId, a.PrincipalId, new RoleHolding(role, active, a.DirectoryScopeId, null, unit));
                    }
                    else if (groupsById.TryGetValue(a.PrincipalId, out var group))
                    {
                        // Members of a group that holds a role hold the role.
                        foreach (var member in group.Members.Where(usersById.ContainsKey))
                        {
                            Add(holdingsByUserId, member, new RoleHolding(role, active, a.DirectoryScopeId, group, unit));
                        }
                    }
                    // Service principals hold roles too, but cannot sign in with a password: not part of this question.
                }
            }

            AddHoldings(data.RoleAssignments, true);
            AddHoldings(data.RoleEligibilities, false);
        }

        public TenantData Data { get; }
        public RoleCatalog Catalog { get; }

        public DirectoryUser? FindUser(string upnOrId)
        {
            if (usersByUpn.TryGetValue(upnOrId, out var user) || usersById.TryGetValue(upnOrId, out user))
            {
                return user;
            }

            return null;
        }

        public DirectoryUser? UserById(string id) => usersById.TryGetValue(id, out var u) ? u : null;

        public IReadOnlyList<RoleHolding> HoldingsOf(DirectoryUser user) =>
            holdingsByUserId.TryGetValue(user.Id, out var list) ? list : (IReadOnlyList<RoleHolding>)Array.Empty<RoleHolding>();

        /// <summary>Every user holding at least one role (active or eligible), in UPN order.</summary>
        public IEnumerable<DirectoryUser> RoleHolders =>
            roleHolders ??= holdingsByUserId.Keys.Select(id => usersById[id]).OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ToList();

        public IReadOnlyList<DirectoryGroup> RoleAssignableGroupsOf(DirectoryUser user) =>
            roleAssignableGroupsByMember.TryGetValue(user.Id, out var list) ? list : (IReadOnlyList<DirectoryGroup>)Array.Empty<DirectoryGroup>();

        /// <summary>The role-assignable groups the user owns (as far as owners were read).</summary>
        public IReadOnlyList<DirectoryGroup> RoleAssignableGroupsOwnedBy(DirectoryUser user) =>
            roleAssignableGroupsByOwner.TryGetValue(user.Id, out var list) ? list : (IReadOnlyList<DirectoryGroup>)Array.Empty<DirectoryGroup>();

        /// <summary>Role-assignable groups whose owners were not read (an older snapshot, or the read was refused).</summary>
        public IReadOnlyList<DirectoryGroup> RoleAssignableGroupsWithUnknownOwners { get; }

        /// <summary>The restricted management administrative units the user is a member of.</summary>
        public IReadOnlyList<AdministrativeUnit> RestrictedUnitsOf(DirectoryUser user)
        {
            // Built once: asked for every (target, candidate resetter) pair, so it must not scan the units each time.
            if (restrictedUnitsByMember == null)
            {
                var map = new Dictionary<string, List<AdministrativeUnit>>(StringComparer.OrdinalIgnoreCase);
                foreach (var unit in Data.AdministrativeUnits.Where(u => u.IsMemberManagementRestricted))
                {
                    foreach (var member in unitMembers.TryGetValue(unit.Id, out var members) ? members : Enumerable.Empty<string>())
                    {
                        Add(map, member, unit);
                    }
                }

                restrictedUnitsByMember = map;
            }

            return restrictedUnitsByMember.TryGetValue(user.Id, out var list) ? list : (IReadOnlyList<AdministrativeUnit>)Array.Empty<AdministrativeUnit>();
        }

        public bool IsUnitMember(string unitId, DirectoryUser user) =>
            unitMembers.TryGetValue(unitId, out var members) && members.Contains(user.Id);

        /// <summary>True when the account holds a role covered by the administrator reset policy (active or eligible).</summary>
        public bool IsAdmin(DirectoryUser user) => HoldingsOf(user).Any(h => h.Role.AdminPolicy);

        /// <summary>
        /// The two-gate policy applies when a custom domain is verified or Entra Connect syncs identities
        /// (learn.microsoft.com/entra/identity/authentication/concept-sspr-policy). The trial-age condition cannot be read
        /// from Graph and is not considered.
        /// </summary>
        public bool TwoGatePolicyApplies =>
            Data.Tenant.OnPremisesSyncEnabled == true ||
            Data.Tenant.VerifiedDomains.Any(d => !IsInitialDomain(d));

        /// <summary>Enabled accounts holding an active Global Administrator role (any scope is tenant-wide for GA).</summary>
        public IReadOnlyList<DirectoryUser> EnabledGlobalAdministrators =>
            holdingsByUserId
                .Where(p => p.Value.Any(h => h.IsActive && string.Equals(h.Role.Id, Catalog.GlobalAdministratorRoleId, StringComparison.OrdinalIgnoreCase)))
                .Select(p => usersById[p.Key])
                .Where(u => u.AccountEnabled)
                .OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase)
                .ToList();

        public bool IsTenantDomain(string domain) =>
            Data.Tenant.VerifiedDomains.Any(d => string.Equals(d.Name, domain, StringComparison.OrdinalIgnoreCase));

        private static bool IsInitialDomain(VerifiedDomain d) =>
            d.IsInitial ||
            d.Name.EndsWith(".onmicrosoft.com", StringComparison.OrdinalIgnoreCase) ||
            d.Name.EndsWith(".onmicrosoft.us", StringComparison.OrdinalIgnoreCase) ||
            d.Name.EndsWith(".partner.onmschina.cn", StringComparison.OrdinalIgnoreCase);

        private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = new List<T>();
            }

            list.Add(value);
        }
    }
}
