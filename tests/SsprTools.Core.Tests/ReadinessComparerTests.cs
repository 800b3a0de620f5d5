using System;
using System.Linq;
using SsprTools.Core.Comparison;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;
using Xunit;
using static SsprTools.Core.Tests.TenantBuilder;

namespace SsprTools.Core.Tests
{
    /// <summary>Compare-SsprReadiness's engine: two scans of one tenant a week apart, evaluated by the same rules.</summary>
    public class ReadinessComparerTests
    {
        private const string AliceId = "a0000000-0000-0000-0000-00000000000a";
        private const string BobId = "b0000000-0000-0000-0000-00000000000b";
        private const string CarolId = "c0000000-0000-0000-0000-00000000000c";
        private const string DaveId = "d0000000-0000-0000-0000-00000000000d";

        private static readonly ReadinessOptions Options = new ReadinessOptions { AsOf = new DateTime(2026, 12, 1) }; // before 2027-02-01, whatever today is

        /// <summary>Alice and Bob are Global Administrators who can reset each other; Carol is a Helpdesk Administrator.</summary>
        private static TenantBuilder Week(Action<TenantBuilder>? change = null, Func<string, DirectoryUser?>? custom = null, TenantBuilder? start = null)
        {
            var t = start ?? new TenantBuilder();
            var alice = custom?.Invoke("alice") ?? t.User("alice", id: AliceId);
            var bob = custom?.Invoke("bob") ?? t.User("bob", id: BobId);
            var carol = custom?.Invoke("carol") ?? t.User("carol", id: CarolId);
            t.Assign(alice, RoleIds.GlobalAdmin).Assign(bob, RoleIds.GlobalAdmin).Assign(carol, RoleIds.HelpdeskAdmin);
            change?.Invoke(t);
            return t;
        }

        private static ReadinessScan Scan(TenantBuilder t, ReadinessOptions? options = null) => ReadinessScan.Evaluate(t.Build(), options ?? Options);

        [Fact]
        public void SameTenantTwice_NoChanges()
        {
            Assert.Empty(ReadinessComparer.Compare(Scan(Week()), Scan(Week())));
        }

        [Fact]
        public void AdminWhoLosesBothPaths_BecameUnrecoverable_WithTheFindingsThatExplainIt()
        {
            // Week two: Bob's account is disabled, so Alice (the only other Global Administrator) has nobody to reset her,
            // and her methods are gone, so self-service is closed too.
            var t2 = new TenantBuilder();
            var week2 = Week(custom: name =>
                name == "alice" ? t2.User("alice", new[] { Password() }, id: AliceId)
                : name == "bob" ? t2.User("bob", enabled: false, id: BobId)
                : null, start: t2);

            var changes = ReadinessComparer.Compare(Scan(Week()), Scan(week2));

            var alice = Assert.Single(changes, c => c.UserPrincipalName == "alice@contoso.com");
            Assert.Equal(ReadinessChangeKind.BecameUnrecoverable, alice.Change);
            Assert.True(alice.LostRecovery);
            Assert.True(alice.Before!.Recoverable);
            Assert.False(alice.After!.Recoverable);
            Assert.Contains(alice.FindingsAdded, f => f.Id == "SSPR009");
            Assert.Contains(alice.FindingsAdded, f => f.Id == "SSPR011");
            Assert.Empty(alice.FindingsResolved);
            Assert.Equal(alice, changes[0]); // who lost their way back in comes first
        }

        [Fact]
        public void AdminWhoGetsAPathBack_BecameRecoverable()
        {
            var t1 = new TenantBuilder();
            var week1 = Week(custom: name => name == "alice" ? t1.User("alice", new[] { Password() }, id: AliceId)
                : name == "bob" ? t1.User("bob", enabled: false, id: BobId) : null, start: t1);

            var changes = ReadinessComparer.Compare(Scan(week1), Scan(Week()));

            var alice = Assert.Single(changes, c => c.UserPrincipalName == "alice@contoso.com");
            Assert.Equal(ReadinessChangeKind.BecameRecoverable, alice.Change);
            Assert.False(alice.LostRecovery);
            Assert.Contains(alice.FindingsResolved, f => f.Id == "SSPR009");
        }

        [Fact]
        public void NewAndDepartedRoleHolders_AddedAndRemoved()
        {
            var week1 = Week(t => t.Assign(t.User("dave", id: DaveId), RoleIds.UserAdmin));
            var week2 = Week(t => t.Assign(t.User("erin"), RoleIds.UserAdmin));

            var changes = ReadinessComparer.Compare(Scan(week1), Scan(week2));

            var added = Assert.Single(changes, c => c.Change == ReadinessChangeKind.Added);
            Assert.Equal("erin@contoso.com", added.UserPrincipalName);
            Assert.Null(added.Before);
            Assert.True(added.After!.Recoverable);
            Assert.False(added.LostRecovery);
            var removed = Assert.Single(changes, c => c.Change == ReadinessChangeKind.Removed);
            Assert.Equal("dave@contoso.com", removed.UserPrincipalName);
            Assert.Null(removed.After);
            Assert.Empty(removed.FindingsResolved);
            Assert.Equal(2, changes.Count);
        }

