using System;
using System.Linq;
using SsprTools.Core.Model;
using SsprTools.Core.Phones;
using SsprTools.Core.Readiness;
using SsprTools.Core.Roles;
using Xunit;
using static SsprTools.Core.Tests.TenantBuilder;

namespace SsprTools.Core.Tests
{
    /// <summary>
    /// The recovery rules as Entra stands on 2027-02-01 (branch i12a): the -Telephony/-AsOf postures, SSPR018, SSPR003's
    /// severity, the full SMS/voice opt-in table, Free/trial voice, hardware OATH, SSPR021 and SSPR012's wording. Each rule
    /// has a case where it fires and one where it does not, with the Microsoft Learn page it comes from.
    /// </summary>
    public class RecoveryRules2027Tests
    {
        private static readonly DateTime Before = new DateTime(2027, 1, 31);
        private static readonly DateTime On = new DateTime(2027, 2, 1);

        private static AdminReadiness Scan(TenantBuilder t, DirectoryUser user, Telephony telephony = Telephony.Microsoft, DateTime? asOf = null,
            ExpectedAdminSspr posture = ExpectedAdminSspr.Any) =>
            new ReadinessEvaluator(t.Build(), new ReadinessOptions { Telephony = telephony, AsOf = asOf ?? Before, ExpectedAdminSspr = posture }).Evaluate(user);

        private static Finding? Find(AdminReadiness r, string id) => r.Findings.FirstOrDefault(f => f.Id == id);

        /// <summary>A tenant with two tenant-wide Global Administrators, so the assisted-reset findings stay quiet.</summary>
        private static TenantBuilder Tenant()
        {
            var t = new TenantBuilder();
            var a = t.User("backup-a");
            var b = t.User("backup-b");
            t.Assign(a, RoleIds.GlobalAdmin).Assign(b, RoleIds.GlobalAdmin);
            return t;
        }

        private static DirectoryUser EmailAndMobileAdmin(TenantBuilder t, string name = "sms")
        {
            var u = t.User(name, new[] { Password(), Phone(DefaultMobile), Email(name + "@outlook.com") });
            t.Assign(u, RoleIds.ExchangeAdmin);
            return u;
        }

        // ---- -Telephony / -AsOf: phone gates count only while SMS/voice is delivered ----------------------------------
        // learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement: "From February 1, 2027,
        // Microsoft-provided telecom delivery for SMS and voice will be retired"; "The retirement of native SMS and voice
        // applies across Entra, including SSPR. However, users can still use SMS and voice telecommunications provider
        // through the Security Store."

        [Fact]
        public void Microsoft_BeforeTheDate_PhonesCount_Sspr018IsAWarning()
        {
            var t = Tenant();
            var u = EmailAndMobileAdmin(t);
            var r = Scan(t, u, Telephony.Microsoft, Before);
            Assert.True(r.SelfServiceReady);
            Assert.True(r.DependsOnSmsVoice);
            Assert.Equal(new[] { "Email", "MobilePhone" }, r.UsableMethods);
            Assert.Equal(FindingSeverity.Warning, Find(r, "SSPR018")!.Severity);
            Assert.Null(Find(r, "SSPR009"));
        }

        [Fact]
        public void Microsoft_OnTheDate_PhonesNoLongerCount_Sspr018IsAnError_AndSspr009SaysWhy()
        {
            var t = Tenant();
            var u = EmailAndMobileAdmin(t);
            var r = Scan(t, u, Telephony.Microsoft, On);
            Assert.False(r.SelfServiceReady);
            Assert.True(r.Recoverable); // the Global Administrators can still reset them
            Assert.Equal(new[] { "Email" }, r.UsableMethods);
            Assert.Equal(FindingSeverity.Error, Find(r, "SSPR018")!.Severity);
            Assert.Contains("2027-02-01", Find(r, "SSPR018")!.Detail);
            Assert.Contains("2027-02-01", Find(r, "SSPR009")!.Detail);
        }

        [Fact]
        public void AsOf_UsesTheCalendarDateAsGiven_NotAnOffsetShift()
        {
            var t = Tenant();
            var u = EmailAndMobileAdmin(t);
            Assert.Equal(FindingSeverity.Warning, Find(Scan(t, u, Telephony.Microsoft, new DateTime(2027, 1, 31, 23, 59, 0, DateTimeKind.Local)), "SSPR018")!.Severity);
            Assert.Equal(FindingSeverity.Error, Find(Scan(t, u, Telephony.Microsoft, new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Unspecified)), "SSPR018")!.Severity);
        }

