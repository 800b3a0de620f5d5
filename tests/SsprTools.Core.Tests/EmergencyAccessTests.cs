using System;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;
using Xunit;
using static SsprTools.Core.Tests.TenantBuilder;

namespace SsprTools.Core.Tests
{
    /// <summary>
    /// SSPR019 and SSPR020, the emergency access accounts of
    /// learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access: "Create two or more emergency
    /// access accounts. These accounts should be cloud-only accounts that use the *.onmicrosoft.com domain", the Global
    /// Administrator role "active permanent rather than eligible", a passkey (FIDO2) or certificate-based authentication.
    /// </summary>
    public class EmergencyAccessTests
    {
        private static ReadinessEvaluator Evaluator(TenantBuilder t, params string[] emergency) =>
            new ReadinessEvaluator(t.Build(), new ReadinessOptions { EmergencyAccessAccounts = emergency });

        /// <summary>Two fit break-glass accounts (FIDO2, cloud-only, onmicrosoft.com, permanent GA) and one ordinary GA.</summary>
        private static TenantBuilder Tenant(out DirectoryUser bg1, out DirectoryUser bg2)
        {
            var t = new TenantBuilder();
            bg1 = t.User("bg1", new[] { Password(), Fido2() }, domain: "contoso.onmicrosoft.com");
            t.Assign(bg1, RoleIds.GlobalAdmin);
            bg2 = t.User("bg2", new[] { Password() }, domain: "contoso.onmicrosoft.com", certificateUserIds: new[] { "X509:<PN>bg2@contoso.onmicrosoft.com" });
            t.Assign(bg2, RoleIds.GlobalAdmin);
            var ga = t.User("ga");
            t.Assign(ga, RoleIds.GlobalAdmin);
            return t;
        }

        [Fact]
        public void Sspr019_QuietForFitAccounts_AndSelfServiceFindingsDoNotApply()
        {
            var t = Tenant(out _, out _);
            var e = Evaluator(t, "bg1@contoso.onmicrosoft.com", "bg2@contoso.onmicrosoft.com");
            var bg1 = e.EvaluateUser("bg1@contoso.onmicrosoft.com")!;
            var bg2 = e.EvaluateUser("bg2@contoso.onmicrosoft.com")!;
            // No email, no phone on purpose: SSPR002/SSPR003/SSPR009 would fire on an ordinary admin.
            Assert.True(bg1.IsEmergencyAccess);
            Assert.Empty(bg1.Findings);
            Assert.Empty(bg2.Findings); // certificate-based authentication through certificateUserIds
            Assert.Empty(bg1.NotEvaluated);
            Assert.False(e.EvaluateUser("ga@contoso.com")!.IsEmergencyAccess);

            // The same account undeclared is judged as an ordinary admin.
            var plain = new ReadinessEvaluator(t.Build()).EvaluateUser("bg1@contoso.onmicrosoft.com")!;
            Assert.Contains(plain.Findings, f => f.Id == "SSPR009");
            Assert.DoesNotContain(plain.Findings, f => f.Id == "SSPR019");
        }