        [Fact]
        public void NewAdminWhoCannotRecover_CountsAsLostRecovery()
        {
            // A disabled new admin cannot get in at all: Added, and what -Quiet fails on.
            var week2 = Week(t => t.Assign(t.User("erin", enabled: false), RoleIds.UserAdmin));

            var added = Assert.Single(ReadinessComparer.Compare(Scan(Week()), Scan(week2)));

            Assert.Equal(ReadinessChangeKind.Added, added.Change);
            Assert.True(added.LostRecovery);
            Assert.Contains(added.FindingsAdded, f => f.Id == "SSPR010");
        }

        [Fact]
        public void FixedPhoneNumber_FindingsChanged_Resolved()
        {
            var t1 = new TenantBuilder();
            var week1 = Week(custom: name => name == "carol"
                ? t1.User("carol", new[] { Password(), Phone("0412345678"), Email("carol@outlook.com"), App() }, id: CarolId) : null, start: t1);
            var t2 = new TenantBuilder();
            var week2 = Week(custom: name => name == "carol"
                ? t2.User("carol", new[] { Password(), Phone("+61 412345678"), Email("carol@outlook.com"), App() }, id: CarolId) : null, start: t2);

            var carol = Assert.Single(ReadinessComparer.Compare(Scan(week1), Scan(week2)));

            Assert.Equal(ReadinessChangeKind.FindingsChanged, carol.Change);
            Assert.Equal("SSPR004", Assert.Single(carol.FindingsResolved).Id);
            Assert.Empty(carol.FindingsAdded);
            Assert.True(carol.Before!.Recoverable && carol.After!.Recoverable);
        }

        [Fact]
        public void RenamedAccount_IsTheSameAdmin()
        {
            var t2 = new TenantBuilder();
            var week2 = Week(custom: name => name == "carol" ? t2.User("carol.jones", id: CarolId) : null, start: t2);

            Assert.Empty(ReadinessComparer.Compare(Scan(Week()), Scan(week2)));
        }

        [Fact]
        public void CheckTheReferenceCouldNotRun_IsNotComparable_NotAdded()
        {
            // The reference could not read Carol's methods (an older or partial scan): only her profile was checked. A week
            // later her methods are read and show no phone. SSPR003 is newly seen, not new.
            var t1 = new TenantBuilder();
            var week1 = Week(custom: name => name == "carol"
                ? t1.User("carol", methodsUnreadable: true, mobilePhone: "+47 91234567", otherMails: new[] { "carol@outlook.com" }, id: CarolId) : null, start: t1);
            var t2 = new TenantBuilder();
            var week2 = Week(custom: name => name == "carol"
                ? t2.User("carol", new[] { Password(), Email("carol@outlook.com"), App() }, id: CarolId) : null, start: t2);

            var reference = Scan(week1);
            Assert.Contains(reference.Results.Single(r => r.UserId == CarolId).NotEvaluated, n => n.StartsWith("SSPR002, SSPR003, SSPR009:", StringComparison.Ordinal));

            var carol = Assert.Single(ReadinessComparer.Compare(reference, Scan(week2)));

            Assert.Equal(ReadinessChangeKind.FindingsChanged, carol.Change);
            Assert.DoesNotContain(carol.FindingsAdded, f => f.Id == "SSPR003");
            Assert.Contains(carol.NotComparable, n => n.Contains("SSPR002, SSPR003, SSPR009"));
            Assert.Contains("reference", Assert.Single(carol.NotComparable));
        }

        [Fact]
        public void CheckTheDifferenceCouldNotRun_IsNotComparable_NotResolved()
        {
            var t1 = new TenantBuilder();
            var week1 = Week(custom: name => name == "carol"
                ? t1.User("carol", new[] { Password(), Email("carol@outlook.com"), App() }, id: CarolId) : null, start: t1);
            var t2 = new TenantBuilder();
            var week2 = Week(custom: name => name == "carol"
                ? t2.User("carol", methodsUnreadable: true, mobilePhone: "+47 91234567", otherMails: new[] { "carol@outlook.com" }, id: CarolId) : null, start: t2);

            var carol = Assert.Single(ReadinessComparer.Compare(Scan(week1), Scan(week2)));

            Assert.DoesNotContain(carol.FindingsResolved, f => f.Id == "SSPR003");
            Assert.Contains("difference", Assert.Single(carol.NotComparable));
        }

