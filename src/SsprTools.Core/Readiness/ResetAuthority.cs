using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Roles;

namespace SsprTools.Core.Readiness
{
    /// <summary>An account that may reset a target's password, and the role that lets it.</summary>
    public sealed class Resetter
    {
        public Resetter(DirectoryUser user, RoleHolding holding, string resetterKey)
        {
            User = user;
            Holding = holding;
            ResetterKey = resetterKey;
        }

        public DirectoryUser User { get; }
        public RoleHolding Holding { get; }
        public string ResetterKey { get; }
    }

    /// <summary>
    /// Who may reset whose password: the "who can reset passwords" table
    /// (learn.microsoft.com/entra/identity/role-based-access-control/privileged-roles-permissions) applied to every role
    /// the target holds, active or eligible (an eligible role protects the target as soon as it is activated),
    /// with role-assignable groups and administrative-unit scope taken into account: a role held at unit scope resets
    /// only members of its unit who hold no role (admin-units-assign-roles), and members of a restricted management
    /// unit only by roles scoped to that unit (admin-units-restricted-management).
    /// </summary>
    public sealed class ResetAuthority
    {
        private readonly TenantIndex index;

        /// <summary>Enabled role holders (UPN order) with their active holdings that are resetter roles (holding order).</summary>
        private List<(DirectoryUser User, List<(RoleHolding Holding, string Key)> Keyed)>? candidates;

        /// <summary>Tenant-wide resetters by set of allowed resetter roles (what every role holder's list is made of).</summary>
        private readonly Dictionary<string, List<Resetter>> tenantWideByAllowed = new Dictionary<string, List<Resetter>>(StringComparer.Ordinal);

        public ResetAuthority(TenantIndex index)
        {
            this.index = index;
        }

        private List<(DirectoryUser User, List<(RoleHolding Holding, string Key)> Keyed)> Candidates =>
            candidates ??= index.RoleHolders
                .Where(u => u.AccountEnabled)
                .Select(u => (User: u, Keyed: index.HoldingsOf(u)
                    .Select(h => (Holding: h, Key: h.IsActive ? index.Catalog.ResetterKey(h.Role.Id) : null))
                    .Where(x => x.Key != null)
                    .Select(x => (x.Holding, Key: x.Key!))
                    .ToList()))
                .Where(c => c.Keyed.Count > 0)
                .ToList();

        /// <summary>The rows of the table that describe the target.</summary>
        public IReadOnlyList<string> RowsFor(DirectoryUser target)
        {
            var holdings = index.HoldingsOf(target);
            var rows = new List<string>();
            if (holdings.Count == 0)
            {
                rows.Add(RoleCatalog.RowNoRole);
            }

            rows.AddRange(holdings.Select(h => h.Role.ResetRow));
            // "only a Privileged Authentication Administrator or a Global Administrator can change the credentials or reset MFA
            // or modify sensitive attributes for members and owners of a role-assignable group"
            // (learn.microsoft.com/entra/identity/role-based-access-control/groups-concept).
            if (index.RoleAssignableGroupsOf(target).Count > 0 || index.RoleAssignableGroupsOwnedBy(target).Count > 0
                || holdings.Any(h => h.ViaGroup != null))
            {
                rows.Add(RoleCatalog.RowRoleAssignableGroupMember);
            }

            if (holdings.Any(h => h.Unit != null && h.Unit.IsMemberManagementRestricted))
            {
                rows.Add(RoleCatalog.RowRestrictedManagementUnitMember);
            }

            return rows.Distinct(StringComparer.Ordinal).ToList();
        }

        /// <summary>Resetter roles (keys) allowed for every row of the target, in table order.</summary>
        public IReadOnlyList<string> AllowedResetterKeys(DirectoryUser target)
        {
            var rows = RowsFor(target);
            return index.Catalog.ResetterRoleIdsByKey.Keys
                .Where(key => rows.All(row => index.Catalog.MayReset(key, row)))
                .ToList();
        }

        /// <summary>
        /// True when some role-assignable group's owners are unknown and the target's resetters would shrink to Privileged
        /// Authentication / Global Administrators were the target one of them: who may reset the target is then not certain.
        /// </summary>
        public bool OwnershipUnknownMatters(DirectoryUser target)
        {
            if (index.RoleAssignableGroupsWithUnknownOwners.Count == 0)
            {
                return false;
            }

            var ownerAllowed = index.Catalog.ResetterRoleIdsByKey.Keys.Where(k => index.Catalog.MayReset(k, RoleCatalog.RowRoleAssignableGroupMember));
            return AllowedResetterKeys(target).Except(ownerAllowed, StringComparer.Ordinal).Any();
        }