        [Fact]
        public void Sspr019_FiresForEachCriterion_TheDetailSaysWhich()
        {
            var t = new TenantBuilder();
            var synced = t.User("synced", new[] { Fido2() }, synced: true, domain: "contoso.onmicrosoft.com");
            t.Assign(synced, RoleIds.GlobalAdmin);
            var custom = t.User("custom", new[] { Fido2() });
            t.Assign(custom, RoleIds.GlobalAdmin);
            var eligible = t.User("eligible", new[] { Fido2() }, domain: "contoso.onmicrosoft.com");
            t.Eligible(eligible, RoleIds.GlobalAdmin);
            var noGa = t.User("nora", new[] { Fido2() }, domain: "contoso.onmicrosoft.com");
            t.Assign(noGa, RoleIds.HelpdeskAdmin);
            var phoneOnly = t.User("phone", new[] { Password(), Phone("+47 91234567"), App() }, domain: "contoso.onmicrosoft.com");
            t.Assign(phoneOnly, RoleIds.GlobalAdmin);
            var disabled = t.User("off", new[] { Fido2() }, enabled: false, domain: "contoso.onmicrosoft.com");
            t.Assign(disabled, RoleIds.GlobalAdmin);
            var noRole = t.User("norole", new[] { Fido2() }, domain: "contoso.onmicrosoft.com");

            var e = Evaluator(t, synced.UserPrincipalName, custom.UserPrincipalName, eligible.UserPrincipalName, noGa.UserPrincipalName,
                phoneOnly.UserPrincipalName, disabled.UserPrincipalName, noRole.Id);

            string Detail(DirectoryUser u)
            {
                var f = Assert.Single(e.Evaluate(u).Findings, x => x.Id == "SSPR019");
                Assert.Equal(FindingSeverity.Error, f.Severity);
                return f.Detail;
            }

            Assert.Contains("onPremisesSyncEnabled", Detail(synced));
            Assert.Contains("*.onmicrosoft.com", Detail(custom));
            Assert.Contains("PIM-eligible only", Detail(eligible));
            Assert.Contains("no active tenant-wide Global Administrator", Detail(noGa));
            Assert.Contains("phishing-resistant", Detail(phoneOnly));
            Assert.Contains("disabled", Detail(disabled));
            Assert.Contains("no active tenant-wide Global Administrator", Detail(noRole));
            // An emergency account without any role is still scanned: it is declared, so its unfitness must show.
            Assert.Contains(e.EvaluateAll(), r => r.UserPrincipalName == noRole.UserPrincipalName && r.IsEmergencyAccess);
            // The self-service findings do not apply to a phone-registered emergency account either.
            Assert.DoesNotContain(e.Evaluate(phoneOnly).Findings, f => f.Id == "SSPR003" || f.Id == "SSPR002" || f.Id == "SSPR009");
        }

        [Fact]
        public void Sspr019_MethodsUnreadable_NotEvaluated_NotFailed()
        {
            var t = new TenantBuilder();
            var bg = t.User("bg", methodsUnreadable: true, domain: "contoso.onmicrosoft.com");
            t.Assign(bg, RoleIds.GlobalAdmin);
            var r = Evaluator(t, bg.UserPrincipalName).Evaluate(bg);
            Assert.DoesNotContain(r.Findings, f => f.Id == "SSPR019");
            Assert.Contains(r.NotEvaluated, n => n.StartsWith("SSPR019", StringComparison.Ordinal));
        }

        [Fact]
        public void Sspr019_OldSnapshot_CertificateBindingsUnknown_NotEvaluated()
        {
            var t = new TenantBuilder { SchemaVersion = 1 };
            var bg = t.User("bg", new[] { Password() }, domain: "contoso.onmicrosoft.com");
            t.Assign(bg, RoleIds.GlobalAdmin);
            var r = Evaluator(t, bg.UserPrincipalName).Evaluate(bg);
            Assert.DoesNotContain(r.Findings, f => f.Id == "SSPR019");
            Assert.Contains(r.NotEvaluated, n => n.StartsWith("SSPR019", StringComparison.Ordinal));
        }

        [Fact]
        public void Sspr020_QuietWithTwoDeclared()
        {
            var t = Tenant(out _, out _);
            var e = Evaluator(t, "bg1@contoso.onmicrosoft.com", "bg2@contoso.onmicrosoft.com");
            var status = e.Status();
            Assert.DoesNotContain(status.Findings, f => f.Id == "SSPR020");
            Assert.Equal(new[] { "bg1@contoso.onmicrosoft.com", "bg2@contoso.onmicrosoft.com" }, status.EmergencyAccessAccounts);
            Assert.DoesNotContain(e.EvaluateUser("ga@contoso.com")!.Findings, f => f.Id == "SSPR020");
        }

