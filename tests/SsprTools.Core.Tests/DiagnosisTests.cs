using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Diagnosis;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;
using SsprTools.Core.Text;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>Audit trails for tests: one event per step, like directoryAudits returns them.</summary>
    internal static class Audit
    {
        public const string Service = "Self-service Password Management";
        public const string Flow = "Self-service password reset flow activity progress";
        public const string LegacyFlow = "Self-serve password reset flow activity progress";
        public const string Reset = "Reset password (self-service)";
        public const string Blocked = "Blocked from self-service password reset";
        public static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 19, 13, 0, 0, TimeSpan.Zero);
        public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

        public static AuditEvent Step(string correlationId, double minutes, string reason, string result = "success", string activity = Flow,
            string upn = "anna@contoso.com", string ip = "203.0.113.10", string? service = Service, string? userId = null) => new AuditEvent
        {
            Id = Guid.NewGuid().ToString(),
            Category = "UserManagement",
            CorrelationId = correlationId,
            Result = result,
            ResultReason = reason,
            ActivityDisplayName = activity,
            ActivityDateTime = T0.AddSeconds(Math.Round(minutes * 60)),
            LoggedByService = service,
            InitiatedBy = new AuditInitiator { User = new AuditUser { UserPrincipalName = upn, Id = userId, IpAddress = ip } },
            TargetResources = new[] { new AuditTarget { Type = "User", UserPrincipalName = upn, Id = userId } },
        };

        /// <summary>User ID, SMS sent at +0.1 min, and the code used (failed) <paramref name="codeMinutes"/> later.</summary>
        public static IEnumerable<AuditEvent> LateSms(string id, double codeMinutes, string upn = "anna@contoso.com",
            string failure = "User entered an invalid or expired SMS verification code")
        {
            yield return Step(id, 0, "User submitted their user ID", upn: upn);
            yield return Step(id, 0.1, "User started the mobile SMS verification", upn: upn);
            yield return Step(id, 0.1 + codeMinutes, failure, "failure", upn: upn);
        }
    }

    public class AttemptBuilderTests
    {
        private static IReadOnlyList<ResetAttempt> Build(params AuditEvent[] events) =>
            new AttemptBuilder().Build(events, Audit.Now);

        [Fact]
        public void Groups_by_correlationId_in_time_order_with_both_activity_spellings()
        {
            var attempts = Build(
                Audit.Step("b", 30, "User started the mobile SMS verification", activity: Audit.LegacyFlow),
                Audit.Step("a", 1, "User started the mobile SMS verification"),
                Audit.Step("a", 0, "User submitted their user ID"),
                Audit.Step("B", 29, "User submitted their user ID", activity: Audit.LegacyFlow),
                Audit.Step("a", 2, "User completed the mobile SMS verification"),
                Audit.Step("a", 3, "User successfully reset password", activity: Audit.Reset));

            Assert.Equal(new[] { "a", "b" }, attempts.Select(a => a.CorrelationId.ToLowerInvariant()));
            var a = attempts[0];
            Assert.Equal(4, a.Steps.Length);
            Assert.Equal("User submitted their user ID", a.Steps[0]);
            Assert.Equal("User submitted their user ID", a.StepDetails[0].Reason);
            Assert.Equal(Audit.Reset, a.StepDetails[3].Activity);
            Assert.Equal(TimeSpan.FromMinutes(3), a.Duration);
            Assert.Equal(ResetOutcome.Succeeded, a.Outcome);
            Assert.Null(a.CauseId);
            Assert.Equal("anna@contoso.com", a.UserPrincipalName);
            Assert.Equal("SelfServiceReset", a.Kind);
            Assert.Equal(2, attempts[1].Steps.Length);
            Assert.Equal("+00:00 User submitted their user ID", attempts[1].StepDetails[0].ToString());
            Assert.Equal(TimeSpan.FromMinutes(1), attempts[1].StepDetails[1].Offset);
        }

        [Fact]
        public void Ignores_other_services_and_directory_events_and_keeps_events_without_correlation_apart()
        {
            var attempts = Build(
                Audit.Step("x", 0, "User started password reset", activity: "User started password reset", service: "Authentication Methods"),
                Audit.Step("y", 0, "", activity: "Enable password writeback for directory"),
                Audit.Step("", 1, "Successfully completed reset.", activity: "Reset password (by admin)"),
                Audit.Step("", 2, "Successfully completed reset.", activity: "Reset password (by admin)"));

            Assert.Equal(2, attempts.Count);
            Assert.All(attempts, a => Assert.Equal("AdminReset", a.Kind));
            Assert.All(attempts, a => Assert.Equal(ResetOutcome.Succeeded, a.Outcome));
        }

        [Fact]
        public void Blocked_after_too_many_codes_is_Blocked_for_24_hours()
        {
            const string reason = "User entered too many invalid SMS verification codes and is blocked for 24 hours.";
            var a = Build(
                Audit.Step("r", 0, "User started the mobile SMS verification", activity: Audit.LegacyFlow),
                Audit.Step("r", 3.7, reason, "failure", Audit.LegacyFlow),
                Audit.Step("r", 3.7, reason, "success", Audit.Blocked)).Single();

            Assert.Equal(ResetOutcome.Blocked, a.Outcome);
            Assert.Equal(reason, a.FailureReason);
            Assert.Equal("BlockedTooManyAttempts", a.CauseId);
            Assert.Equal(Audit.T0.AddMinutes(3.7).AddHours(24), a.BlockedUntil);
        }

        [Theory]
        [InlineData("Password reset is not enabled for this user. Enable password reset under the configure tab to resolve this.", "NotEnabledForUser")]
        [InlineData("Password reset is not enabled for this user", "NotEnabledForUser")]
        [InlineData("SSPR_0011: SsprNotEnabledInUserPolicy", "NotEnabledForUser")]
        [InlineData("User does not have a license. You can add a license to the user to resolve this.", "NotLicensed")]
        [InlineData("SSPR_0012 UserNotLicensed", "NotLicensed")]
        [InlineData("User tried to reset from a device without cookies enabled.", "CookiesDisabled")]
        [InlineData("User's account has insufficient authentication methods defined. Add authentication info to resolve this.", "InsufficientMethods")]
        [InlineData("User’s account has insufficient authentication methods", "InsufficientMethods")]
        [InlineData("UserNotProperlyConfigured", "InsufficientMethods")]
        [InlineData("User's password is managed on-premises. You can enable Password Writeback to resolve this.", "PasswordManagedOnPremises")]
        [InlineData("SSPR_0010 WritebackNotEnabled", "PasswordManagedOnPremises")]
        [InlineData("We could not reach your on-premises password reset service. Check your sync machine's event log.", "WritebackUnreachable")]
        [InlineData("We encountered a problem while resetting the user's on-premises password. Check your sync machine's event log.", "WritebackUnreachable")]
        [InlineData("OnPremisesConnectivityError", "WritebackUnreachable")]
        [InlineData("This user is not a member of the password reset users group. Add this user to that group to resolve this.", "NotInSsprGroup")]
        [InlineData("Password reset has been disabled entirely for this tenant.", "TenantSsprDisabled")]
        [InlineData("FuzzyPolicyViolationInvalidPassword", "BannedPassword")]
        [InlineData("On-premises policy violation", "OnPremisesPasswordPolicy")]
        [InlineData("User tried mobile phone voice verification too many times and is blocked for 24 hours.", "BlockedTooManyAttempts")]
        [InlineData("User tried to verify a phone number too many times and is blocked for 24 hours.", "BlockedTooManyAttempts")]
        public void Failure_reasons_map_to_named_causes(string reason, string expected)
        {
            var a = Build(Audit.Step("f", 0, "User submitted their user ID"), Audit.Step("f", 0.1, reason, "failure")).Single();
            Assert.Equal(expected, a.NamedCause);
            Assert.Equal(expected, a.CauseId);
            Assert.Equal(expected == "BlockedTooManyAttempts" ? ResetOutcome.Blocked : ResetOutcome.Failed, a.Outcome);
            Assert.Equal(reason, a.FailureReason);
        }

        [Fact]
        public void A_failure_a_finding_explains_is_named_by_the_finding()
        {
            var tenant = new TenantBuilder { GeneratedAt = Audit.Now };
            var lucas = tenant.User("lucas", new[] { TenantBuilder.Password(), TenantBuilder.Email("lucas@example.com") });
            tenant.Assign(lucas, RoleIds.BillingAdmin);
            var anna = tenant.User("anna");
            tenant.Assign(anna, RoleIds.GlobalAdmin);
            tenant.AuditEvents.Add(Audit.Step("l", 0, "User submitted their user ID", upn: lucas.UserPrincipalName));
            tenant.AuditEvents.Add(Audit.Step("l", 0.1, "User's account has insufficient authentication methods defined.", "failure", upn: lucas.UserPrincipalName));
            tenant.AuditEvents.Add(Audit.Step("a", 0, "User submitted their user ID"));
            tenant.AuditEvents.Add(Audit.Step("a", 0.1, "User's account has insufficient authentication methods defined.", "failure"));
            var data = tenant.Build();

            var report = SsprActivity.Read(data, new ReadinessEvaluator(data), null, null);
            var byUser = report.Attempts.ToDictionary(a => a.UserPrincipalName);
            Assert.Equal("SSPR009", byUser["lucas@contoso.com"].CauseId);
            Assert.Equal("InsufficientMethods", byUser["lucas@contoso.com"].NamedCause);
            Assert.Equal("InsufficientMethods", byUser["anna@contoso.com"].CauseId); // two good methods: no finding explains it
        }

        [Fact]
        public void Abandoned_cancelled_in_progress_and_unknown()
        {
            var abandoned = Build(Audit.Step("a", 0, "User submitted their user ID"), Audit.Step("a", 1, "User abandoned after entering their user ID")).Single();
            Assert.Equal(ResetOutcome.Abandoned, abandoned.Outcome);
            Assert.Equal("User abandoned after entering their user ID", abandoned.FailureReason);

            var cancelled = Build(Audit.Step("c", 0, "User cancelled before passing the required authentication methods")).Single();
            Assert.Equal(ResetOutcome.Cancelled, cancelled.Outcome);

            var silent = Build(Audit.Step("s", 0, "User submitted their user ID"), Audit.Step("s", 1, "User started the mobile SMS verification")).Single();
            Assert.Equal(ResetOutcome.Abandoned, silent.Outcome); // long before "now"

            var recent = new AttemptBuilder().Build(new[] { Audit.Step("p", 0, "User submitted their user ID") }, Audit.T0.AddMinutes(3)).Single();
            Assert.Equal(ResetOutcome.InProgress, recent.Outcome);

            var registration = Build(Audit.Step("g", 0, "", "", "User registered for self-service password reset")).Single();
            Assert.Equal("Registration", registration.Kind);
            Assert.Equal(ResetOutcome.Unknown, registration.Outcome);
        }

        [Fact]
        public void A_code_used_12_minutes_after_it_was_sent_crosses_both_windows()
        {
            var a = Build(Audit.LateSms("x", 12).ToArray()).Single();
            var check = Assert.Single(a.CodeChecks);
            Assert.Equal("Sms", check.Method);
            Assert.Equal(TimeSpan.FromMinutes(12), check.Delay);
            Assert.True(check.ExceedsArticleWindow);
            Assert.True(check.ExceedsCurrentWindow);
            Assert.Equal("CodeExpired", a.CauseId);
            Assert.False(a.ExceedsCurrentSessionWindow);
        }

        [Fact]
        public void A_code_used_7_minutes_after_it_was_sent_crosses_only_the_current_window()
        {
            var check = Build(Audit.LateSms("x", 7).ToArray()).Single().CodeChecks.Single();
            Assert.False(check.ExceedsArticleWindow);
            Assert.True(check.ExceedsCurrentWindow);
        }

        [Fact]
        public void A_code_used_in_time_that_fails_did_not_match()
        {
            var a = Build(Audit.LateSms("x", 1).ToArray()).Single();
            Assert.False(a.CodeChecks.Single().ExceedsCurrentWindow);
            Assert.Equal("CodeMismatch", a.CauseId);
        }

        [Fact]
        public void An_attempt_of_70_minutes_crosses_the_60_minute_flow_window()
        {
            var a = Build(
                Audit.Step("x", 0, "User submitted their user ID"),
                Audit.Step("x", 1, "User started the email verification"),
                Audit.Step("x", 3, "User completed the email verification"),
                Audit.Step("x", 68, "User started the mobile SMS verification"),
                Audit.Step("x", 70, "User entered an invalid code", "failure")).Single();
            Assert.Equal(TimeSpan.FromMinutes(70), a.Duration);
            Assert.True(a.ExceedsArticleFlowWindow);
            Assert.True(a.ExceedsCurrentSessionWindow);
            Assert.All(a.CodeChecks, c => Assert.False(c.ExceedsCurrentWindow));
            Assert.Equal("FlowExpired", a.CauseId);
        }

        [Theory]
        [InlineData("The SMS verification code has expired", "CodeExpired")]
        [InlineData("User's session expired before the reset was complete", "FlowExpired")]
        [InlineData("User entered an invalid or expired SMS verification code", "CodeMismatch")]
        [InlineData("The code entered does not match the code sent", "CodeMismatch")]
        public void Code_texts_name_the_cause_unless_the_timing_must_decide(string reason, string expected)
        {
            Assert.Equal(expected, Build(Audit.LateSms("x", 1, failure: reason).ToArray()).Single().CauseId);
        }

        [Fact]
        public void A_timed_out_flow_is_FlowExpired_and_a_block_without_text_shows_the_activity()
        {
            Assert.Equal("FlowExpired", Build(Audit.Step("t", 0, "User submitted their user ID"), Audit.Step("t", 1, "", "timeout")).Single().CauseId);
            var blocked = Build(Audit.Step("b", 0, "", "success", Audit.Blocked)).Single();
            Assert.Equal(Audit.Blocked, blocked.FailureReason);
        }

        [Fact]
        public void A_failure_text_logged_as_success_still_fails_and_times_the_code()
        {
            var a = Build(
                Audit.Step("x", 0, "User started the mobile SMS verification"),
                Audit.Step("x", 12, "User entered an invalid SMS verification code", "success")).Single();
            Assert.Equal(ResetOutcome.Failed, a.Outcome);
            Assert.Equal("CodeExpired", a.CauseId);
            var entered = Build(
                Audit.Step("y", 0, "User started the mobile SMS verification"),
                Audit.Step("y", 7, "User entered the SMS verification code")).Single();
            Assert.Equal(TimeSpan.FromMinutes(7), entered.CodeChecks.Single().Delay);
        }

        [Fact]
        public void A_flow_that_stopped_with_a_code_out_names_the_code_never_used()
        {
            Assert.Equal("SmsCodeNotUsed", Build(Audit.Step("s", 0, "User submitted their user ID"), Audit.Step("s", 1, "User started the mobile SMS verification")).Single().CauseId);
            Assert.Equal("EmailLinkNotUsed", Build(Audit.Step("e", 0, "User started the email verification"), Audit.Step("e", 2, "User abandoned after starting the email verification option")).Single().CauseId);
            Assert.Null(Build(Audit.Step("n", 0, "User submitted their user ID"), Audit.Step("n", 1, "User abandoned after entering their user ID")).Single().CauseId);
        }

        [Fact]
        public void A_code_sent_again_replaces_the_first_one()
        {
            var a = Build(
                Audit.Step("x", 0, "User started the mobile SMS verification"),
                Audit.Step("x", 1, "User started the mobile SMS verification"),
                Audit.Step("x", 2, "User completed the mobile SMS verification"),
                Audit.Step("x", 3, "User abandoned before selecting a new password")).Single();
            Assert.Null(a.CodeChecks[0].EnteredAt);
            Assert.Equal(TimeSpan.FromMinutes(1), a.CodeChecks[1].Delay);
        }

        [Fact]
        public void An_attempt_of_20_minutes_crosses_only_the_current_session()
        {
            var a = Build(Audit.Step("x", 0, "User submitted their user ID"), Audit.Step("x", 20, "User abandoned before selecting a new password")).Single();
            Assert.False(a.ExceedsArticleFlowWindow);
            Assert.True(a.ExceedsCurrentSessionWindow);
        }
    }

    public class DiagnoserTests
    {
        private const string Anna = "anna@contoso.com";

        /// <summary>Anna (GA) with two good methods, Bob (GA) who can reset her; the events given are the audit log.</summary>
        private static TenantBuilder Tenant(IEnumerable<AuditEvent>? events = null, IEnumerable<AuthenticationMethodInfo>? methods = null)
        {
            var tenant = new TenantBuilder { GeneratedAt = Audit.Now };
            var anna = tenant.User("anna", methods);
            var bob = tenant.User("bob");
            tenant.Assign(anna, RoleIds.GlobalAdmin).Assign(bob, RoleIds.GlobalAdmin);
            if (events != null)
            {
                tenant.AuditEvents.AddRange(events);
            }

            return tenant;
        }

        private static SsprTools.Diagnosis Diagnose(TenantBuilder tenant, DiagnosisSymptom symptom, string upn = Anna)
        {
            var data = tenant.Build();
            var evaluator = new ReadinessEvaluator(data);
            var readiness = evaluator.EvaluateUser(upn)!;
            return new Diagnoser().Diagnose(symptom, readiness, SsprActivity.Read(data, evaluator, upn, null), data);
        }

        private static string[] Likely(SsprTools.Diagnosis d) => d.LikelyCauses.Select(c => c.Id).ToArray();
        private static string[] Other(SsprTools.Diagnosis d) => d.OtherPossibleCauses.Select(c => c.Id).ToArray();
        private static DiagnosisCause Cause(SsprTools.Diagnosis d, string id) => d.LikelyCauses.Single(c => c.Id == id);

        [Fact]
        public void CodeExpired_12_minutes_says_both_windows_were_crossed()
        {
            var d = Diagnose(Tenant(Audit.LateSms("x", 12)), DiagnosisSymptom.InvalidSecurityCode);
            var evidence = string.Join(" ", Cause(d, "CodeExpired").Evidence);
            Assert.Contains("12 min", evidence);
            Assert.Contains("beyond both", evidence);
            Assert.Contains("10 minutes", evidence);
            Assert.Contains("5 minutes", evidence);
            Assert.DoesNotContain("CodeExpired", Other(d));
            Assert.DoesNotContain("CodeMismatch", Likely(d));
        }

        [Fact]
        public void CodeExpired_7_minutes_says_only_current_guidance_was_crossed()
        {
            var d = Diagnose(Tenant(Audit.LateSms("x", 7)), DiagnosisSymptom.InvalidSecurityCode);
            var evidence = string.Join(" ", Cause(d, "CodeExpired").Evidence);
            Assert.Contains("within the knowledge-base article's 10 minutes, but beyond the 5 minutes of current Microsoft guidance", evidence);
        }

        [Fact]
        public void CodeExpired_not_claimed_for_a_code_used_in_time_which_is_a_mismatch()
        {
            var d = Diagnose(Tenant(Audit.LateSms("x", 2)), DiagnosisSymptom.InvalidSecurityCode);
            Assert.DoesNotContain("CodeExpired", Likely(d));
            Assert.Contains("CodeExpired", Other(d));
            Assert.Contains("2 min", string.Join(" ", Cause(d, "CodeMismatch").Evidence));
        }

        [Fact]
        public void CodeMismatch_not_claimed_without_a_failed_code()
        {
            var d = Diagnose(Tenant(new[] { Audit.Step("x", 0, "User submitted their user ID") }), DiagnosisSymptom.InvalidSecurityCode);
            Assert.DoesNotContain("CodeMismatch", Likely(d));
            Assert.Contains("CodeMismatch", Other(d));
        }

        [Fact]
        public void FlowExpired_70_minutes_crosses_the_article_window_and_20_only_the_current_one()
        {
            var seventy = Diagnose(Tenant(new[]
            {
                Audit.Step("x", 0, "User submitted their user ID"),
                Audit.Step("x", 70, "User abandoned before selecting a new password"),
            }), DiagnosisSymptom.InvalidSecurityCode);
            Assert.Contains("beyond both the knowledge-base article's 60 minutes and the 15 minutes", string.Join(" ", Cause(seventy, "FlowExpired").Evidence));

            var twenty = Diagnose(Tenant(new[]
            {
                Audit.Step("x", 0, "User submitted their user ID"),
                Audit.Step("x", 20, "User abandoned before selecting a new password"),
            }), DiagnosisSymptom.InvalidSecurityCode);
            Assert.Contains("within the knowledge-base article's 60 minutes, but beyond the 15 minutes", string.Join(" ", Cause(twenty, "FlowExpired").Evidence));
        }

        [Fact]
        public void FlowExpired_not_claimed_for_a_short_attempt()
        {
            var d = Diagnose(Tenant(Audit.LateSms("x", 1)), DiagnosisSymptom.InvalidSecurityCode);
            Assert.DoesNotContain("FlowExpired", Likely(d));
            Assert.Contains("FlowExpired", Other(d));
        }

        [Fact]
        public void BlockedTooManyAttempts_detected_and_not_claimed_when_absent()
        {
            const string reason = "User entered too many invalid SMS verification codes and is blocked for 24 hours.";
            var blocked = Diagnose(Tenant(new[]
            {
                Audit.Step("r", 0, "User started the mobile SMS verification"),
                Audit.Step("r", 3, reason, "failure"),
                Audit.Step("r", 3, reason, "success", Audit.Blocked),
            }), DiagnosisSymptom.InvalidSecurityCode);
            var cause = Cause(blocked, "BlockedTooManyAttempts");
            Assert.Contains(cause.Evidence, e => e.Contains(reason));
            Assert.Contains(cause.Evidence, e => e.StartsWith("Blocked until", StringComparison.Ordinal));

            var clean = Diagnose(Tenant(Audit.LateSms("x", 1)), DiagnosisSymptom.InvalidSecurityCode);
            Assert.DoesNotContain("BlockedTooManyAttempts", Likely(clean));
            Assert.DoesNotContain("BlockedTooManyAttempts", Other(clean));
        }

        [Fact]
        public void A_current_block_comes_first_in_the_next_steps()
        {
            const string reason = "User entered too many invalid SMS verification codes and is blocked for 24 hours.";
            var tenant = Tenant(new[] { Audit.Step("r", 0, reason, "success", Audit.Blocked) });
            tenant.GeneratedAt = Audit.T0.AddHours(2);
            var d = Diagnose(tenant, DiagnosisSymptom.NoSmsReceived);
            Assert.StartsWith("The account is blocked from self-service reset until 2026-11-20 13:00:00 UTC", d.NextSteps[0]);
        }

        [Fact]
        public void OtherBrowserSession_from_overlapping_sessions_or_a_new_address()
        {
            var overlapping = Diagnose(Tenant(new[]
            {
                Audit.Step("first", 0, "User submitted their user ID"),
                Audit.Step("first", 0.5, "User started the email verification"),
                Audit.Step("second", 2, "User submitted their user ID"),
                Audit.Step("second", 3, "User started the email verification"),
                Audit.Step("second", 4, "User completed the email verification"),
            }), DiagnosisSymptom.InvalidSecurityCode);
            Assert.Contains("second", string.Join(" ", Cause(overlapping, "OtherBrowserSession").Evidence));

            var moved = Diagnose(Tenant(new[]
            {
                Audit.Step("x", 0, "User started the email verification", ip: "203.0.113.10"),
                Audit.Step("x", 1, "User entered an invalid code", "failure", ip: "198.51.100.7"),
            }), DiagnosisSymptom.InvalidSecurityCode);
            Assert.Contains("198.51.100.7", string.Join(" ", Cause(moved, "OtherBrowserSession").Evidence));
        }

        [Fact]
        public void OtherBrowserSession_not_claimed_for_one_session_from_one_address()
        {
            var d = Diagnose(Tenant(Audit.LateSms("x", 1)), DiagnosisSymptom.InvalidSecurityCode);
            Assert.DoesNotContain("OtherBrowserSession", Likely(d));
            Assert.Contains("OtherBrowserSession", Other(d));
        }

        [Fact]
        public void CookiesDisabled_detected_and_not_claimed_when_absent()
        {
            var d = Diagnose(Tenant(new[] { Audit.Step("x", 0, "User tried to reset from a device without cookies enabled.", "failure") }), DiagnosisSymptom.InvalidSecurityCode);
            Assert.Contains("CookiesDisabled", Likely(d));
            var clean = Diagnose(Tenant(Audit.LateSms("x", 1)), DiagnosisSymptom.InvalidSecurityCode);
            Assert.DoesNotContain("CookiesDisabled", Likely(clean));
            Assert.Contains("CookiesDisabled", Other(clean));
        }

        [Fact]
        public void EmailLinkNotUsed_detected_and_not_claimed_when_the_link_was_used()
        {
            var unused = Diagnose(Tenant(new[]
            {
                Audit.Step("x", 0, "User submitted their user ID"),
                Audit.Step("x", 1, "User started the email verification"),
            }), DiagnosisSymptom.NoEmailReceived);
            Assert.Contains("EmailLinkNotUsed", Likely(unused));

            var used = Diagnose(Tenant(new[]
            {
                Audit.Step("x", 1, "User started the email verification"),
                Audit.Step("x", 2, "User completed the email verification"),
                Audit.Step("x", 3, "User abandoned before selecting a new password"),
            }), DiagnosisSymptom.NoEmailReceived);
            Assert.DoesNotContain("EmailLinkNotUsed", Likely(used));
        }

        [Fact]
        public void SmsCodeNotUsed_detected_and_not_claimed_when_the_code_was_entered()
        {
            var unused = Diagnose(Tenant(new[] { Audit.Step("x", 1, "User started the mobile SMS verification") }), DiagnosisSymptom.NoSmsReceived);
            Assert.Contains("SmsCodeNotUsed", Likely(unused));
            var entered = Diagnose(Tenant(Audit.LateSms("x", 1)), DiagnosisSymptom.NoSmsReceived);
            Assert.DoesNotContain("SmsCodeNotUsed", Likely(entered));
        }

        [Fact]
        public void SmsCodeNotUsed_not_claimed_for_a_code_that_was_sent_again_and_entered()
        {
            var d = Diagnose(Tenant(new[]
            {
                Audit.Step("x", 0, "User started the mobile SMS verification"),
                Audit.Step("x", 1, "User started the mobile SMS verification"),
                Audit.Step("x", 2, "User completed the mobile SMS verification"),
                Audit.Step("x", 3, "User abandoned before selecting a new password"),
            }), DiagnosisSymptom.NoSmsReceived);
            Assert.DoesNotContain("SmsCodeNotUsed", Likely(d));
        }

        [Fact]
        public void An_expired_code_the_audit_log_names_is_likely_even_within_the_windows()
        {
            var d = Diagnose(Tenant(Audit.LateSms("x", 1, failure: "The SMS verification code has expired")), DiagnosisSymptom.InvalidSecurityCode);
            Assert.Contains("code has expired", string.Join(" ", Cause(d, "CodeExpired").Evidence));
        }

        [Fact]
        public void UsernameMistyped_when_others_have_attempts_but_this_name_has_none()
        {
            var d = Diagnose(Tenant(Audit.LateSms("x", 1, upn: "bob@contoso.com")), DiagnosisSymptom.NoEmailReceived);
            Assert.Contains("UsernameMistyped", Likely(d));
            Assert.Contains("none by anna@contoso.com", Cause(d, "UsernameMistyped").Evidence.Single());

            // With a finding that explains the symptom, a typo stays a possibility only.
            var noEmail = Diagnose(Tenant(Audit.LateSms("x", 1, upn: "bob@contoso.com"), new[] { TenantBuilder.Password(), TenantBuilder.Phone("+47 91234567"), TenantBuilder.App() }), DiagnosisSymptom.NoEmailReceived);
            Assert.Equal(new[] { "SSPR002" }, Likely(noEmail));
            Assert.Contains("UsernameMistyped", Other(noEmail));
            var own = Diagnose(Tenant(Audit.LateSms("x", 1)), DiagnosisSymptom.NoEmailReceived);
            Assert.DoesNotContain("UsernameMistyped", Likely(own));
            Assert.DoesNotContain("UsernameMistyped", Other(own));
        }

        [Theory]
        [InlineData("Password reset is not enabled for this user. Enable password reset under the configure tab to resolve this.", "NotEnabledForUser")]
        [InlineData("User does not have a license. You can add a license to the user to resolve this.", "NotLicensed")]
        [InlineData("This user is not a member of the password reset users group. Add this user to that group to resolve this.", "NotInSsprGroup")]
        [InlineData("Password reset has been disabled entirely for this tenant.", "TenantSsprDisabled")]
        [InlineData("User's account has insufficient authentication methods defined. Add authentication info to resolve this.", "InsufficientMethods")]
        public void Audit_failures_are_likely_causes_of_a_missing_email_and_not_claimed_when_absent(string reason, string id)
        {
            var d = Diagnose(Tenant(new[] { Audit.Step("x", 0, "User submitted their user ID"), Audit.Step("x", 0.1, reason, "failure") }), DiagnosisSymptom.NoEmailReceived);
            var cause = Cause(d, id);
            Assert.Contains(cause.Evidence, e => e.Contains(reason));
            var clean = Diagnose(Tenant(Audit.LateSms("x", 1)), DiagnosisSymptom.NoEmailReceived);
            Assert.DoesNotContain(id, Likely(clean));
        }

        [Fact]
        public void Admin_ssppr_off_makes_the_not_enabled_failure_SSPR001()
        {
            var tenant = Tenant(new[] { Audit.Step("x", 0.1, "Password reset is not enabled for this user.", "failure") });
            tenant.AllowedToUseSspr = false;
            var d = Diagnose(tenant, DiagnosisSymptom.NoEmailReceived);
            var cause = Cause(d, "SSPR001");
            Assert.Contains(cause.Evidence, e => e.Contains("not enabled for this user"));
            Assert.Contains(cause.Evidence, e => e.StartsWith("SSPR001", StringComparison.Ordinal));
            Assert.DoesNotContain("NotEnabledForUser", Likely(d));
            Assert.Equal("SSPR001", d.RecentAttempts.Single().CauseId);
        }

        [Fact]
        public void SSPR002_for_a_missing_email_only_when_there_is_no_alternate_email()
        {
            var without = Diagnose(Tenant(methods: new[] { TenantBuilder.Password(), TenantBuilder.Phone("+47 91234567"), TenantBuilder.App() }), DiagnosisSymptom.NoEmailReceived);
            Assert.Contains("SSPR002", Likely(without));
            Assert.DoesNotContain("SSPR002", Likely(Diagnose(Tenant(), DiagnosisSymptom.NoEmailReceived)));
            Assert.DoesNotContain("SSPR002", Likely(Diagnose(Tenant(methods: new[] { TenantBuilder.Password(), TenantBuilder.Phone("+47 91234567"), TenantBuilder.App() }), DiagnosisSymptom.NoSmsReceived)));
        }

        [Theory]
        [InlineData(null, "SSPR003")]
        [InlineData("4255550123", "SSPR004")]
        [InlineData("+81 09012345678", "SSPR005")]
        [InlineData("+44 20 7946 0321", "SSPR006")]
        [InlineData("n/a", "SSPR007")]
        [InlineData("+81 9012345678", "SSPR014")]
        public void Phone_findings_are_likely_causes_of_a_missing_sms(string? number, string id)
        {
            var methods = new List<AuthenticationMethodInfo> { TenantBuilder.Password(), TenantBuilder.Email("anna@example.com"), TenantBuilder.App() };
            var tenant = new TenantBuilder { GeneratedAt = Audit.Now };
            var anna = tenant.User("anna", methods, mobilePhone: number);
            var bob = tenant.User("bob");
            tenant.Assign(anna, RoleIds.GlobalAdmin).Assign(bob, RoleIds.GlobalAdmin);
            var d = Diagnose(tenant, DiagnosisSymptom.NoSmsReceived);
            Assert.Contains(id, Likely(d));
            Assert.Contains(Cause(d, id).Evidence, e => e.StartsWith(id, StringComparison.Ordinal));
            Assert.DoesNotContain(id, Likely(Diagnose(Tenant(), DiagnosisSymptom.NoSmsReceived)));
            Assert.DoesNotContain(id, Likely(Diagnose(tenant, DiagnosisSymptom.NoEmailReceived)));
        }

        [Fact]
        public void A_check_that_could_not_run_leaves_its_finding_possible()
        {
            var tenant = new TenantBuilder { GeneratedAt = Audit.Now };
            var anna = tenant.User("anna", methodsUnreadable: true);
            tenant.Assign(anna, RoleIds.GlobalAdmin).Assign(tenant.User("bob"), RoleIds.GlobalAdmin);
            var d = Diagnose(tenant, DiagnosisSymptom.NoEmailReceived);
            Assert.DoesNotContain("SSPR002", Likely(d));
            var possible = d.OtherPossibleCauses.Single(c => c.Id == "SSPR002");
            Assert.Contains("403 Forbidden", possible.Evidence.Single());
            Assert.Equal(new[] { "SSPR004", "SSPR005", "SSPR006", "SSPR007", "SSPR014" }, Diagnoser.FindingIdsIn("SSPR004-SSPR007, SSPR014: masked").ToArray());
        }

        [Fact]
        public void Carrier_and_VoIP_are_possible_unless_a_finding_confirms_them()
        {
            var clean = Diagnose(Tenant(), DiagnosisSymptom.NoSmsReceived);
            Assert.Contains("CarrierFiltering", Other(clean));
            Assert.Contains("VoipSmsService", Other(clean));

            var tenant = new TenantBuilder { GeneratedAt = Audit.Now };
            var anna = tenant.User("anna", new[] { TenantBuilder.Password(), TenantBuilder.Email("anna@example.com"), TenantBuilder.Phone("+81 9012345678") });
            tenant.Assign(anna, RoleIds.GlobalAdmin).Assign(tenant.User("bob"), RoleIds.GlobalAdmin);
            var japan = Diagnose(tenant, DiagnosisSymptom.NoSmsReceived);
            Assert.Contains("SSPR014", Likely(japan));
            Assert.DoesNotContain("CarrierFiltering", Other(japan));
        }

        [Theory]
        [InlineData(null, "msonlineservicesteam@microsoftonline.com")]
        [InlineData("https://graph.microsoft.com", "msonlineservicesteam@microsoft.com")]
        [InlineData("https://graph.microsoft.us", "msonlineservicesteam@azureadnotifications.us")]
        [InlineData("https://dod-graph.microsoft.us", "msonlineservicesteam@microsoftonline.us")]
        [InlineData("https://microsoftgraph.chinacloudapi.cn", "msonlineservicesteam@oe.21vianet.com")]
        public void Junk_folder_and_safe_senders_with_the_senders_of_the_tenants_cloud(string? cloud, string sender)
        {
            var tenant = Tenant();
            tenant.Cloud = cloud;
            var d = Diagnose(tenant, DiagnosisSymptom.NoEmailReceived);
            Assert.Contains("JunkFolder", Other(d));
            var safe = d.OtherPossibleCauses.Single(c => c.Id == "SafeSenders");
            Assert.Contains(sender, safe.Remediation);
            Assert.Contains(sender, string.Join(" ", safe.Evidence));
            Assert.Contains(d.NextSteps, s => s.Contains(sender));
            Assert.DoesNotContain("JunkFolder", Other(Diagnose(tenant, DiagnosisSymptom.NoSmsReceived)));
        }

        [Fact]
        public void Invalid_code_next_steps_follow_the_article_and_name_who_can_reset()
        {
            var d = Diagnose(Tenant(Audit.LateSms("x", 12)), DiagnosisSymptom.InvalidSecurityCode);
            Assert.Equal(4, d.NextSteps.Length);
            Assert.StartsWith("Retype the security code", d.NextSteps[0]);
            Assert.Contains("within 5 minutes", d.NextSteps[1]);
            Assert.Contains("15 minutes", d.NextSteps[1]);
            Assert.Contains("10 minutes", d.NextSteps[1]);
            Assert.Contains("60 minutes", d.NextSteps[1]);
            Assert.Contains("close every browser window", d.NextSteps[2]);
            Assert.Contains("bob@contoso.com can", d.NextSteps[3]);
            Assert.Equal(new[] { "bob@contoso.com" }, d.AssistedResetBy);
        }

        [Fact]
        public void The_only_admin_is_sent_to_support()
        {
            var tenant = new TenantBuilder { GeneratedAt = Audit.Now };
            tenant.Assign(tenant.User("anna"), RoleIds.GlobalAdmin);
            var d = Diagnose(tenant, DiagnosisSymptom.InvalidSecurityCode);
            Assert.Contains("SSPR011", d.Readiness!.Findings.Select(f => f.Id));
            Assert.Contains("contact Microsoft support", d.NextSteps.Last());
            var email = Diagnose(tenant, DiagnosisSymptom.NoEmailReceived);
            Assert.Contains("contact Microsoft support", email.NextSteps[0]);
        }

        [Fact]
        public void A_later_success_or_admin_reset_is_said_first()
        {
            var succeeded = Diagnose(Tenant(Audit.LateSms("x", 12).Concat(new[]
            {
                Audit.Step("y", 30, "User submitted their user ID"),
                Audit.Step("y", 31, "User successfully reset password", activity: Audit.Reset),
            })), DiagnosisSymptom.InvalidSecurityCode);
            Assert.StartsWith("The latest attempt, at 2026-11-19 13:31:00 UTC, succeeded", succeeded.NextSteps[0]);
            Assert.Contains("CodeExpired", Likely(succeeded)); // the failed attempt still explains the symptom

            var reset = Diagnose(Tenant(Audit.LateSms("x", 12).Concat(new[]
            {
                Audit.Step("z", 40, "Successfully completed reset.", activity: "Reset password (by admin)"),
            })), DiagnosisSymptom.InvalidSecurityCode);
            Assert.StartsWith("An administrator reset the password at 2026-11-19 13:40:00 UTC", reset.NextSteps[0]);
        }

        [Fact]
        public void A_non_admin_gets_SSPR016_and_the_contact_your_administrator_path()
        {
            var tenant = Tenant();
            tenant.User("dora");
            var helpdesk = tenant.User("henk");
            tenant.Assign(helpdesk, RoleIds.HelpdeskAdmin);
            foreach (var symptom in (DiagnosisSymptom[])Enum.GetValues(typeof(DiagnosisSymptom)))
            {
                var d = Diagnose(tenant, symptom, "dora@contoso.com");
                Assert.False(d.IsAdmin);
                Assert.Contains("SSPR016", Likely(d));
                var contact = d.NextSteps.Single(s => s.Contains("contact your administrator"));
                Assert.Contains("henk@contoso.com", contact);
            }

            Assert.DoesNotContain("SSPR016", Likely(Diagnose(tenant, DiagnosisSymptom.NoEmailReceived)));
        }

        [Fact]
        public void No_audit_data_is_no_attempts_with_a_reason_and_audit_causes_stay_possible()
        {
            var tenant = Tenant();
            tenant.AuditLogsCollection = CollectionStates.NotLicensed;
            var data = tenant.Build();
            var report = SsprActivity.Read(data, new ReadinessEvaluator(data), null, null);
            Assert.Empty(report.Attempts);
            Assert.False(report.AuditAvailable);
            Assert.Contains("7 days", Assert.Single(report.Warnings));

            var d = Diagnose(tenant, DiagnosisSymptom.InvalidSecurityCode);
            Assert.Empty(d.RecentAttempts);
            Assert.Contains(d.NotEvaluated, n => n.Contains("audit log"));
            Assert.Contains("BlockedTooManyAttempts", Other(d));
            Assert.Contains("CodeExpired", Other(d));

            var empty = Tenant().Build();
            var none = SsprActivity.Read(empty, new ReadinessEvaluator(empty), null, null);
            Assert.True(none.AuditAvailable);
            Assert.Contains("30 days on P1/P2", Assert.Single(none.Warnings));
        }

        [Fact]
        public void Days_are_counted_from_the_snapshot_time()
        {
            var tenant = Tenant(Audit.LateSms("old", 1).Concat(Audit.LateSms("new", 1).Select(e => new AuditEvent
            {
                CorrelationId = e.CorrelationId, ActivityDisplayName = e.ActivityDisplayName, LoggedByService = e.LoggedByService,
                Result = e.Result, ResultReason = e.ResultReason, ActivityDateTime = e.ActivityDateTime.AddDays(-10), TargetResources = e.TargetResources,
            })));
            var data = tenant.Build();
            var since = SsprActivity.SinceDays(data, 7);
            var report = SsprActivity.Read(data, new ReadinessEvaluator(data), Anna, since);
            Assert.Equal("old", Assert.Single(report.Attempts).CorrelationId);
        }
    }

    public class DiagnosisCatalogTests
    {
        private static readonly DiagnosisCatalog Catalog = DiagnosisCatalog.Default;

        [Fact]
        public void Every_symptom_of_both_articles_is_covered_by_a_cause()
        {
            foreach (var symptom in (DiagnosisSymptom[])Enum.GetValues(typeof(DiagnosisSymptom)))
            {
                var causes = Catalog.Causes.Where(c => c.Symptoms.Contains(symptom)).Select(c => c.Id)
                    .Concat(Catalog.FindingSymptoms.Where(f => f.Value.Contains(symptom)).Select(f => f.Key)).ToList();
                Assert.True(causes.Count >= 3, symptom + " has too few causes: " + string.Join(", ", causes));
            }
        }

        [Fact]
        public void Every_cause_named_by_the_articles_maps_to_a_cause_or_finding_of_a_matching_symptom()
        {
            Assert.True(Catalog.ArticleCauses.Count >= 17);
            foreach (var entry in Catalog.ArticleCauses)
            {
                var known = Catalog.Cause(entry.Value) != null || Catalog.FindingSymptoms.ContainsKey(entry.Value);
                Assert.True(known, entry.Key + " → " + entry.Value + " is neither a cause nor a finding");
                var symptoms = Catalog.Cause(entry.Value)?.Symptoms ?? Catalog.FindingSymptoms[entry.Value];
                var expected = entry.Key.StartsWith("nb:", StringComparison.Ordinal)
                    ? new[] { DiagnosisSymptom.InvalidSecurityCode }
                    : new[] { DiagnosisSymptom.NoEmailReceived, DiagnosisSymptom.NoSmsReceived };
                Assert.True(symptoms.Intersect(expected).Any(), entry.Key + " is not tied to its article's symptom");
            }
        }

        [Fact]
        public void Every_cause_has_a_title_and_a_remedy()
        {
            foreach (var cause in Catalog.Causes)
            {
                Assert.NotEqual("Cause_" + cause.Id + "_Title", Texts.Get("Cause_" + cause.Id + "_Title"));
                Assert.NotEqual("Cause_" + cause.Id + "_Remediation", Texts.Get("Cause_" + cause.Id + "_Remediation"));
                Assert.NotEqual("Cause_Reference_" + cause.Article, Texts.Get("Cause_Reference_" + cause.Article));
            }
        }

        [Fact]
        public void Both_activity_spellings_are_known()
        {
            Assert.Equal("FlowProgress", Catalog.ActivityKind("Self-service password reset flow activity progress"));
            Assert.Equal("FlowProgress", Catalog.ActivityKind("Self-serve password reset flow activity progress"));
            Assert.Equal("Blocked", Catalog.ActivityKind("blocked from self-service password reset"));
            Assert.True(Catalog.IsSsprService("Self-service Password Management"));
            Assert.False(Catalog.IsSsprService("Authentication Methods"));
        }
    }
}
