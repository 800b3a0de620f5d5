using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;
using SsprTools.Core.Roles;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The "who can reset passwords" table (learn.microsoft.com/entra/identity/role-based-access-control/privileged-roles-permissions#who-can-reset-passwords), cell by cell, plus groups, units, PIM and disabled resetters.</summary>
    public class ResetAuthorityTests
    {
        private const string PA = "PasswordAdministrator", HA = "HelpdeskAdministrator", AA = "AuthenticationAdministrator",
            UA = "UserAdministrator", PAA = "PrivilegedAuthenticationAdministrator", GA = "GlobalAdministrator";

        // Expected columns written from the documentation table, independently of Data/domain-data.json.
        [Theory]
        [InlineData(RoleIds.AuthAdmin, new[] { AA, PAA, GA })]
        [InlineData(RoleIds.DirectoryReaders, new[] { PA, HA, AA, UA, PAA, GA })]
        [InlineData(RoleIds.GlobalAdmin, new[] { PAA, GA })]
        [InlineData(RoleIds.GroupsAdmin, new[] { UA, PAA, GA })]
        [InlineData(RoleIds.HelpdeskAdmin, new[] { HA, UA, PAA, GA })]
        [InlineData(RoleIds.MessageCenterReader, new[] { HA, AA, UA, PAA, GA })]
        [InlineData(RoleIds.PasswordAdmin, new[] { PA, HA, AA, UA, PAA, GA })]
        [InlineData(RoleIds.PrivAuthAdmin, new[] { PAA, GA })]
        [InlineData(RoleIds.PrivRoleAdmin, new[] { PAA, GA })]
        [InlineData(RoleIds.ReportsReader, new[] { HA, AA, UA, PAA, GA })]
        [InlineData(RoleIds.UserAdmin, new[] { UA, PAA, GA })]
        [InlineData(RoleIds.ExchangeAdmin, new[] { PAA, GA })]
        [InlineData(RoleIds.BillingAdmin, new[] { PAA, GA })]
        [InlineData("11111111-2222-3333-4444-555555555555", new[] { PAA, GA })] // custom role: "all other roles"
        public void TableRow(string targetRole, string[] expected)
        {
            var t = new TenantBuilder();
            var target = t.User("target");
            t.Assign(target, targetRole);
            var index = new TenantIndex(t.Build(), RoleCatalog.Default);
            var allowed = new ResetAuthority(index).AllowedResetterKeys(index.FindUser("target@contoso.com")!);
            Assert.Equal(expected.OrderBy(x => x), allowed.OrderBy(x => x));
        }

        [Fact]
        public void NoRole_AnyResetterRole()
        {
            var t = new TenantBuilder();
            t.User("target");
            var index = new TenantIndex(t.Build(), RoleCatalog.Default);
            Assert.Equal(6, new ResetAuthority(index).AllowedResetterKeys(index.FindUser("target@contoso.com")!).Count);
        }

        [Fact]
        public void MultipleRoles_IntersectRows()
        {
            var t = new TenantBuilder();
            var target = t.User("target");
            t.Assign(target, RoleIds.HelpdeskAdmin).Assign(target, RoleIds.UserAdmin);
            var index = new TenantIndex(t.Build(), RoleCatalog.Default);
            Assert.Equal(new[] { UA, PAA, GA }.OrderBy(x => x),
                new ResetAuthority(index).AllowedResetterKeys(index.FindUser("target@contoso.com")!).OrderBy(x => x));
        }

        [Fact]
        public void RoleAssignableGroupMember_OnlyPrivAuthAndGlobal()
        {
            var t = new TenantBuilder();
            var target = t.User("target");
            var group = t.RoleAssignableGroup("SG-Helpdesk", target);
            t.AssignGroup(group, RoleIds.HelpdeskAdmin);
            var helpdesk = t.User("helpdesk");
            t.Assign(helpdesk, RoleIds.HelpdeskAdmin);
            var paa = t.User("paa");
            t.Assign(paa, RoleIds.PrivAuthAdmin);
            var r = new ReadinessEvaluator(t.Build()).EvaluateUser("target@contoso.com")!;
            Assert.Equal(new[] { "paa@contoso.com" }, r.AssistedResetBy);
            Assert.Contains("Helpdesk Administrator (via group SG-Helpdesk)", r.Roles);
        }

        // learn.microsoft.com/entra/identity/role-based-access-control/groups-concept: "only a Privileged Authentication
        // Administrator or a Global Administrator can change the credentials or reset MFA or modify sensitive attributes for
        // members and owners of a role-assignable group."
        [Fact]
        public void RoleAssignableGroupOwner_OnlyPrivAuthAndGlobal()
        {
            var t = new TenantBuilder();
            var owner = t.User("owner");
            t.Assign(owner, RoleIds.PasswordAdmin);
            t.RoleAssignableGroup("SG-Tier0", Array.Empty<DirectoryUser>(), new[] { owner });
            var helpdesk = t.User("helpdesk");
            t.Assign(helpdesk, RoleIds.HelpdeskAdmin);
            var paa = t.User("paa");
            t.Assign(paa, RoleIds.PrivAuthAdmin);
            var r = new ReadinessEvaluator(t.Build()).EvaluateUser("owner@contoso.com")!;
            Assert.Equal(new[] { "paa@contoso.com" }, r.AssistedResetBy);
            Assert.Empty(r.NotEvaluated);
        }

        [Fact]
        public void PasswordAdministrator_NotOwner_HelpdeskResets()
        {
            // The same account without the ownership: a Helpdesk Administrator may reset a Password Administrator.
            var t = new TenantBuilder();
            var admin = t.User("owner");
            t.Assign(admin, RoleIds.PasswordAdmin);
            t.RoleAssignableGroup("SG-Tier0", Array.Empty<DirectoryUser>(), Array.Empty<DirectoryUser>());
            var helpdesk = t.User("helpdesk");
            t.Assign(helpdesk, RoleIds.HelpdeskAdmin);
            var paa = t.User("paa");
            t.Assign(paa, RoleIds.PrivAuthAdmin);
            var r = new ReadinessEvaluator(t.Build()).EvaluateUser("owner@contoso.com")!;
            Assert.Equal(new[] { "helpdesk@contoso.com", "paa@contoso.com" }, r.AssistedResetBy);
            Assert.Empty(r.NotEvaluated);
        }

        [Fact]
        public void OwnersNotRead_NotEvaluated_WhereTheyWouldNarrowTheResetters()
        {
            var t = new TenantBuilder();
            var admin = t.User("pwd");
            t.Assign(admin, RoleIds.PasswordAdmin);
            var ga = t.User("ga");
            t.Assign(ga, RoleIds.GlobalAdmin);
            var other = t.User("ga2");
            t.Assign(other, RoleIds.GlobalAdmin);
            t.RoleAssignableGroup("SG-Unknown", Array.Empty<DirectoryUser>(), null);
            var evaluator = new ReadinessEvaluator(t.Build());
            Assert.Contains(evaluator.EvaluateUser("pwd@contoso.com")!.NotEvaluated, n => n.StartsWith("AssistedResetBy:", StringComparison.Ordinal));
            // A Global Administrator's resetters are Privileged Authentication / Global Administrators anyway.
            Assert.Empty(evaluator.EvaluateUser("ga@contoso.com")!.NotEvaluated);
            Assert.Contains(evaluator.Status().NotEvaluated, n => n.Contains("SG-Unknown"));
        }

        [Fact]
        public void GroupHeldResetterRoleCounts()
        {
            var t = new TenantBuilder();
            var ga = t.User("ga");
            t.Assign(ga, RoleIds.GlobalAdmin);
            var member = t.User("member");
            t.AssignGroup(t.RoleAssignableGroup("SG-PAA", member), RoleIds.PrivAuthAdmin);
            var r = new ReadinessEvaluator(t.Build()).Evaluate(ga);
            Assert.Equal(new[] { "member@contoso.com" }, r.AssistedResetBy);
        }

        // learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles: "administrative unit scoped
        // Helpdesk Administrators can reset passwords for users in the administrative unit only if those users don't have
        // administrator roles". The old test here let a unit-scoped Helpdesk Administrator reset a Reports Reader in its
        // unit: a role holder, whom only tenant-wide role holders may reset.
        [Fact]
        public void UnitScopedHelpdesk_ResetsOnlyRoleLessMembersOfItsUnit()
        {
            var t = new TenantBuilder();
            var inside = t.User("inside");
            var outside = t.User("outside");
            var insideReader = t.User("inside-reader");
            t.Assign(insideReader, RoleIds.ReportsReader);
            var unit = t.Unit("Oslo office", inside, insideReader);
            var scoped = t.User("scoped");
            t.Assign(scoped, RoleIds.HelpdeskAdmin, "/administrativeUnits/" + unit.Id);
            var ev = new ReadinessEvaluator(t.Build());

            // Fires: a member without a role is reset by the unit's Helpdesk Administrator.
            Assert.Equal(new[] { "scoped@contoso.com" }, ev.Evaluate(inside).AssistedResetBy);
            Assert.Empty(ev.Evaluate(outside).AssistedResetBy);
            // Does not: a member holding a role (even a reader role outside the admin policy) is out of the unit role's reach.
            Assert.Empty(ev.Evaluate(insideReader).AssistedResetBy);
            Assert.Contains(ev.Evaluate(insideReader).Findings, f => f.Id == "SSPR011");
            Assert.Contains("Helpdesk Administrator (AU: Oslo office)", ev.Evaluate(scoped).Roles);
        }

        // admin-units-assign-roles: the restriction applies to "a user with another role or an administrator"; an eligible
        // role makes the member an administrator on activation, so it protects them too. A tenant-wide resetter still resets them.
        [Fact]
        public void UnitScopedRoles_DoNotResetAnAdminInTheUnit_EligibleOrActive_TenantWideOnesDo()
        {
            var t = new TenantBuilder();
            var eligibleAdmin = t.User("eligible-admin");
            t.Eligible(eligibleAdmin, RoleIds.PasswordAdmin);
            var activeAdmin = t.User("active-admin");
            t.Assign(activeAdmin, RoleIds.ExchangeAdmin);
            var unit = t.Unit("Branch", eligibleAdmin, activeAdmin);
            var unitHelpdesk = t.User("unit-helpdesk");
            t.Assign(unitHelpdesk, RoleIds.HelpdeskAdmin, "/administrativeUnits/" + unit.Id);
            var unitUserAdmin = t.User("unit-useradmin");
            t.Assign(unitUserAdmin, RoleIds.UserAdmin, "/administrativeUnits/" + unit.Id);
            var unitPaa = t.User("unit-paa");
            t.Assign(unitPaa, RoleIds.PrivAuthAdmin, "/administrativeUnits/" + unit.Id);
            var tenantHelpdesk = t.User("tenant-helpdesk");
            t.Assign(tenantHelpdesk, RoleIds.HelpdeskAdmin);
            var ev = new ReadinessEvaluator(t.Build());

            Assert.Equal(new[] { "tenant-helpdesk@contoso.com" }, ev.Evaluate(eligibleAdmin).AssistedResetBy);
            Assert.Empty(ev.Evaluate(activeAdmin).AssistedResetBy);
            Assert.Contains(ev.Evaluate(activeAdmin).Findings, f => f.Id == "SSPR011");
        }

        // learn.microsoft.com/entra/identity/role-based-access-control/admin-units-restricted-management: only admins scoped to
        // the restricted unit change its members ("Even Global Administrators won't be allowed"), and a role holder in it has no
        // resetter at all, since unit-scoped roles reset no admins (the page's Global Administrator example).
        [Fact]
        public void RestrictedManagementUnitMember_OnlyUnitScopedAdminsReset_NotEvenGlobalAdmins()
        {
            var t = new TenantBuilder();
            var ga1 = t.User("ga1");
            var ga2 = t.User("ga2");
            t.Assign(ga1, RoleIds.GlobalAdmin).Assign(ga2, RoleIds.GlobalAdmin);
            var ceo = t.User("ceo");
            var cfo = t.User("cfo");
            t.Assign(cfo, RoleIds.BillingAdmin);
            var unit = t.Unit("Executives", true, ceo, cfo);
            var before = new ReadinessEvaluator(t.Build());
            Assert.Empty(before.Evaluate(ceo).AssistedResetBy);
            Assert.Empty(before.Evaluate(cfo).AssistedResetBy);
            Assert.Contains(before.Evaluate(cfo).Findings, f => f.Id == "SSPR011");

            var scoped = t.User("exec-helpdesk");
            t.Assign(scoped, RoleIds.HelpdeskAdmin, "/administrativeUnits/" + unit.Id);
            var after = new ReadinessEvaluator(t.Build());
            Assert.Equal(new[] { "exec-helpdesk@contoso.com" }, after.Evaluate(ceo).AssistedResetBy);
            Assert.Empty(after.Evaluate(cfo).AssistedResetBy);
        }

        [Fact]
        public void EligibleOrDisabledResetters_DoNotCount_AndNobodyResetsThemselves()
        {
            var t = new TenantBuilder();
            var ga = t.User("ga");
            t.Assign(ga, RoleIds.GlobalAdmin);
            var eligible = t.User("eligible");
            t.Eligible(eligible, RoleIds.GlobalAdmin);
            var disabled = t.User("disabled", enabled: false);
            t.Assign(disabled, RoleIds.PrivAuthAdmin);
            var r = new ReadinessEvaluator(t.Build()).Evaluate(ga);
            Assert.Empty(r.AssistedResetBy);
            Assert.Contains(r.Findings, f => f.Id == "SSPR011");
        }

        [Fact]
        public void EligibleTargetRoleProtectsTarget()
        {
            var t = new TenantBuilder();
            var target = t.User("target");
            t.Eligible(target, RoleIds.GlobalAdmin);
            var helpdesk = t.User("helpdesk");
            t.Assign(helpdesk, RoleIds.HelpdeskAdmin);
            var r = new ReadinessEvaluator(t.Build()).Evaluate(target);
            Assert.Empty(r.AssistedResetBy);
        }

        [Fact]
        public void DataFile_EveryRowNamesKnownResetters_AndResetterRolesResolve()
        {
            var catalog = RoleCatalog.Default;
            Assert.Equal(6, catalog.ResetterRoleIdsByKey.Count);
            foreach (var id in catalog.ResetterRoleIdsByKey.Values)
            {
                Assert.True(catalog.IsKnown(id));
            }

            Assert.Equal("Global Administrator", catalog.Describe(RoleIds.GlobalAdmin).Name);
            Assert.True(catalog.Describe(RoleIds.GlobalAdmin).AdminPolicy);
            Assert.False(catalog.Describe(RoleIds.DirectoryReaders).AdminPolicy);
            // The opt-in table (learn.microsoft.com/entra/identity/authentication/concept-mfa-regional-opt-in).
            Assert.True(catalog.NeedsSmsOptIn(81));
            Assert.True(catalog.NeedsSmsOptIn(47));
            Assert.False(catalog.NeedsSmsOptIn(33));
        }

        /// <summary>A scan of many admins works out each set of allowed roles' resetters once (issue 13): admins with the same
        /// roles get the same list, an admin who is a resetter gets it without themselves, and unit-scoped holders still reset
        /// only role-less members of their unit (admin-units-assign-roles).</summary>
        [Fact]
        public void RoleHolders_WithTheSameRoles_ShareOneResetterList_WithoutThemselves()
        {
            var t = new TenantBuilder();
            var ga1 = t.User("ga1");
            var ga2 = t.User("ga2");
            var hd1 = t.User("hd1");
            var hd2 = t.User("hd2");
            var ex1 = t.User("ex1");
            var ex2 = t.User("ex2");
            var plain = t.User("plain");
            var unitHd = t.User("unithd");
            var unit = t.Unit("branch", hd2, plain);
            t.Assign(ga1, RoleIds.GlobalAdmin).Assign(ga2, RoleIds.GlobalAdmin)
                .Assign(hd1, RoleIds.HelpdeskAdmin).Assign(hd2, RoleIds.HelpdeskAdmin)
                .Assign(ex1, RoleIds.ExchangeAdmin).Assign(ex2, RoleIds.ExchangeAdmin)
                .Assign(unitHd, RoleIds.HelpdeskAdmin, "/administrativeUnits/" + unit.Id);
            var index = new TenantIndex(t.Build(), RoleCatalog.Default);
            var authority = new ResetAuthority(index);
            IReadOnlyList<Resetter> Of(string name) => authority.WhoCanReset(index.FindUser(name + "@contoso.com")!);
            string[] Names(string name) => Of(name).Select(r => r.User.UserPrincipalName.Split('@')[0]).OrderBy(n => n, StringComparer.Ordinal).ToArray();

            Assert.Equal(new[] { "ga1", "ga2", "hd2" }, Names("hd1"));
            Assert.Equal(new[] { "ga1", "ga2", "hd1" }, Names("hd2"));   // in the unit, but a role holder: unit scope does not reach them
            Assert.Equal(new[] { "ga2" }, Names("ga1"));
            Assert.Equal(new[] { "ga1", "ga2" }, Names("ex1"));
            Assert.Same(Of("ex1"), Of("ex2"));                           // same allowed roles, neither among the resetters
            Assert.Contains("unithd", Names("plain"));                    // a role-less member of the unit
        }
    }
}