        [Fact]
        public void CustomerManaged_PhonesAlwaysCount_NoSspr018()
        {
            var t = Tenant();
            var u = EmailAndMobileAdmin(t);
            foreach (var date in new[] { Before, On, new DateTime(2030, 1, 1) })
            {
                var r = Scan(t, u, Telephony.CustomerManaged, date);
                Assert.True(r.SelfServiceReady);
                Assert.Null(Find(r, "SSPR018"));
                Assert.Null(Find(r, "SSPR009"));
                Assert.True(r.DependsOnSmsVoice); // the methods alone still lean on SMS/voice
            }
        }

        [Fact]
        public void None_PhonesNeverCount_NoSspr018_Sspr009SaysNoTelephony()
        {
            var t = Tenant();
            var u = EmailAndMobileAdmin(t);
            var r = Scan(t, u, Telephony.None, Before);
            Assert.False(r.SelfServiceReady);
            Assert.Null(Find(r, "SSPR018"));
            Assert.Contains("-Telephony None", Find(r, "SSPR009")!.Detail);
        }

        [Fact]
        public void Sspr018_DoesNotFire_WithoutPhoneDependence_OrWhenShortEvenWithPhones()
        {
            var t = Tenant();
            var appAndEmail = t.User("app", new[] { Email("app@outlook.com"), App(), Phone(DefaultMobile) });
            t.Assign(appAndEmail, RoleIds.ExchangeAdmin);
            var mobileOnly = t.User("mobile-only", new[] { Phone(DefaultMobile) });
            t.Assign(mobileOnly, RoleIds.ExchangeAdmin);
            foreach (var date in new[] { Before, On })
            {
                var ready = Scan(t, appAndEmail, Telephony.Microsoft, date);
                Assert.Null(Find(ready, "SSPR018"));
                Assert.True(ready.SelfServiceReady);
                Assert.False(ready.DependsOnSmsVoice);

                // One gate even with the phone: short of gates anyway, which SSPR009 says; no SSPR018.
                var short1 = Scan(t, mobileOnly, Telephony.Microsoft, date);
                Assert.Null(Find(short1, "SSPR018"));
                Assert.NotNull(Find(short1, "SSPR009"));
            }
        }

        [Fact]
        public void Sspr018_CountsMethodsAlone_DisabledAccountOrAdminSsprOff_StillGetIt()
        {
            var t = Tenant();
            t.AllowedToUseSspr = false;
            var u = t.User("disabled", new[] { Phone(DefaultMobile), Email("d@outlook.com") }, enabled: false);
            t.Assign(u, RoleIds.ExchangeAdmin);
            Assert.Equal(FindingSeverity.Warning, Find(Scan(t, u), "SSPR018")!.Severity);
        }

        [Fact]
        public void Sspr018_IsInfo_WhenAdminSsprIsExpectedDisabled()
        {
            var t = Tenant();
            var u = EmailAndMobileAdmin(t);
            Assert.Equal(FindingSeverity.Info, Find(Scan(t, u, Telephony.Microsoft, On, ExpectedAdminSspr.Disabled), "SSPR018")!.Severity);
        }

        [Fact]
        public void Status_CountsSmsVoiceDependentAdmins_AndWhoLosesSelfServiceOnTheDate()
        {
            var t = Tenant();
            var sms = EmailAndMobileAdmin(t);
            var app = t.User("app", new[] { Email("app@outlook.com"), App() });
            t.Assign(app, RoleIds.ExchangeAdmin);
            var ev = new ReadinessEvaluator(t.Build(), new ReadinessOptions { Telephony = Telephony.Microsoft, AsOf = Before });
            var status = ev.Status();
            Assert.Equal(Telephony.Microsoft, status.Telephony);
            Assert.Equal(Before, status.AsOf);
            Assert.Equal(On, status.SmsVoiceRetirementDate);
            Assert.Equal(new[] { "sms@contoso.com" }, status.SmsVoiceDependentAdmins);
            Assert.Equal(1, status.SmsVoiceDependentAdminCount);
            Assert.Equal(new[] { "sms@contoso.com" }, status.AdminsLosingSelfService);
            Assert.Equal(status.SelfServiceReadyAdminCount - 1, status.SelfServiceReadyAdminCountAfterRetirement);
            Assert.Equal(status.RecoverableAdminCount, status.RecoverableAdminCountAfterRetirement);

            // With a customer-managed provider the date takes nothing away.
            var managed = new ReadinessEvaluator(t.Build(), new ReadinessOptions { Telephony = Telephony.CustomerManaged, AsOf = Before }).Status();
            Assert.Empty(managed.AdminsLosingSelfService);
            Assert.Equal(managed.SelfServiceReadyAdminCount, managed.SelfServiceReadyAdminCountAfterRetirement);
            Assert.Equal(1, managed.SmsVoiceDependentAdminCount);
        }

