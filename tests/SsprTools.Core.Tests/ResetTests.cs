using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Readiness;
using SsprTools.Core.Reset;
using SsprTools.Core.Roles;
using Xunit;

namespace SsprTools.Core.Tests
{
    public class PasswordTests
    {
        private static readonly string[] Names = { "anna.berg@contoso.com", "Anna", "Berg" };

        [Theory]
        [InlineData("Short1!")]                 // too short
        [InlineData("alllowercaseletters")]     // one class
        [InlineData("lowerUPPERonly")]          // two classes
        [InlineData("Pässwörd123!")]            // Unicode not allowed
        [InlineData("Winter-Anna-2026")]        // the user's name
        [InlineData("Contoso#Winter9")]         // the UPN's domain label
        public void Refused(string password) =>
            Assert.NotEmpty(PasswordPolicy.Problems(password.ToCharArray(), Names));

        [Theory]
        [InlineData("Blue-Kettle-47")]
        [InlineData("correct horse Battery 9")]
        [InlineData("ZQ8#mv2@Lp")]
        public void Accepted(string password) =>
            Assert.Empty(PasswordPolicy.Problems(password.ToCharArray(), Names));

        [Fact]
        public void Problems_NeverEchoThePassword()
        {
            var problems = PasswordPolicy.Problems("anna-secret".ToCharArray(), Names);
            Assert.All(problems, p => Assert.DoesNotContain("anna-secret", p));
        }

        [Fact]
        public void Generated_MeetTheRules_AreDistinct_AndAvoidNames()
        {
            var seen = new HashSet<string>();
            for (var i = 0; i < 300; i++)
            {
                using var secure = PasswordGenerator.Generate(Names);
                Assert.Equal(PasswordGenerator.DefaultLength, secure.Length);
                Assert.True(secure.IsReadOnly());
                var text = SecureStrings.WithChars(secure, chars => new string(chars));
                Assert.Empty(PasswordPolicy.Problems(text.ToCharArray(), Names));
                Assert.True(seen.Add(text));
            }
        }
    }

    public class ResetPlannerTests
    {
        private static (TenantIndex Index, Model.DirectoryUser Ga, Model.DirectoryUser Helpdesk, Model.DirectoryUser Plain) Tenant()
        {
            var t = new TenantBuilder();
            var ga = t.User("ga");
            t.Assign(ga, RoleIds.GlobalAdmin);
            var helpdesk = t.User("helpdesk");
            t.Assign(helpdesk, RoleIds.HelpdeskAdmin);
            var plain = t.User("plain", synced: true);
            return (new TenantIndex(t.Build(), RoleCatalog.Default), ga, helpdesk, plain);
        }

        [Fact]
        public void UnknownUser_SuggestsCloseNames()
        {
            var (index, _, _, _) = Tenant();
            var e = Assert.Throws<SsprException>(() => ResetPlanner.Plan(index, "helpdsk@contoso.com", CallerInfo.Unknown));
            Assert.Equal("UserNotFound", e.ErrorId);
            Assert.Contains("helpdesk@contoso.com", e.Message);
        }

        [Fact]
        public void OwnAccount_IsRefused()
        {
            var (index, ga, _, _) = Tenant();
            var e = Assert.Throws<SsprException>(() => ResetPlanner.Plan(index, ga.UserPrincipalName, new CallerInfo { UserId = ga.Id }));
            Assert.Equal("ResetOwnAccount", e.ErrorId);
        }

        [Fact]
        public void HelpdeskMayNotResetGlobalAdmin_NamesTheRolesThatMay()
        {
            var (index, ga, helpdesk, _) = Tenant();
            var e = Assert.Throws<SsprException>(() => ResetPlanner.Plan(index, ga.UserPrincipalName, new CallerInfo { UserId = helpdesk.Id }));
            Assert.Equal("ResetNotPermitted", e.ErrorId);
            Assert.Equal(SsprErrorKind.PermissionDenied, e.Kind);
            Assert.Contains("Privileged Authentication Administrator", e.Message);
            Assert.Contains("Global Administrator", e.Message);

            // The same decision from the token's wids claim alone.
            Assert.Throws<SsprException>(() => ResetPlanner.Plan(index, ga.UserPrincipalName, new CallerInfo { RoleIds = new[] { RoleIds.HelpdeskAdmin } }));
        }

        [Fact]
        public void NonAdminTarget_IsAllowedWithANote_AndSyncedIsExplained()
        {
            var (index, _, helpdesk, plain) = Tenant();
            var plan = ResetPlanner.Plan(index, plain.UserPrincipalName, new CallerInfo { UserId = helpdesk.Id });
            Assert.False(plan.TargetIsAdmin);
            Assert.Contains(plan.Notes, n => n.Contains("no admin role"));
            Assert.Contains(plan.Notes, n => n.Contains("writeback"));
        }

        [Fact]
        public void UnknownCaller_LeavesTheDecisionToGraph()
        {
            var (index, ga, _, _) = Tenant();
            var plan = ResetPlanner.Plan(index, ga.UserPrincipalName, CallerInfo.Unknown);
            Assert.True(plan.TargetIsAdmin);
            Assert.Contains("Global Administrator", plan.TargetRoles);
        }
    }
}
