using System;
using System.IO;
using System.Linq;
using SsprTools.Core.Readiness;
using SsprTools.Core.Snapshots;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The bundled samples against the expected results written down in samples/README.md.</summary>
    public class SampleOracleTests
    {
        private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

        // The accounts that may reset a Global Administrator, a Privileged Authentication Administrator, or a member or owner of
        // a role-assignable group: the active Global Administrators (breakglass1 among them) and the Privileged Authentication
        // Administrator.
        private const string GA2 = "breakglass1,emily.carter,kari.nordmann,maarten.devries";

        /// <summary>The oracle's dates: any day before Microsoft stops delivering SMS/voice, and that day (samples/README.md).</summary>
        private static readonly DateTime Before = new DateTime(2026, 12, 1);
        private static readonly DateTime After = new DateTime(2027, 2, 1);

        private static ReadinessEvaluator Contoso(Telephony telephony = Telephony.Microsoft, DateTime? asOf = null) =>
            new ReadinessEvaluator(SnapshotFormat.ReadFile(Sample("contoso.snapshot.json")), new ReadinessOptions { Telephony = telephony, AsOf = asOf ?? Before });

        /// <summary>Oracle rows name @contoso.com accounts by their local part, the emergency access accounts by their UPN; reset lists use local parts.</summary>
        private static string Upn(string name) => name.Contains("@") ? name : name + "@contoso.com";

        private static string Short(string upn) => upn.Split('@')[0];

        private const string Bg1 = "breakglass1@contoso.onmicrosoft.com", Bg2 = "breakglass2@contoso.onmicrosoft.com";

        private static string IdSet(AdminReadiness r) => string.Join(",", r.Findings.Select(f => f.Id).Distinct().OrderBy(x => x));

        private const string PasswordRow = "breakglass1,charlotte.evans,daan.visser,emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker";

        // UPN local part → (finding ids, SelfServiceReady, Recoverable, AssistedResetBy local parts in order), before 2027-02-01
        // with -Telephony Microsoft (the defaults). SSPR014 now follows Microsoft's whole opt-in table (+31, +47, +44, +81 …);
        // SSPR018 marks the admins whose gates rest on SMS/voice (concept-sms-voice-retirement); a role held at unit scope
        // resets no role holder (admin-units-assign-roles), so ingrid.johansen resets neither silje.haugen nor nora.berg.
        public static TheoryData<string, string, bool, bool, string> ContosoBefore => new TheoryData<string, string, bool, bool, string>
        {
            // The emergency access accounts, undeclared: judged as ordinary admins (no alternate email or phone on purpose).
            { Bg1, "SSPR002,SSPR003,SSPR009", false, true, "emily.carter,kari.nordmann,maarten.devries" },
            { Bg2, "SSPR002,SSPR009,SSPR015", false, true, GA2 },
            { "charlotte.evans", "SSPR014", true, true, GA2 },
            { "daan.visser", "SSPR002,SSPR009,SSPR014", false, true, "breakglass1,charlotte.evans,emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker" },
            { "emily.carter", "SSPR018", true, true, "breakglass1,kari.nordmann,maarten.devries" },
            { "emma.dejong", "SSPR014,SSPR015,SSPR018", true, true, PasswordRow },
            { "eva.lindqvist", "SSPR011,SSPR014,SSPR018", true, true, "" },
            { "haruto.sato", "SSPR005,SSPR009", false, true, GA2 },
            { "ingrid.johansen", "SSPR014", true, true, "breakglass1,emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker" },
            { "jessica.miller", "SSPR004,SSPR009", false, true, GA2 },
            { "kari.nordmann", "SSPR014", true, true, "breakglass1,emily.carter,maarten.devries" },
            { "lucas.smit", "SSPR003,SSPR009", false, true, GA2 },
            { "maarten.devries", "SSPR014", true, true, "breakglass1,emily.carter,kari.nordmann" },
            { "michael.johnson", "SSPR010,SSPR018", false, false, PasswordRow },
            { "nora.berg", "SSPR015,SSPR021", true, true, PasswordRow },
            { "ola.hansen", "SSPR013,SSPR014,SSPR018", true, true, GA2 },
            { "oliver.bennett", "SSPR006,SSPR014,SSPR018", true, true, GA2 },
            // A Groups Administrator (would-be resetters: the User Administrator sophie.bakker and GA2) who owns the
            // role-assignable group SG-Exchange-Admins: only Privileged Authentication and Global Administrators may reset an
            // owner (groups-concept). Email and app meet the policy without a phone: SSPR003 is Info.
            { "pieter.jansen", "SSPR003", true, true, GA2 },
            { "ryan.cooper", "SSPR008,SSPR018", true, true, GA2 },
            { "sarah.thompson", "SSPR008,SSPR009", false, true, GA2 },
            { "silje.haugen", "SSPR014,SSPR016", true, true, "breakglass1,charlotte.evans,emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker" },
            { "sophie.bakker", "SSPR014,SSPR018", true, true, GA2 },
            { "william.davies", "SSPR007,SSPR009", false, true, GA2 },
            { "yui.tanaka", "SSPR014", true, true, GA2 },
        };

        // From 2027-02-01 with -Telephony Microsoft: the phone gates no longer count. The SMS/voice-dependent admins lose the
        // self-service path (SSPR018 becomes an Error and SSPR009 fires); eva.lindqvist, whom nobody may reset, can no longer
        // get back in at all. AssistedResetBy does not change.
        public static TheoryData<string, string, bool, bool> ContosoAfter => new TheoryData<string, string, bool, bool>
        {
            { Bg1, "SSPR002,SSPR003,SSPR009", false, true },
            { Bg2, "SSPR002,SSPR009,SSPR015", false, true },
            { "charlotte.evans", "SSPR014", true, true },
            { "daan.visser", "SSPR002,SSPR009,SSPR014", false, true },
            { "emily.carter", "SSPR009,SSPR018", false, true },
            { "emma.dejong", "SSPR009,SSPR014,SSPR015,SSPR018", false, true },
            { "eva.lindqvist", "SSPR009,SSPR011,SSPR014,SSPR018", false, false },
            { "haruto.sato", "SSPR005,SSPR009", false, true },
            { "ingrid.johansen", "SSPR014", true, true },
            { "jessica.miller", "SSPR004,SSPR009", false, true },
            { "kari.nordmann", "SSPR014", true, true },
            { "lucas.smit", "SSPR003,SSPR009", false, true },
            { "maarten.devries", "SSPR014", true, true },
            { "michael.johnson", "SSPR009,SSPR010,SSPR018", false, false },
            { "nora.berg", "SSPR015,SSPR021", true, true },
            { "ola.hansen", "SSPR009,SSPR013,SSPR014,SSPR018", false, true },
            { "oliver.bennett", "SSPR006,SSPR009,SSPR014,SSPR018", false, true },
            { "pieter.jansen", "SSPR003", true, true },
            { "ryan.cooper", "SSPR008,SSPR009,SSPR018", false, true },
            { "sarah.thompson", "SSPR008,SSPR009", false, true },
            { "silje.haugen", "SSPR014,SSPR016", true, true },
            { "sophie.bakker", "SSPR009,SSPR014,SSPR018", false, true },
            { "william.davies", "SSPR007,SSPR009", false, true },
            { "yui.tanaka", "SSPR014", true, true },
        };

        [Theory]
        [MemberData(nameof(ContosoBefore))]
        public void ContosoAdmin(string name, string findings, bool selfServiceReady, bool recoverable, string resetBy)
        {
            var all = Contoso().EvaluateAll();
            var r = Assert.Single(all, a => a.UserPrincipalName == Upn(name));
            Assert.Equal(findings, IdSet(r));
            Assert.Equal(selfServiceReady, r.SelfServiceReady);
            Assert.Equal(recoverable, r.Recoverable);
            Assert.Equal(resetBy, string.Join(",", r.AssistedResetBy.Select(Short)));
            Assert.All(r.Findings.Where(f => f.Id == "SSPR018"), f => Assert.Equal(FindingSeverity.Warning, f.Severity));
        }

        [Theory]
        [MemberData(nameof(ContosoAfter))]
        public void ContosoAdmin_From20270201(string name, string findings, bool selfServiceReady, bool recoverable)
        {
            var before = Contoso().EvaluateUser(Upn(name))!;
            var r = Contoso(Telephony.Microsoft, After).EvaluateUser(Upn(name))!;
            Assert.Equal(findings, IdSet(r));
            Assert.Equal(selfServiceReady, r.SelfServiceReady);
            Assert.Equal(recoverable, r.Recoverable);
            Assert.Equal(before.AssistedResetBy, r.AssistedResetBy);
            Assert.All(r.Findings.Where(f => f.Id == "SSPR018"), f => Assert.Equal(FindingSeverity.Error, f.Severity));
        }

        // -Telephony CustomerManaged: the phones keep counting on any date, and SSPR018 never fires: the results are the
        // before-the-date ones without SSPR018. -Telephony None: the phones never count, on any date: the from-the-date
        // results without SSPR018.
        [Theory]
        [MemberData(nameof(ContosoAfter))]
        public void ContosoAdmin_OtherTelephony(string name, string findingsAfter, bool readyAfter, bool recoverableAfter)
        {
            var upn = Upn(name);
            var before = Contoso().EvaluateUser(upn)!;
            string Without018(string ids) => string.Join(",", ids.Split(',').Where(i => i.Length > 0 && i != "SSPR018"));
            foreach (var date in new[] { Before, After })
            {
                var managed = Contoso(Telephony.CustomerManaged, date).EvaluateUser(upn)!;
                Assert.Equal(Without018(IdSet(before)), IdSet(managed));
                Assert.Equal(before.SelfServiceReady, managed.SelfServiceReady);
                Assert.Equal(before.Recoverable, managed.Recoverable);

                var none = Contoso(Telephony.None, date).EvaluateUser(upn)!;
                Assert.Equal(Without018(findingsAfter), IdSet(none));
                Assert.Equal(readyAfter, none.SelfServiceReady);
                Assert.Equal(recoverableAfter, none.Recoverable);
            }
        }

        [Fact]
        public void ContosoScan_HasExactlyTheOracleAccounts_AndStatus()
        {
            var evaluator = Contoso();
            var all = evaluator.EvaluateAll();
            Assert.Equal(ContosoBefore.Select(row => Short(Upn((string)row[0]))).OrderBy(x => x), all.Select(a => Short(a.UserPrincipalName)).OrderBy(x => x));
            var status = evaluator.Status(all);
            Assert.Equal("Contoso Ltd", status.TenantName);
            Assert.True(status.SelfServePasswordResetEnabled);
            Assert.True(status.TwoGatePolicyApplies);
            Assert.Equal(23, status.AdminCount);
            Assert.Equal(3, status.GlobalAdminCount);
            Assert.Equal(22, status.RecoverableAdminCount);
            Assert.True(status.RegistrationReportAvailable);
            // No -EmergencyAccessAccount: SSPR020 Info names the one account that matches the criteria (security-emergency-access).
            var sspr020 = Assert.Single(status.Findings);
            Assert.Equal("SSPR020", sspr020.Id);
            Assert.Equal(FindingSeverity.Info, sspr020.Severity);
            Assert.Contains(Bg1, sspr020.Detail);
            Assert.DoesNotContain(Bg2, sspr020.Detail); // PIM-eligible only
            Assert.Empty(status.NotEvaluated);
            Assert.Empty(status.EmergencyAccessAccounts);
            Assert.Equal("migrationComplete", status.AuthenticationMethodsPolicy!.MigrationState);
            Assert.Equal("enabled", status.AuthenticationMethodsPolicy.Sms);
            Assert.Equal("disabled", status.AuthenticationMethodsPolicy.Voice);
            Assert.Equal("premium", status.EntraIdEdition);

            // What 2027-02-01 does (samples/README.md, "From 2027-02-01").
            Assert.Equal(Telephony.Microsoft, status.Telephony);
            Assert.Equal(new DateTime(2027, 2, 1), status.SmsVoiceRetirementDate);
            Assert.Equal(8, status.SmsVoiceDependentAdminCount);
            Assert.Equal("emily.carter,emma.dejong,eva.lindqvist,michael.johnson,ola.hansen,oliver.bennett,ryan.cooper,sophie.bakker",
                string.Join(",", status.SmsVoiceDependentAdmins.Select(u => u.Split('@')[0])));
            Assert.Equal(14, status.SelfServiceReadyAdminCount);
            Assert.Equal(7, status.SelfServiceReadyAdminCountAfterRetirement);
            Assert.Equal(21, status.RecoverableAdminCountAfterRetirement);
            Assert.Equal("emily.carter,emma.dejong,eva.lindqvist,ola.hansen,oliver.bennett,ryan.cooper,sophie.bakker",
                string.Join(",", status.AdminsLosingSelfService.Select(u => u.Split('@')[0])));

            var after = Contoso(Telephony.Microsoft, After).Status();
            Assert.Equal(21, after.RecoverableAdminCount);
            Assert.Equal(7, after.SelfServiceReadyAdminCount);
            Assert.Empty(after.AdminsLosingSelfService);
            var managed = Contoso(Telephony.CustomerManaged, After).Status();
            Assert.Equal(22, managed.RecoverableAdminCount);
            Assert.Empty(managed.AdminsLosingSelfService);
        }

        [Theory]
        [InlineData("bjorn.odegard", "SSPR014,SSPR016", true, "breakglass1,charlotte.evans,daan.visser,emily.carter,ingrid.johansen,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker")]
        [InlineData("daniel.brooks", "SSPR016", false, "breakglass1,charlotte.evans,daan.visser,emily.carter,kari.nordmann,maarten.devries,ola.hansen,sophie.bakker")]
        public void ContosoNonAdmins_RequestedExplicitly(string name, string findings, bool selfServiceReady, string resetBy)
        {
            // bjorn.odegard holds no role and is in the Oslo office unit: its unit-scoped Helpdesk Administrator resets him.
            var r = Contoso().EvaluateUser(Upn(name))!;
            Assert.Equal(findings, IdSet(r));
            Assert.False(r.IsAdmin);
            Assert.Equal(selfServiceReady, r.SelfServiceReady);
            Assert.True(r.Recoverable);
            Assert.Equal(resetBy, string.Join(",", r.AssistedResetBy.Select(Short)));
        }

        /// <summary>
        /// -EmergencyAccessAccount breakglass1,breakglass2 (security-emergency-access): breakglass1 (cloud-only, *.onmicrosoft.com,
        /// active Global Administrator, FIDO2) is fit and has no finding at all; breakglass2 (Global Administrator PIM-eligible
        /// only, a mobile phone and no passkey) gets SSPR019 naming both; the self-service findings do not apply to either.
        /// Two declared: no SSPR020. Everyone else's results do not change.
        /// </summary>
        [Fact]
        public void ContosoEmergencyAccounts_Declared()
        {
            var data = SnapshotFormat.ReadFile(Sample("contoso.snapshot.json"));
            var declared = new ReadinessEvaluator(data, new ReadinessOptions { AsOf = Before, EmergencyAccessAccounts = new[] { Bg1, Bg2 } });
            var bg1 = declared.EvaluateUser(Bg1)!;
            Assert.True(bg1.IsEmergencyAccess);
            Assert.Empty(bg1.Findings);
            Assert.Empty(bg1.NotEvaluated);
            var bg2 = declared.EvaluateUser(Bg2)!;
            Assert.Equal("SSPR015,SSPR019", IdSet(bg2));
            var sspr019 = Assert.Single(bg2.Findings, f => f.Id == "SSPR019");
            Assert.Equal(FindingSeverity.Error, sspr019.Severity);
            Assert.Contains("PIM-eligible only", sspr019.Detail);
            Assert.Contains("phishing-resistant", sspr019.Detail);
            var status = declared.Status();
            Assert.Empty(status.Findings);
            Assert.Equal(new[] { Bg1, Bg2 }, status.EmergencyAccessAccounts);

            var plain = Contoso();
            foreach (var r in declared.EvaluateAll().Where(r => !r.IsEmergencyAccess))
            {
                Assert.Equal(IdSet(plain.EvaluateUser(r.UserPrincipalName)!), IdSet(r));
            }

            // One declared, one that does not exist: SSPR020 Warning on the tenant and the Global Administrators, naming the unknown one.
            var one = new ReadinessEvaluator(data, new ReadinessOptions { AsOf = Before, EmergencyAccessAccounts = new[] { Bg1, "breakglass9@contoso.onmicrosoft.com" } });
            var warning = Assert.Single(one.Status().Findings);
            Assert.Equal(FindingSeverity.Warning, warning.Severity);
            Assert.Contains("breakglass9@contoso.onmicrosoft.com", warning.Detail);
            Assert.Contains(one.EvaluateUser("kari.nordmann@contoso.com")!.Findings, f => f.Id == "SSPR020");
            Assert.DoesNotContain(one.EvaluateUser("ola.hansen@contoso.com")!.Findings, f => f.Id == "SSPR020");
        }

        [Fact]
        public void SingleAdmin_GlobalAdministratorCannotGetBackIn()
        {
            var evaluator = new ReadinessEvaluator(SnapshotFormat.ReadFile(Sample("single-admin.snapshot.json")));
            var admin = Assert.Single(evaluator.EvaluateAll(), a => a.IsAdmin);
            Assert.Equal("SSPR001,SSPR011,SSPR012", string.Join(",", admin.Findings.Select(f => f.Id).OrderBy(x => x)));
            // A Free tenant (entraIdEdition "free"): the office phone is voice-only and does not count (concept-sspr-policy).
            Assert.Equal(new[] { "Email", "MobilePhone", "AuthenticatorApp" }, admin.UsableMethods);
            Assert.False(admin.SelfServiceReady);
            Assert.False(admin.Recoverable);
            var status = evaluator.Status();
            // SSPR020 Info: no emergency access account declared, and no candidate (the one Global Administrator is on contoso.com).
            Assert.Equal("SSPR001,SSPR012,SSPR020", string.Join(",", status.Findings.Select(f => f.Id).OrderBy(x => x)));
            Assert.Equal("disabled", status.AuthenticationMethodsPolicy!.Sms);
            Assert.Equal(1, status.GlobalAdminCount);
            Assert.False(status.SelfServePasswordResetEnabled);
        }
    }
}