        [Fact]
        public void RetirementDate_IsData()
        {
            Assert.Equal(On, RoleCatalog.Default.MicrosoftSmsVoiceDeliveryEnds);
        }

        // ---- SSPR003: Info where no phone is needed ---------------------------------------------------------------------
        // learn.microsoft.com/entra/identity/authentication/concept-sspr-policy (two pieces of authentication data, "such as an
        // email address, authenticator app, or a phone number") and concept-sms-voice-retirement (SMS/voice ends 2027-02-01).

        [Fact]
        public void Sspr003_IsInfo_WhenEmailAndAppMeetTheGates()
        {
            var t = Tenant();
            var u = t.User("nophone", new[] { Email("n@outlook.com"), App() });
            t.Assign(u, RoleIds.ExchangeAdmin);
            var f = Find(Scan(t, u), "SSPR003")!;
            Assert.Equal(FindingSeverity.Info, f.Severity);
            Assert.True(f.Remediation.IndexOf("Microsoft Authenticator", StringComparison.Ordinal) < f.Remediation.IndexOf("mobile phone", StringComparison.Ordinal));
        }

        [Fact]
        public void Sspr003_IsAnError_WhenTheAdminIsShortOfGates()
        {
            var t = Tenant();
            var u = t.User("emailonly", new[] { Email("e@outlook.com") });
            t.Assign(u, RoleIds.ExchangeAdmin);
            var r = Scan(t, u);
            Assert.Equal(FindingSeverity.Error, Find(r, "SSPR003")!.Severity);
            var sspr009 = Find(r, "SSPR009")!;
            Assert.True(sspr009.Remediation.IndexOf("Microsoft Authenticator", StringComparison.Ordinal) < sspr009.Remediation.IndexOf("Phone numbers", StringComparison.Ordinal));
            Assert.Null(Find(Scan(t, t.User("phone-admin")), "SSPR003"));
        }

        // ---- SSPR014: the whole opt-in table ------------------------------------------------------------------------------
        // learn.microsoft.com/entra/identity/authentication/concept-mfa-regional-opt-in, "SMS and Voice verification": "the
        // following region codes require an opt-in". NANP areas are listed by four-digit prefix (1787 Puerto Rico …).

        [Theory]
        [InlineData("+31 612345678", "31")]
        [InlineData("+47 41234567", "47")]
        [InlineData("+44 7400123456", "44")]
        [InlineData("+49 15123456789", "49")]
        [InlineData("+1 787 234 5678", "1787")]
        [InlineData("+1 939 234 5678", "1939")]
        [InlineData("+1 876 234 5678", "1876")]
        public void Sspr014_Fires_ForOptInRegions(string number, string code)
        {
            var t = Tenant();
            var u = t.User("optin", new[] { Phone(number), Email("o@outlook.com"), App() });
            t.Assign(u, RoleIds.ExchangeAdmin);
            var f = Find(Scan(t, u), "SSPR014");
            Assert.NotNull(f);
            Assert.Equal(FindingSeverity.Info, f!.Severity);
            Assert.Contains("+" + code + " ", f.Detail);
        }

        [Theory]
        [InlineData("+1 425 555 0123")]
        [InlineData("+33 612345678")]
        [InlineData("+34 612345678")]
        [InlineData("+61 412345678")]
        public void Sspr014_DoesNotFire_OutsideTheTable(string number)
        {
            var t = Tenant();
            var u = t.User("home", new[] { Phone(number), Email("h@outlook.com"), App() });
            t.Assign(u, RoleIds.ExchangeAdmin);
            var r = Scan(t, u);
            Assert.Equal(PhoneNumberStatus.Valid, PhoneAnalyzer.Analyze(number).Status);
            Assert.Null(Find(r, "SSPR014"));
        }