        [Fact]
        public void EligibleAdminWhenTheReferenceReadNoEligibilities_SaysSo()
        {
            var week1 = Week();
            week1.RoleEligibilitiesCollection = CollectionStates.NotLicensed;
            var week2 = Week(t => t.Eligible(t.User("frank"), RoleIds.UserAdmin));

            var frank = Assert.Single(ReadinessComparer.Compare(Scan(week1), Scan(week2)));

            Assert.Equal(ReadinessChangeKind.Added, frank.Change);
            Assert.StartsWith("SSPR015:", Assert.Single(frank.NotComparable));

            // With eligibilities read on both sides, a new eligible admin is simply new.
            var plain = Assert.Single(ReadinessComparer.Compare(Scan(Week()), Scan(Week(t => t.Eligible(t.User("frank"), RoleIds.UserAdmin)))));
            Assert.Empty(plain.NotComparable);
        }

        [Fact]
        public void BothSidesUseTheCallersPosture_SoPostureIsNotDrift()
        {
            // Under -ExpectedAdminSspr Disabled the self-service findings are Info on both sides: a fixed number is still a
            // change, but nothing flips severity between the two scans.
            var disabled = new ReadinessOptions { ExpectedAdminSspr = ExpectedAdminSspr.Disabled };
            Assert.Empty(ReadinessComparer.Compare(Scan(Week(), disabled), Scan(Week(), disabled)));

            var t1 = new TenantBuilder();
            var week1 = Week(custom: name => name == "carol"
                ? t1.User("carol", new[] { Password(), Phone("0412345678"), Email("carol@outlook.com"), App() }, id: CarolId) : null, start: t1);
            var carol = Assert.Single(ReadinessComparer.Compare(Scan(week1, disabled), Scan(Week(), disabled)));
            Assert.Equal(FindingSeverity.Info, Assert.Single(carol.FindingsResolved).Severity);
        }

        [Fact]
        public void OwnersNotRecordedInAVersion1Snapshot_Sspr011IsNotComparable_NotAdded()
        {
            // Carol (Helpdesk Administrator) owns a role-assignable group, so only a Privileged Authentication or Global
            // Administrator may reset her; the only Global Administrator is disabled. A version-1 file does not record owners:
            // it lists Dave (Helpdesk Administrator) as her resetter and says AssistedResetBy is uncertain. The current file
            // knows she is an owner: SSPR011. That is newly seen, not new.
            TenantBuilder Tenant(int schemaVersion)
            {
                var t = new TenantBuilder { SchemaVersion = schemaVersion };
                var alice = t.User("alice", enabled: false, id: AliceId);
                var carol = t.User("carol", id: CarolId);
                var dave = t.User("dave", id: DaveId);
                t.Assign(alice, RoleIds.GlobalAdmin).Assign(carol, RoleIds.HelpdeskAdmin).Assign(dave, RoleIds.HelpdeskAdmin);
                // A version-1 file has no owners field at all.
                t.AssignGroup(t.RoleAssignableGroup("Tier 1", new[] { dave }, schemaVersion >= 2 ? new[] { carol } : null), RoleIds.MessageCenterReader);
                return t;
            }

            var before = Scan(Tenant(1));
            var after = Scan(Tenant(2));
            Assert.Contains(before.Results.Single(r => r.UserId == CarolId).NotEvaluated, n => n.StartsWith("AssistedResetBy:", StringComparison.Ordinal));
            Assert.Contains(after.Results.Single(r => r.UserId == CarolId).Findings, f => f.Id == "SSPR011");

            var carol = Assert.Single(ReadinessComparer.Compare(before, after), c => c.UserPrincipalName == "carol@contoso.com");

            Assert.DoesNotContain(carol.FindingsAdded, f => f.Id == "SSPR011");
            Assert.Contains(carol.NotComparable, n => n.Contains("AssistedResetBy:"));
        }

        [Fact]
        public void DifferentTenants_AreRefused()
        {
            var other = Week().Build();
            var otherTenant = new TenantData
            {
                Tenant = new TenantInfo { Id = "99999999-0000-0000-0000-000000000009", DisplayName = "Fabrikam", VerifiedDomains = other.Tenant.VerifiedDomains },
                Users = other.Users, RoleAssignments = other.RoleAssignments, Collection = other.Collection,
            };

            var e = Assert.Throws<SsprException>(() => ReadinessComparer.Compare(Scan(Week()), ReadinessScan.Evaluate(otherTenant, Options)));

            Assert.Equal("CompareTenantMismatch", e.ErrorId);
            Assert.Equal(SsprErrorKind.InvalidArgument, e.Kind);
            Assert.Contains("Fabrikam", e.Message);
        }

        [Theory]
        [InlineData("SSPR002, SSPR003, SSPR009: the authentication methods could not be read", "SSPR002 SSPR003 SSPR009")]
        [InlineData("SSPR004-SSPR007, SSPR014: the mobile phone is masked (+47 ••• 67)", "SSPR004 SSPR005 SSPR006 SSPR007 SSPR014")]
        [InlineData("SelfServiceReady: the user SSPR policy scope cannot be read", "")]
        [InlineData("Registration report: SSPR003 mentioned after the colon does not count", "")]
        public void CheckIdsOf_ReadsTheLabel(string note, string expected)
        {
            Assert.Equal(expected, string.Join(" ", ReadinessComparer.CheckIdsOf(note)));
        }
    }
}