        /// <summary>Other enabled accounts whose active roles may reset the target, tenant-wide or in a unit holding the target.</summary>
        public IReadOnlyList<Resetter> WhoCanReset(DirectoryUser target)
        {
            var allowed = new HashSet<string>(AllowedResetterKeys(target), StringComparer.Ordinal);
            var result = new List<Resetter>();
            if (allowed.Count == 0)
            {
                return result;
            }

            // O(resetters) per target: the candidates and the target's restricted units are worked out once.
            var restrictedUnits = index.RestrictedUnitsOf(target);
            var targetHoldsRole = index.HoldingsOf(target).Count > 0;
            if (targetHoldsRole)
            {
                // A role holder is reset only through tenant-wide roles (a unit-scoped role resets only role-less members), and
                // in a restricted management unit by none (see CoversTarget): every admin with the same allowed roles has the
                // same resetters but themselves, so the list is worked out once per set of allowed roles, not once per admin.
                return restrictedUnits.Count > 0 ? result : WithoutTarget(TenantWideResetters(allowed), target);
            }

            foreach (var (candidate, keyed) in Candidates)
            {
                if (string.Equals(candidate.Id, target.Id, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // The first tenant-wide match, else the first unit-scoped one (what a stable order by scope picked).
                (RoleHolding Holding, string Key)? match = null;
                foreach (var x in keyed)
                {
                    if (!allowed.Contains(x.Key) || !CoversTarget(x.Holding, target, targetHoldsRole, restrictedUnits))
                    {
                        continue;
                    }

                    if (x.Holding.IsTenantWide)
                    {
                        match = x;
                        break;
                    }

                    match ??= x;
                }

                if (match is (RoleHolding holding, string key))
                {
                    result.Add(new Resetter(candidate, holding, key));
                }
            }

            return result;
        }

        /// <summary>Enabled accounts whose first tenant-wide active role among <paramref name="allowed"/> lets them reset (candidate order).</summary>
        private List<Resetter> TenantWideResetters(HashSet<string> allowed)
        {
            var cacheKey = string.Join("|", allowed.OrderBy(k => k, StringComparer.Ordinal));
            lock (tenantWideByAllowed)
            {
                if (!tenantWideByAllowed.TryGetValue(cacheKey, out var list))
                {
                    list = new List<Resetter>();
                    foreach (var (candidate, keyed) in Candidates)
                    {
                        foreach (var (holding, key) in keyed)
                        {
                            if (holding.IsTenantWide && allowed.Contains(key))
                            {
                                list.Add(new Resetter(candidate, holding, key));
                                break;
                            }
                        }
                    }

                    tenantWideByAllowed[cacheKey] = list;
                }

                return list;
            }
        }

        /// <summary>The shared list itself when the target is not in it (callers only read it), else a copy without the target.</summary>
        private static IReadOnlyList<Resetter> WithoutTarget(List<Resetter> resetters, DirectoryUser target)
        {
            var at = resetters.FindIndex(r => string.Equals(r.User.Id, target.Id, StringComparison.OrdinalIgnoreCase));
            if (at < 0)
            {
                return resetters;
            }

            var copy = new List<Resetter>(resetters.Count - 1);
            copy.AddRange(resetters.Take(at));
            copy.AddRange(resetters.Skip(at + 1));
            return copy;
        }

        /// <summary>Whether holders of the given role ids (a caller's active roles) may reset the target.</summary>
        public bool MayReset(IEnumerable<string> callerRoleIds, DirectoryUser target)
        {
            var allowed = AllowedResetterKeys(target);
            return callerRoleIds.Select(index.Catalog.ResetterKey).Any(k => k != null && allowed.Contains(k));
        }

        private bool CoversTarget(RoleHolding holding, DirectoryUser target, bool targetHoldsRole, IReadOnlyList<AdministrativeUnit> restrictedUnits)
        {
            if (holding.IsTenantWide)
            {
                // Members of a restricted management administrative unit can be changed only by admins scoped
                // to that unit; "even Global Administrators" cannot
                // (learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management).
                return restrictedUnits.Count == 0;
            }

            // A role held at administrative-unit scope resets passwords only of members that hold no role: "administrative
            // unit scoped Helpdesk Administrators can reset passwords for users in the administrative unit only if those
            // users don't have administrator roles"; resetting passwords and reading or changing authentication methods are
            // restricted "when the target of an action is another administrator"
            // (learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles). Any role, active or
            // eligible, counts: never claim a path that may not exist. With a restricted management unit this leaves a
            // role holder in it with no resetter at all, as that page's Global Administrator example says.
            if (targetHoldsRole)
            {
                return false;
            }

            var unitId = holding.UnitId;
            return unitId != null && index.IsUnitMember(unitId, target) &&
                (restrictedUnits.Count == 0 || restrictedUnits.Any(u => string.Equals(u.Id, unitId, StringComparison.OrdinalIgnoreCase)));
        }
    }
}