        [Fact]
        public void OptInTable_IsTheWholePage()
        {
            var regions = RoleCatalog.Default.SmsOptInRegions;
            Assert.True(regions.Count >= 200, "the page lists about 200 region codes, " + regions.Count + " loaded");
            foreach (var code in new[] { "1787", "1939", "1340", "1671", "1876", "31", "47", "44", "49", "81", "91", "46", "45", "358", "353", "39", "41", "43", "32", "48", "7", "86", "52", "55" })
            {
                Assert.Contains(regions, r => r.Code == code);
            }

            foreach (var code in new[] { "1", "33", "34", "61" })
            {
                Assert.DoesNotContain(regions, r => r.Code == code);
            }

            Assert.Equal("Netherlands", RoleCatalog.Default.SmsOptInRegionFor(31, "612345678")!.Name);
            Assert.Null(RoleCatalog.Default.SmsOptInRegionFor(1, "4255550123"));
            Assert.Equal("United States Virgin Islands", RoleCatalog.Default.SmsOptInRegionFor(1, "3402345678")!.Name);
        }

        // ---- Free/trial: no voice calls ------------------------------------------------------------------------------------
        // learn.microsoft.com/entra/identity/authentication/concept-sspr-policy: "Office and mobile voice calls are also
        // prohibited for trial or free versions of Microsoft Entra ID." SMS to a mobile still counts.

        [Theory]
        [InlineData(EntraIdEditions.Free)]
        [InlineData(EntraIdEditions.Trial)]
        public void FreeOrTrial_OfficePhoneAndLandlineInMobileSlot_DoNotCount_SmsStillDoes(string edition)
        {
            var t = Tenant();
            t.EntraIdEdition = edition;
            var office = t.User("office", new[] { Email("o@outlook.com") }, businessPhones: new[] { "+1 425 555 0100" });
            var landline = t.User("landline", new[] { Email("l@outlook.com") }, mobilePhone: "+44 20 7946 0321");
            var sms = t.User("sms", new[] { Email("s@outlook.com"), Phone(DefaultMobile) });
            t.Assign(office, RoleIds.ExchangeAdmin).Assign(landline, RoleIds.ExchangeAdmin).Assign(sms, RoleIds.ExchangeAdmin);

            var o = Scan(t, office, Telephony.CustomerManaged);
            Assert.False(o.SelfServiceReady);
            Assert.Contains("Free", Find(o, "SSPR009")!.Detail);
            Assert.False(Scan(t, landline, Telephony.CustomerManaged).SelfServiceReady);
            Assert.True(Scan(t, sms, Telephony.CustomerManaged).SelfServiceReady);
        }

        [Fact]
        public void PaidTenant_VoiceCounts()
        {
            var t = Tenant();
            t.EntraIdEdition = EntraIdEditions.Premium;
            var office = t.User("office", new[] { Email("o@outlook.com") }, businessPhones: new[] { "+1 425 555 0100" });
            t.Assign(office, RoleIds.ExchangeAdmin);
            var r = Scan(t, office, Telephony.CustomerManaged);
            Assert.True(r.SelfServiceReady);
            Assert.Empty(r.NotEvaluated);
        }

        [Fact]
        public void UnknownEdition_VoiceCounts_ButTheResultSaysTheRuleWasNotEvaluated()
        {
            var t = Tenant();
            t.EntraIdEdition = null;
            var office = t.User("office", new[] { Email("o@outlook.com") }, businessPhones: new[] { "+1 425 555 0100" });
            var app = t.User("app", new[] { Email("a@outlook.com"), App() }, businessPhones: new[] { "+1 425 555 0101" });
            t.Assign(office, RoleIds.ExchangeAdmin).Assign(app, RoleIds.ExchangeAdmin);
            var ev = new ReadinessEvaluator(t.Build(), new ReadinessOptions { Telephony = Telephony.CustomerManaged, AsOf = Before });
            var r = ev.Evaluate(office);
            Assert.True(r.SelfServiceReady);
            Assert.Contains(r.NotEvaluated, n => n.Contains("Free"));
            Assert.Empty(ev.Evaluate(app).NotEvaluated); // its gates do not rest on voice
            Assert.Contains(ev.Status().NotEvaluated, n => n.Contains("Free/trial"));
        }