        [Fact]
        public void Sspr020_WarningWithOneDeclared_OnTenantGlobalAdminsAndTheAccount()
        {
            var t = Tenant(out _, out _);
            var helpdesk = t.User("helpdesk");
            t.Assign(helpdesk, RoleIds.HelpdeskAdmin);
            var e = Evaluator(t, "bg1@contoso.onmicrosoft.com", "gone@contoso.onmicrosoft.com");
            var f = Assert.Single(e.Status().Findings, x => x.Id == "SSPR020");
            Assert.Equal(FindingSeverity.Warning, f.Severity);
            Assert.Contains("gone@contoso.onmicrosoft.com", f.Detail);
            Assert.Contains(e.EvaluateUser("ga@contoso.com")!.Findings, x => x.Id == "SSPR020" && x.Severity == FindingSeverity.Warning);
            Assert.Contains(e.EvaluateUser("bg1@contoso.onmicrosoft.com")!.Findings, x => x.Id == "SSPR020");
            Assert.DoesNotContain(e.EvaluateUser("helpdesk@contoso.com")!.Findings, x => x.Id == "SSPR020");
            // The unknown name is never silent.
            Assert.Contains(e.Status().NotEvaluated, n => n.Contains("gone@contoso.onmicrosoft.com"));
            Assert.Equal(new[] { "gone@contoso.onmicrosoft.com" }, e.Tenant.UnknownEmergencyAccessAccounts);
        }

        [Fact]
        public void Sspr020_InfoNamingCandidates_WhenNoneDeclared()
        {
            var t = Tenant(out _, out _);
            var e = new ReadinessEvaluator(t.Build());
            var f = Assert.Single(e.Status().Findings, x => x.Id == "SSPR020");
            Assert.Equal(FindingSeverity.Info, f.Severity);
            Assert.Contains("bg1@contoso.onmicrosoft.com", f.Detail);
            Assert.Contains("bg2@contoso.onmicrosoft.com", f.Detail);
            Assert.DoesNotContain("ga@contoso.com", f.Detail); // custom domain: not a candidate
            // Tenant-level only: an undeclared posture is advice, not a fault of any one admin.
            Assert.DoesNotContain(e.EvaluateUser("ga@contoso.com")!.Findings, x => x.Id == "SSPR020");
        }
    }

    /// <summary>The authentication methods policy is shown as context: learn.microsoft.com/entra/identity/authentication/concept-sspr-policy
    /// ("The SSPR administrator policy doesn't depend upon the Authentication methods policy").</summary>
    public class MethodsPolicyTests
    {
        [Fact]
        public void PolicyShown_AndSmsDisabledThereChangesNoFinding()
        {
            var t = new TenantBuilder
            {
                MethodsPolicy = new AuthenticationMethodsPolicyInfo
                {
                    PolicyMigrationState = "migrationComplete",
                    AuthenticationMethodConfigurations = new[]
                    {
                        new AuthenticationMethodConfigurationInfo { Id = "Sms", State = "disabled" },
                        new AuthenticationMethodConfigurationInfo { Id = "Fido2", State = "enabled" },
                    },
                },
            };
            var a = t.User("a");
            t.Assign(a, RoleIds.GlobalAdmin);
            var b = t.User("b");
            t.Assign(b, RoleIds.GlobalAdmin);
            var withPolicy = new ReadinessEvaluator(t.Build());
            var status = withPolicy.Status();
            Assert.Equal("migrationComplete", status.AuthenticationMethodsPolicy!.MigrationState);
            Assert.Equal("disabled", status.AuthenticationMethodsPolicy.Sms);
            Assert.Equal("enabled", status.AuthenticationMethodsPolicy.Fido2);
            Assert.Null(status.AuthenticationMethodsPolicy.Voice);
            Assert.DoesNotContain(status.NotEvaluated, n => n.StartsWith("Authentication methods policy", StringComparison.Ordinal));

            t.MethodsPolicy = null;
            var without = new ReadinessEvaluator(t.Build());
            Assert.Equal(withPolicy.Evaluate(a).Findings.Select(f => f.Id), without.Evaluate(a).Findings.Select(f => f.Id));
            Assert.True(withPolicy.Evaluate(a).SelfServiceReady);
        }

        [Fact]
        public void PolicyForbidden_NotEvaluated_NamingPolicyReadAll()
        {
            var data = new TenantBuilder().Build();
            var forbidden = new TenantData
            {
                Tenant = data.Tenant,
                Collection = new CollectionInfo { AuthenticationMethodsPolicy = CollectionStates.Forbidden },
            };
            var status = new ReadinessEvaluator(forbidden).Status();
            Assert.Null(status.AuthenticationMethodsPolicy);
            Assert.Contains(status.NotEvaluated, n => n.Contains("Policy.Read.All"));
        }
    }
}
