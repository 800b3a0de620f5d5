using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;
using Xunit;
using static SsprTools.Core.Tests.TenantBuilder;

namespace SsprTools.Core.Tests
{
    /// <summary>Every rule, once where it fires and once where it must not.</summary>
    public class RuleTests
    {
        private static AdminReadiness Scan(TenantBuilder t, DirectoryUser user, ExpectedAdminSspr posture = ExpectedAdminSspr.Any) =>
            new ReadinessEvaluator(t.Build(), new ReadinessOptions { ExpectedAdminSspr = posture }).Evaluate(user);

        private static string[] Ids(AdminReadiness r) => r.Findings.Select(f => f.Id).ToArray();

        /// <summary>A tenant with two Global Admins, so assisted-reset findings stay quiet unless a test wants them.</summary>
        private static (TenantBuilder Tenant, DirectoryUser Backup) WithBackupAdmin()
        {
            var t = new TenantBuilder();
            var backup = t.User("backup");
            t.Assign(backup, RoleIds.GlobalAdmin);
            var other = t.User("other");
            t.Assign(other, RoleIds.GlobalAdmin);
            return (t, backup);
        }

        [Fact]
        public void ReadyAdminHasNoFindings()
        {
            var (t, _) = WithBackupAdmin();
            var ok = t.User("ok", new[] { Phone(DefaultMobile), Email("ok@outlook.com"), App() });
            t.Assign(ok, RoleIds.ExchangeAdmin);
            var r = Scan(t, ok);
            Assert.Empty(r.Findings);
            Assert.True(r.SelfServiceReady);
            Assert.True(r.Recoverable);
            Assert.Equal(new[] { "Email", "MobilePhone", "AuthenticatorApp" }, r.UsableMethods);
            Assert.Empty(r.NotEvaluated);
        }

        [Fact]
        public void Sspr001_FiresWhenAdminSsprDisabled_InfoUnderDisabledPosture()
        {
            var (t, _) = WithBackupAdmin();
            t.AllowedToUseSspr = false;
            var a = t.User("a");
            t.Assign(a, RoleIds.HelpdeskAdmin);
            var r = Scan(t, a);
            var f = Assert.Single(r.Findings, x => x.Id == "SSPR001");
            Assert.Equal(FindingSeverity.Error, f.Severity);
            Assert.False(r.SelfServiceReady);
            Assert.True(r.Recoverable); // the GAs can reset a helpdesk admin

            var expected = Scan(t, a, ExpectedAdminSspr.Disabled);
            Assert.Equal(FindingSeverity.Info, Assert.Single(expected.Findings, x => x.Id == "SSPR001").Severity);
        }

        [Fact]
        public void Sspr001_QuietWhenEnabled() 
        {
            var (t, backup) = WithBackupAdmin();
            Assert.DoesNotContain("SSPR001", Ids(Scan(t, backup)));
        }