        // ---- Hardware OATH --------------------------------------------------------------------------------------------------
        // learn.microsoft.com/entra/identity/authentication/concept-authentication-methods: "Hardware OATH tokens (preview) |
        // No | MFA and SSPR"; concept-sspr-howitworks: the Authenticator app and one more method do not make two.

        [Fact]
        public void HardwareOath_CountsAsTheAppGate()
        {
            var t = Tenant();
            var u = t.User("token", new[] { Email("t@outlook.com"), HardwareOath() });
            t.Assign(u, RoleIds.ExchangeAdmin);
            var r = Scan(t, u, Telephony.None);
            Assert.True(r.SelfServiceReady);
            Assert.Equal(new[] { "Email", "AuthenticatorApp" }, r.UsableMethods);
        }

        [Fact]
        public void HardwareOath_AndAuthenticator_AreOneGate_NotTwo()
        {
            var t = Tenant();
            var u = t.User("two-apps", new[] { HardwareOath(), App(), SoftwareOath() });
            t.Assign(u, RoleIds.ExchangeAdmin);
            var r = Scan(t, u, Telephony.None);
            Assert.False(r.SelfServiceReady);
            Assert.Equal(new[] { "AuthenticatorApp" }, r.UsableMethods);
        }

        // ---- SSPR021: no space after the country code ---------------------------------------------------------------------
        // learn.microsoft.com/entra/identity/authentication/howto-sspr-authenticationdata: "Phone numbers must be in the format
        // +CountryCode PhoneNumber, such as +1 4251234567. There must be a space between the country code and the phone number."

        [Theory]
        [InlineData("+14255550123")]
        [InlineData("+4741234567")]
        [InlineData("+1-425-555-0123")]
        public void Sspr021_Fires_WithoutTheSpace(string number)
        {
            var t = Tenant();
            var u = t.User("nospace", new[] { Email("n@outlook.com"), App() }, mobilePhone: number);
            t.Assign(u, RoleIds.ExchangeAdmin);
            var f = Find(Scan(t, u), "SSPR021");
            Assert.NotNull(f);
            Assert.Equal(FindingSeverity.Warning, f!.Severity);
            Assert.DoesNotContain(number, f.Detail); // masked
        }

        [Theory]
        [InlineData("+1 4255550123")]
        [InlineData("+1 425 555 0123")]
        [InlineData("+47 41234567")]
        [InlineData("4255550199")] // no country code at all: SSPR004, not SSPR021
        public void Sspr021_DoesNotFire_WithTheSpace(string number)
        {
            var t = Tenant();
            var u = t.User("space", new[] { Email("s@outlook.com"), App() }, mobilePhone: number);
            t.Assign(u, RoleIds.ExchangeAdmin);
            Assert.Null(Find(Scan(t, u), "SSPR021"));
        }

        // ---- SSPR012: a Privileged Authentication Administrator can reset the only Global Administrator ---------------------
        // learn.microsoft.com/entra/identity/role-based-access-control/privileged-roles-permissions (who can reset passwords:
        // a Global Administrator's password by a Privileged Authentication Administrator or a Global Administrator).

        [Fact]
        public void Sspr012_SaysAPrivilegedAuthenticationAdministratorCanReset_AndOneDoes()
        {
            var t = new TenantBuilder();
            var ga = t.User("only-ga");
            var paa = t.User("paa");
            t.Assign(ga, RoleIds.GlobalAdmin).Assign(paa, RoleIds.PrivAuthAdmin);
            var r = new ReadinessEvaluator(t.Build()).Evaluate(ga);
            var f = Find(r, "SSPR012")!;
            Assert.Contains("Privileged Authentication Administrator", f.Detail);
            Assert.Contains("Privileged Authentication Administrator", f.Remediation);
            Assert.Equal(new[] { "paa@contoso.com" }, r.AssistedResetBy);
            Assert.Null(Find(r, "SSPR011"));

            var two = new TenantBuilder();
            var g1 = two.User("g1");
            var g2 = two.User("g2");
            two.Assign(g1, RoleIds.GlobalAdmin).Assign(g2, RoleIds.GlobalAdmin);
            Assert.Null(Find(new ReadinessEvaluator(two.Build()).Evaluate(g1), "SSPR012"));
        }
    }
}
