using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using Xunit;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>Get-SsprActivity and Get-SsprDiagnosis in the real engine, on the samples (samples/README.md is the oracle).</summary>
    public class DiagnosisCmdletTests : IClassFixture<HostFixture>
    {
        private const string Charlotte = "f487e2c8-eac3-58c8-a63b-5c5bc4abe028";
        private const string Ryan = "4d5cac62-5551-5cf9-ac3e-0701ada99a05";
        private const string Yui = "93f030d4-7dd6-57c8-8ec2-184dceadb208";
        private const string Lucas = "7d12f11d-7323-5618-9928-692bbc7c0747";
        private const string Marcus = "c8ae36eb-eac0-5b06-85ac-2ce72e2d4869";
        private readonly PowerShellHost ps;

        public DiagnosisCmdletTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        private static object? P(PSObject o, string name) => o.Properties[name].Value;

        private static PSObject[] Array(PSObject o, string name) => ((object[])P(o, name)!).Select(PSObject.AsPSObject).ToArray();

        private static string[] CauseIds(PSObject diagnosis, string property) => Array(diagnosis, property).Select(c => (string)P(c, "Id")!).ToArray();

        private static PSObject Cause(PSObject diagnosis, string id) => Array(diagnosis, "LikelyCauses").Single(c => (string)P(c, "Id")! == id);

        private static string Evidence(PSObject cause) => string.Join(" ", (string[])P(cause, "Evidence")!);

        private RunResult Activity(string args, string? path = null) =>
            ps.Run("Get-SsprActivity -SnapshotPath $p " + args, Vars(("p", path ?? Paths.Contoso)));

        private RunResult Diagnose(string upn, string symptom, string? path = null) =>
            ps.Run("Get-SsprDiagnosis -UserPrincipalName $u -Symptom " + symptom + " -SnapshotPath $p", Vars(("u", upn), ("p", path ?? Paths.Contoso)));

        /// <summary>A copy of the contoso sample with its JSON changed.</summary>
        private static string ChangedContoso(Action<JsonObject> change)
        {
            var json = JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            change(json);
            var path = Path.Combine(Path.GetTempPath(), "sspr-diag-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, json.ToJsonString());
            return path;
        }

        [Fact]
        public void Both_cmdlets_are_exported()
        {
            var names = ps.Run("(Get-Command -Module SsprTools).Name").Output.Select(o => o.BaseObject.ToString()).ToArray();
            Assert.Contains("Get-SsprActivity", names);
            Assert.Contains("Get-SsprDiagnosis", names);
        }

        [Fact]
        public void Activity_on_contoso_is_four_attempts_in_time_order()
        {
            var r = Activity("");
            Assert.Empty(r.Errors);
            Assert.Empty(r.Warnings);
            Assert.Equal(new[] { Ryan, Yui, Lucas, Charlotte }, r.Output.Select(o => (string)P(o, "CorrelationId")!));
            Assert.All(r.Output, o => Assert.Equal("SsprTools.ResetAttempt", o.TypeNames[0]));
            foreach (var property in new[] { "CorrelationId", "StartedAt", "EndedAt", "Duration", "Steps", "Outcome", "FailureReason", "CauseId" })
            {
                Assert.NotNull(r.Output[0].Properties[property]);
            }
        }

        [Fact]
        public void Activity_success_of_yui_in_1_min_38_s()
        {
            var yui = Assert.Single(Activity("-UserPrincipalName yui.tanaka@contoso.com").Output);
            Assert.Equal("Succeeded", P(yui, "Outcome")!.ToString());
            Assert.Equal(TimeSpan.FromSeconds(98), P(yui, "Duration"));
            var steps = (string[])P(yui, "Steps")!;
            Assert.Equal(new[] { "User submitted their user ID", "User started the mobile SMS verification", "User completed the mobile SMS verification",
                "User completed the mobile app code verification", "User successfully reset password" }, steps);
            Assert.Null(P(yui, "CauseId"));
            Assert.Null(P(yui, "FailureReason"));
        }

        [Fact]
        public void Activity_code_of_charlotte_entered_12_minutes_after_it_was_sent()
        {
            var a = Assert.Single(Activity("charlotte.evans@contoso.com").Output);
            Assert.Equal("Failed", P(a, "Outcome")!.ToString());
            Assert.Equal("CodeExpired", P(a, "CauseId"));
            Assert.Equal("User entered an invalid or expired SMS verification code", P(a, "FailureReason"));
            var check = Assert.Single(Array(a, "CodeChecks"));
            Assert.Equal("Sms", P(check, "Method"));
            Assert.Equal(new TimeSpan(0, 12, 18), P(check, "Delay"));
            Assert.True((bool)P(check, "ExceedsArticleWindow")!);
            Assert.True((bool)P(check, "ExceedsCurrentWindow")!);
            // The whole attempt (13:02:11-13:14:37) stays within both the 60-minute and the 15-minute flow windows.
            Assert.Equal(new TimeSpan(0, 12, 26), P(a, "Duration"));
            Assert.False((bool)P(a, "ExceedsArticleFlowWindow")!);
            Assert.False((bool)P(a, "ExceedsCurrentSessionWindow")!);
        }

        [Fact]
        public void Activity_block_of_ryan_under_the_legacy_activity_name()
        {
            var a = Assert.Single(Activity("-UserPrincipalName ryan.cooper@contoso.com").Output);
            Assert.Equal("Blocked", P(a, "Outcome")!.ToString());
            Assert.Equal("BlockedTooManyAttempts", P(a, "CauseId"));
            Assert.Equal("User entered too many invalid SMS verification codes and is blocked for 24 hours.", P(a, "FailureReason"));
            Assert.Equal(new DateTimeOffset(2026, 11, 17, 16, 43, 52, TimeSpan.Zero), P(a, "BlockedUntil"));
            var steps = Array(a, "StepDetails");
            Assert.Equal(3, steps.Length);
            Assert.Equal("Self-serve password reset flow activity progress", P(steps[0], "Activity"));
            Assert.Equal("Blocked from self-service password reset", P(steps[2], "Activity"));
        }

        [Fact]
        public void Activity_insufficient_methods_of_lucas_is_his_SSPR009()
        {
            var a = Assert.Single(Activity("lucas.smit@contoso.com").Output);
            Assert.Equal("Failed", P(a, "Outcome")!.ToString());
            Assert.Equal("SSPR009", P(a, "CauseId"));
            Assert.Equal("InsufficientMethods", P(a, "NamedCause"));
        }

        [Fact]
        public void Activity_not_enabled_of_marcus_is_SSPR001()
        {
            var a = Assert.Single(Activity("", Paths.SingleAdmin).Output);
            Assert.Equal(Marcus, P(a, "CorrelationId"));
            Assert.Equal("SSPR001", P(a, "CauseId"));
        }

        [Fact]
        public void Activity_days_and_since_count_from_the_snapshot_time()
        {
            Assert.Equal(new[] { Yui, Lucas, Charlotte }, Activity("-Days 2").Output.Select(o => (string)P(o, "CorrelationId")!));
            Assert.Equal(new[] { Lucas, Charlotte }, Activity("-Days 1").Output.Select(o => (string)P(o, "CorrelationId")!));
            var since = ps.Run("Get-SsprActivity -SnapshotPath $p -Since ([datetimeoffset]'2026-11-19T09:00:00Z').UtcDateTime", Vars(("p", Paths.Contoso)));
            Assert.Equal(new[] { Lucas, Charlotte }, since.Output.Select(o => (string)P(o, "CorrelationId")!));
            var both = ps.Run("Get-SsprActivity -SnapshotPath $p -Days 1 -Since (Get-Date)", Vars(("p", Paths.Contoso)));
            Assert.NotNull(both.FirstError);
        }

        [Fact]
        public void Activity_pipeline_by_value_and_property_name()
        {
            var r = ps.Run("'yui.tanaka@contoso.com', 'lucas.smit@contoso.com' | Get-SsprActivity -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            Assert.Equal(2, r.Output.Count);
            var byProperty = ps.Run("[pscustomobject]@{ UserPrincipalName = 'ryan.cooper@contoso.com' } | Get-SsprActivity -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            Assert.Equal(Ryan, P(Assert.Single(byProperty.Output), "CorrelationId"));
        }

        [Fact]
        public void Activity_unknown_user_is_a_non_terminating_error_with_suggestions()
        {
            var r = ps.Run("'charlote.evans@contoso.com', 'yui.tanaka@contoso.com' | Get-SsprActivity -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            Assert.Single(r.Output);
            var error = Assert.Single(r.Errors);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.StartsWith("UserNotFound", error.FullyQualifiedErrorId);
            Assert.Contains("charlotte.evans@contoso.com", error.ErrorDetails.Message);
        }

        [Fact]
        public void Activity_known_user_without_attempts_is_a_warning()
        {
            var r = Activity("emily.carter@contoso.com");
            Assert.Empty(r.Output);
            Assert.Empty(r.Errors);
            Assert.Contains("30 days on P1/P2", Assert.Single(r.Warnings));
        }

        [Fact]
        public void Activity_without_audit_data_returns_nothing_and_says_why()
        {
            var unlicensed = ChangedContoso(j => j["collection"]!["auditLogs"] = "notLicensed");
            var empty = ChangedContoso(j => j["auditEvents"] = new JsonArray());
            try
            {
                var r = Activity("", unlicensed);
                Assert.Empty(r.Output);
                Assert.Empty(r.Errors);
                var warning = Assert.Single(r.Warnings);
                Assert.Contains("licence", warning);
                Assert.Contains("7 days", warning);

                var none = Activity("", empty);
                Assert.Empty(none.Output);
                Assert.Contains("7 days on Microsoft Entra ID Free", Assert.Single(none.Warnings));

                var d = Diagnose("charlotte.evans@contoso.com", "InvalidSecurityCode", unlicensed);
                var diagnosis = Assert.Single(d.Output);
                Assert.Empty(Array(diagnosis, "RecentAttempts"));
                Assert.Contains("BlockedTooManyAttempts", CauseIds(diagnosis, "OtherPossibleCauses"));
                Assert.Contains("CodeExpired", CauseIds(diagnosis, "OtherPossibleCauses"));
                Assert.Single(d.Warnings);
            }
            finally
            {
                File.Delete(unlicensed);
                File.Delete(empty);
            }
        }

        [Fact]
        public void Diagnosis_invalid_code_of_charlotte_crossed_both_code_windows()
        {
            var r = Diagnose("charlotte.evans@contoso.com", "InvalidSecurityCode");
            Assert.Empty(r.Errors);
            var d = Assert.Single(r.Output);
            Assert.Equal("SsprTools.Diagnosis", d.TypeNames[0]);
            Assert.Equal("InvalidSecurityCode", P(d, "Symptom")!.ToString());
            foreach (var property in new[] { "UserPrincipalName", "Symptom", "LikelyCauses", "OtherPossibleCauses", "NextSteps", "RecentAttempts" })
            {
                Assert.NotNull(d.Properties[property]);
            }

            var expired = Cause(d, "CodeExpired");
            Assert.Equal("SsprTools.DiagnosisCause", expired.TypeNames[0]);
            var evidence = Evidence(expired);
            Assert.Contains("12 min 18 s", evidence);
            Assert.Contains("beyond both the knowledge-base article's 10 minutes and the 5 minutes of current Microsoft guidance", evidence);
            Assert.Contains("SSPR014", evidence); // the +44 number explains a late SMS
            Assert.DoesNotContain("FlowExpired", CauseIds(d, "LikelyCauses"));
            Assert.DoesNotContain("BlockedTooManyAttempts", CauseIds(d, "LikelyCauses"));
            Assert.Contains("OtherBrowserSession", CauseIds(d, "OtherPossibleCauses"));

            var steps = (string[])P(d, "NextSteps")!;
            Assert.StartsWith("Retype the security code", steps[0]);
            Assert.Contains("5 minutes", steps[1]);
            Assert.Contains("close every browser window", steps[2]);
            Assert.Contains("emily.carter@contoso.com, kari.nordmann@contoso.com, maarten.devries@contoso.com can", steps[3]);
            Assert.Equal(Charlotte, P(Assert.Single(Array(d, "RecentAttempts")), "CorrelationId"));
        }

        [Fact]
        public void Diagnosis_block_of_ryan()
        {
            var d = Assert.Single(Diagnose("ryan.cooper@contoso.com", "InvalidSecurityCode").Output);
            Assert.Contains("Blocked until 2026-11-17 16:43:52 UTC.", Evidence(Cause(d, "BlockedTooManyAttempts")));
        }

        [Fact]
        public void Diagnosis_no_sms_of_lucas_rests_on_his_findings_and_the_audit_failure()
        {
            var d = Assert.Single(Diagnose("lucas.smit@contoso.com", "NoSmsReceived").Output);
            var likely = CauseIds(d, "LikelyCauses");
            Assert.Contains("SSPR003", likely);
            Assert.Contains("SSPR009", likely);
            Assert.Contains("insufficient authentication methods", Evidence(Cause(d, "SSPR009")));
            Assert.DoesNotContain("JunkFolder", CauseIds(d, "OtherPossibleCauses"));
            Assert.Contains("CarrierFiltering", CauseIds(d, "OtherPossibleCauses"));
        }

        [Fact]
        public void Diagnosis_no_email_lists_the_global_senders()
        {
            var d = Assert.Single(Diagnose("daan.visser@contoso.com", "NoEmailReceived").Output);
            Assert.Contains("SSPR002", CauseIds(d, "LikelyCauses"));
            var other = Array(d, "OtherPossibleCauses");
            Assert.Contains(other, c => (string)P(c, "Id")! == "JunkFolder");
            var safe = other.Single(c => (string)P(c, "Id")! == "SafeSenders");
            Assert.Contains("msonlineservicesteam@microsoftonline.com", (string)P(safe, "Remediation")!);
        }

        [Fact]
        public void Diagnosis_of_a_non_admin_is_SSPR016_and_contact_your_administrator()
        {
            // Both are in the Oslo office unit; its unit-scoped Helpdesk Administrator (ingrid) resets only members that hold
            // no role (learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles): Bjørn, not
            // Silje, who holds Message Center Reader.
            foreach (var (upn, unitHelper) in new[] { ("silje.haugen@contoso.com", false), ("bjorn.odegard@contoso.com", true) })
            {
                var d = Assert.Single(Diagnose(upn, "NoEmailReceived").Output);
                Assert.False((bool)P(d, "IsAdmin")!);
                Assert.Contains("SSPR016", CauseIds(d, "LikelyCauses"));
                var first = ((string[])P(d, "NextSteps")!)[0];
                Assert.Contains("contact your administrator", first);
                Assert.Contains("charlotte.evans@contoso.com", first);
                Assert.Equal(unitHelper, first.Contains("ingrid.johansen@contoso.com"));
            }
        }

        [Fact]
        public void Diagnosis_of_the_only_admin_points_to_support()
        {
            var d = Assert.Single(Diagnose("marcus.reed@fabrikam.com", "NoEmailReceived", Paths.SingleAdmin).Output);
            var ssprOff = Cause(d, "SSPR001");
            Assert.Contains("Password reset is not enabled for this user", Evidence(ssprOff));
            Assert.Contains("contact Microsoft support", ((string[])P(d, "NextSteps")!)[0]);
            Assert.Empty((string[])P(d, "AssistedResetBy")!);
        }

        [Fact]
        public void Diagnosis_unknown_user_is_a_non_terminating_error_with_suggestions()
        {
            var r = ps.Run("'charlote.evans@contoso.com', 'yui.tanaka@contoso.com' | Get-SsprDiagnosis -Symptom NoSmsReceived -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            Assert.Equal("yui.tanaka@contoso.com", P(Assert.Single(r.Output), "UserPrincipalName"));
            var error = Assert.Single(r.Errors);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.StartsWith("UserNotFound", error.FullyQualifiedErrorId);
            Assert.Contains("Did you mean: charlotte.evans@contoso.com", error.ErrorDetails.Message);
        }

        [Fact]
        public void Diagnosis_takes_readiness_results_from_the_pipeline()
        {
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p | Where-Object { -not $_.SelfServiceReady } | Get-SsprDiagnosis -Symptom NoSmsReceived -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            Assert.Empty(r.Errors);
            Assert.Equal(9, r.Output.Count); // breakglass1, breakglass2 (undeclared), daan, haruto, jessica, lucas, michael (disabled), sarah, william
            Assert.All(r.Output, d => Assert.NotEmpty(Array(d, "LikelyCauses")));
        }

        [Theory]
        [InlineData("nb-NO", "nb")]
        [InlineData("nl-NL", "nl")]
        public void Diagnosis_is_in_the_ui_culture(string culture, string lang)
        {
            var resx = System.Xml.Linq.XDocument.Load(Path.Combine(Paths.RepoRoot, "src", "SsprTools.Core", "Text", $"Strings.{lang}.resx")).Root!
                .Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");
            var r = ps.Run(
                "$saved = [System.Threading.Thread]::CurrentThread.CurrentUICulture\n" +
                "try {\n" +
                $"    [System.Threading.Thread]::CurrentThread.CurrentUICulture = '{culture}'\n" +
                "    Get-SsprDiagnosis charlotte.evans@contoso.com InvalidSecurityCode -SnapshotPath $p\n" +
                "} finally { [System.Threading.Thread]::CurrentThread.CurrentUICulture = $saved }",
                Vars(("p", Paths.Contoso)));
            var d = Assert.Single(r.Output);
            Assert.Equal(resx["Cause_CodeExpired_Title"], P(Cause(d, "CodeExpired"), "Title"));
            Assert.Equal(resx["NextStep_RetypeCode"], ((string[])P(d, "NextSteps")!)[0]);
        }

        [Fact]
        public void Diagnosis_symptom_is_validated()
        {
            var r = ps.Run("Get-SsprDiagnosis -UserPrincipalName yui.tanaka@contoso.com -Symptom NoPigeonReceived -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            Assert.Empty(r.Output);
            Assert.NotNull(r.FirstError);
        }
    }
}