        [Fact]
        public void Sspr002_NoAlternateEmail()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Phone("+47 91234567"), App() });
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            Assert.Contains("SSPR002", Ids(r));
            Assert.True(r.SelfServiceReady); // mobile + app still make two gates
        }

        [Fact]
        public void Sspr002_QuietWithOtherMailsOnly()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Phone("+47 91234567") }, otherMails: new[] { "a.private@gmail.com" });
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            Assert.DoesNotContain("SSPR002", Ids(r));
            Assert.Contains("Email", r.UsableMethods);
        }

        [Fact]
        public void Sspr002_NotClaimedWhenMethodsUnreadable()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", methodsUnreadable: true, mobilePhone: "+47 91234567");
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            Assert.DoesNotContain("SSPR002", Ids(r));
            Assert.DoesNotContain("SSPR009", Ids(r));
            Assert.False(r.SelfServiceReady); // not evaluated is not passed
            Assert.Contains(r.NotEvaluated, n => n.Contains("403 Forbidden"));
        }

        [Fact]
        public void Sspr003_NoMobilePhone_AndQuietWithProfileMobile()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Email("a@outlook.com"), App() });
            t.Assign(a, RoleIds.BillingAdmin);
            Assert.Contains("SSPR003", Ids(Scan(t, a)));

            var b = t.User("b", new[] { Email("b@outlook.com") }, mobilePhone: "+31 612345678");
            t.Assign(b, RoleIds.BillingAdmin);
            var rb = Scan(t, b);
            Assert.DoesNotContain("SSPR003", Ids(rb));
            Assert.True(rb.SelfServiceReady);
        }

        [Fact]
        public void Sspr004_NoCountryCode()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Email("a@outlook.com") }, mobilePhone: "4255550123");
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            Assert.Contains("SSPR004", Ids(r));
            Assert.DoesNotContain("MobilePhone", r.UsableMethods);
            Assert.DoesNotContain("4255550123", string.Join(" ", r.Findings.Select(f => f.Detail))); // masked

            var b = t.User("b", new[] { Email("b@outlook.com") }, mobilePhone: "+1 4255550123");
            t.Assign(b, RoleIds.BillingAdmin);
            Assert.DoesNotContain("SSPR004", Ids(Scan(t, b)));
        }

        [Fact]
        public void Sspr005_JapaneseTrunkZero()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Email("a@outlook.com"), Phone("+81 09012345678") });
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            Assert.Contains("SSPR005", Ids(r));
            Assert.Contains("SSPR009", Ids(r));

            var b = t.User("b", new[] { Email("b@outlook.com"), Phone("+81 9012345678") });
            t.Assign(b, RoleIds.BillingAdmin);
            var rb = Scan(t, b);
            Assert.DoesNotContain("SSPR005", Ids(rb));
            Assert.True(rb.SelfServiceReady);
        }

        [Fact]
        public void Sspr006_LandlineInMobileSlot_ButNotInOfficeSlot()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Email("a@outlook.com"), Phone("+44 20 7946 0958") });
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            var f = Assert.Single(r.Findings, x => x.Id == "SSPR006");
            Assert.Equal(FindingSeverity.Warning, f.Severity);

            var b = t.User("b", new[] { Email("b@outlook.com"), Phone("+47 91234567"), Phone("+44 20 7946 0958", "office") });
            t.Assign(b, RoleIds.BillingAdmin);
            Assert.DoesNotContain("SSPR006", Ids(Scan(t, b)));
        }

        [Fact]
        public void Sspr007_Garbage()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Email("a@outlook.com") }, mobilePhone: "n/a");
            t.Assign(a, RoleIds.BillingAdmin);
            Assert.Contains("SSPR007", Ids(Scan(t, a)));

            var b = t.User("b", new[] { Email("b@outlook.com") }, mobilePhone: "+47 91234567");
            t.Assign(b, RoleIds.BillingAdmin);
            Assert.DoesNotContain("SSPR007", Ids(Scan(t, b)));
        }

        [Fact]
        public void Sspr008_OwnMailboxDoesNotCount_TenantDomainCountsWithWarning()
        {
            var (t, _) = WithBackupAdmin();
            var own = t.User("own", new[] { Phone("+47 91234567"), Email("own@contoso.com") });
            t.Assign(own, RoleIds.BillingAdmin);
            var r = Scan(t, own);
            Assert.Contains("SSPR008", Ids(r));
            Assert.DoesNotContain("Email", r.UsableMethods);
            Assert.Contains("SSPR009", Ids(r));

            var shared = t.User("shared", new[] { Phone("+47 91234567"), Email("it-recovery@contoso.com") });
            t.Assign(shared, RoleIds.BillingAdmin);
            var rs = Scan(t, shared);
            Assert.Contains("SSPR008", Ids(rs));
            Assert.Contains("Email", rs.UsableMethods);

            var outside = t.User("outside", new[] { Phone("+47 91234567"), Email("outside@gmail.com") });
            t.Assign(outside, RoleIds.BillingAdmin);
            Assert.DoesNotContain("SSPR008", Ids(Scan(t, outside)));
        }

        [Fact]
        public void Sspr009_OneMethodUnderTwoGate_ButFineUnderOneGate()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Phone("+47 91234567") });
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            Assert.Contains("SSPR009", Ids(r));
            Assert.Equal(2, r.RequiredMethods);
            Assert.False(r.SelfServiceReady);

            var oneGate = new TenantBuilder { CustomDomain = false };
            var b = oneGate.User("b", new[] { Phone("+47 91234567") });
            oneGate.Assign(b, RoleIds.BillingAdmin);
            var rb = Scan(oneGate, b);
            Assert.DoesNotContain("SSPR009", Ids(rb));
            Assert.Equal(1, rb.RequiredMethods);
            Assert.True(rb.SelfServiceReady);
        }

        [Fact]
        public void Sspr009_SecurityQuestionsAndAlternateMobileNeverCount()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Phone("+47 91234567"), Phone("+47 41234567", "alternateMobile") });
            t.Assign(a, RoleIds.BillingAdmin);
            Assert.Contains("SSPR009", Ids(Scan(t, a)));
        }

        [Fact]
        public void Sspr010_Disabled()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", enabled: false);
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            Assert.Contains("SSPR010", Ids(r));
            Assert.False(r.Recoverable);
            Assert.DoesNotContain("SSPR010", Ids(Scan(t, t.User("b").Also(u => t.Assign(u, RoleIds.BillingAdmin)))));
        }

        [Fact]
        public void Sspr011_HelpdeskCannotResetGlobalAdmin()
        {
            var t = new TenantBuilder();
            var ga = t.User("ga");
            t.Assign(ga, RoleIds.GlobalAdmin);
            var helpdesk = t.User("helpdesk");
            t.Assign(helpdesk, RoleIds.HelpdeskAdmin);
            var r = Scan(t, ga);
            Assert.Contains("SSPR011", Ids(r));
            Assert.Empty(r.AssistedResetBy);

            var rh = Scan(t, helpdesk);
            Assert.DoesNotContain("SSPR011", Ids(rh));
            Assert.Equal(new[] { "ga@contoso.com" }, rh.AssistedResetBy);
        }

        [Fact]
        public void Sspr011_PrivilegedAuthAdminCanResetGlobalAdmin()
        {
            var t = new TenantBuilder();
            var ga = t.User("ga");
            t.Assign(ga, RoleIds.GlobalAdmin);
            var paa = t.User("paa");
            t.Assign(paa, RoleIds.PrivAuthAdmin);
            var r = Scan(t, ga);
            Assert.DoesNotContain("SSPR011", Ids(r));
            Assert.Equal(new[] { "paa@contoso.com" }, r.AssistedResetBy);
        }

        [Fact]
        public void Sspr012_SingleGlobalAdmin_TenantAndAdmin()
        {
            var t = new TenantBuilder();
            var ga = t.User("ga");
            t.Assign(ga, RoleIds.GlobalAdmin);
            var disabledGa = t.User("old", enabled: false);
            t.Assign(disabledGa, RoleIds.GlobalAdmin);
            var ev = new ReadinessEvaluator(t.Build());
            Assert.Contains(ev.Status().Findings, f => f.Id == "SSPR012");
            Assert.Contains("SSPR012", Ids(ev.Evaluate(ga)));
            Assert.DoesNotContain("SSPR012", Ids(ev.Evaluate(disabledGa)));
            Assert.Equal(1, ev.Status().GlobalAdminCount);

            var (two, backup) = WithBackupAdmin();
            var ev2 = new ReadinessEvaluator(two.Build());
            Assert.DoesNotContain(ev2.Status().Findings, f => f.Id == "SSPR012");
            Assert.DoesNotContain("SSPR012", Ids(ev2.Evaluate(backup)));
        }

        [Fact]
        public void Sspr013_Synced()
        {
            var (t, backup) = WithBackupAdmin();
            var a = t.User("a", synced: true);
            t.Assign(a, RoleIds.BillingAdmin);
            Assert.Contains("SSPR013", Ids(Scan(t, a)));
            Assert.DoesNotContain("SSPR013", Ids(Scan(t, backup)));
        }

        [Fact]
        public void Sspr014_OptInCountry()
        {
            var (t, backup) = WithBackupAdmin();
            var a = t.User("a", new[] { Email("a@outlook.com"), Phone("+81 9012345678") });
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            Assert.Equal(FindingSeverity.Info, Assert.Single(r.Findings, f => f.Id == "SSPR014").Severity);
            Assert.True(r.SelfServiceReady);
            Assert.DoesNotContain("SSPR014", Ids(Scan(t, backup))); // +47
        }

        [Fact]
        public void Sspr015_EligibleOnly()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a");
            t.Eligible(a, RoleIds.SecurityAdmin);
            var r = Scan(t, a);
            Assert.Contains("SSPR015", Ids(r));
            Assert.True(r.IsAdmin);
            Assert.Contains("Security Administrator (eligible)", r.Roles);

            var b = t.User("b");
            t.Eligible(b, RoleIds.SecurityAdmin).Assign(b, RoleIds.BillingAdmin);
            Assert.DoesNotContain("SSPR015", Ids(Scan(t, b)));
        }

        [Fact]
        public void Sspr016_NotAnAdmin()
        {
            var (t, backup) = WithBackupAdmin();
            var reader = t.User("reader");
            t.Assign(reader, RoleIds.MessageCenterReader);
            var plain = t.User("plain");
            var ev = new ReadinessEvaluator(t.Build());
            Assert.Contains("SSPR016", Ids(ev.Evaluate(reader)));
            var rp = ev.EvaluateUser("plain@contoso.com")!;
            Assert.Contains("SSPR016", Ids(rp));
            Assert.False(rp.IsAdmin);
            Assert.True(rp.Recoverable); // any helpdesk-level admin can reset a non-admin
            Assert.DoesNotContain("SSPR016", Ids(ev.Evaluate(backup)));
        }

        [Fact]
        public void Sspr017_EnabledAgainstDisabledPosture()
        {
            var (t, backup) = WithBackupAdmin();
            var r = Scan(t, backup, ExpectedAdminSspr.Disabled);
            Assert.Equal(FindingSeverity.Warning, Assert.Single(r.Findings, f => f.Id == "SSPR017").Severity);
            Assert.DoesNotContain("SSPR017", Ids(Scan(t, backup, ExpectedAdminSspr.Any)));
            Assert.DoesNotContain("SSPR017", Ids(Scan(t, backup, ExpectedAdminSspr.Enabled)));
        }

        [Fact]
        public void DisabledPosture_ReportsSelfServiceFindingsAsInfo()
        {
            var (t, _) = WithBackupAdmin();
            var a = t.User("a", new[] { Phone("4255550123") });
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a, ExpectedAdminSspr.Disabled);
            foreach (var id in new[] { "SSPR002", "SSPR004", "SSPR009" })
            {
                Assert.Equal(FindingSeverity.Info, Assert.Single(r.Findings, f => f.Id == id).Severity);
            }
        }

        [Fact]
        public void MaskedNumber_IsNotEvaluated_NeverReady()
        {
            var (t, _) = WithBackupAdmin();
            t.AuthenticationMethodsCollection = CollectionStates.Masked;
            var a = t.User("a", new[] { Phone("+1 XXXXXXXX23") });
            t.Assign(a, RoleIds.BillingAdmin);
            var r = Scan(t, a);
            Assert.False(r.SelfServiceReady);
            Assert.NotEmpty(r.NotEvaluated);
            Assert.DoesNotContain("SSPR003", Ids(r));
            Assert.DoesNotContain("SSPR007", Ids(r));
        }
    }

    internal static class TestExtensions
    {
        public static T Also<T>(this T value, System.Action<T> action)
        {
            action(value);
            return value;
        }
    }
}
