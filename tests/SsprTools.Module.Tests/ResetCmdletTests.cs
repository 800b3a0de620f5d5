using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using SsprTools.FakeGraph;
using Xunit;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Reset-AdminPassword against the fake Graph: what is written (exactly one PATCH passwordProfile per confirmed reset, none
    /// with -WhatIf or after a refusal), what the server ends up with, how failures read, and that the password is never in
    /// any stream, in $Error or in the session history.
    /// </summary>
    public class ResetCmdletTests
    {
        private const string TenantId = "11111111-2222-3333-4444-555555555555";
        private const string KariGa = "ab86c8ac-fb45-5aef-bc71-bc6268230a88";       // kari.nordmann, Global Administrator
        private const string EmilyGa = "4ed22f3e-f0f2-553b-98f5-947b0c2af11c";      // emily.carter, Global Administrator
        private const string HelpdeskRoleId = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
        private const string UserRoleId = "b79fbf4d-3ef9-4689-8143-76b194e85509";   // the default "User" role every member's wids carries

        private static readonly string[] ReadScopes =
        {
            "Policy.Read.All", "RoleManagement.Read.Directory", "User.Read.All", "UserAuthenticationMethod.Read.All", "AuditLog.Read.All",
            "GroupMember.Read.All", "AdministrativeUnit.Read.All", "User.Read",
        };

        // ------------------------------------------------------------------ helpers

        private static string Token(string? oid = null, IEnumerable<string>? wids = null, string? extraScope = null)
        {
            static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var payload = new Dictionary<string, object>
            {
                ["tid"] = TenantId,
                ["upn"] = "helper@contoso.com",
                ["scp"] = string.Join(" ", ReadScopes.Append("User-PasswordProfile.ReadWrite.All").Concat(extraScope == null ? Array.Empty<string>() : new[] { extraScope })),
                ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
            };
            if (oid != null)
            {
                payload["oid"] = oid;
            }

            if (wids != null)
            {
                payload["wids"] = wids.ToArray();
            }

            return B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + B64(JsonSerializer.Serialize(payload)) + ".c2lnbmF0dXJl";
        }

        private static async Task<(FakeGraphServer Server, ResetHost Host)> Start(string token, Action<FakeGraphOptions>? configure = null, PSHost? psHost = null)
        {
            var server = await GraphCmdletTests.Serve("contoso.snapshot.json", o =>
            {
                o.ExpectedBearerToken = token;
                configure?.Invoke(o);
            }, token);
            var host = new ResetHost(psHost);
            var connect = host.Run("Connect-SsprGraph -AccessToken $t -GraphEndpoint $e", new Dictionary<string, object?>
            {
                ["t"] = GraphCmdletTests.Secure(token),
                ["e"] = server.BaseAddress.ToString(),
            });
            Assert.Null(connect.FirstError);
            return (server, host);
        }

        private static string Plain(SecureString s) => new NetworkCredential("", s).Password;

        private static List<RequestLogEntry> Patches(FakeGraphServer server) => server.Requests.Where(r => r.Method == "PATCH").ToList();

        /// <summary>The password in a PATCH body the module sent (the server keeps write bodies), and the flag.</summary>
        private static (string Password, bool ForceChange) BodyOf(RequestLogEntry patch)
        {
            using var doc = JsonDocument.Parse(patch.Body!);
            var profile = doc.RootElement.GetProperty("passwordProfile");
            Assert.Single(doc.RootElement.EnumerateObject()); // nothing but passwordProfile is written
            return (profile.GetProperty("password").GetString()!, profile.GetProperty("forceChangePasswordNextSignIn").GetBoolean());
        }

        /// <summary>Every stream, $Error and the history of the session must be free of each secret.</summary>
        private static void AssertNowhere(ResetHost host, ResetRun run, params string[] secrets)
        {
            Assert.NotEmpty(secrets);
            var texts = run.AllText().Concat(host.SessionText()).ToList();
            Assert.Contains(texts, t => t.Contains("Reset-AdminPassword", StringComparison.Ordinal)); // the history was searched
            foreach (var secret in secrets)
            {
                Assert.False(string.IsNullOrEmpty(secret));
                var leak = texts.FirstOrDefault(t => t.Contains(secret, StringComparison.Ordinal));
                Assert.True(leak == null, "The password appears in: " + leak?.Replace(secret, "<PASSWORD>"));
            }
        }

        // ------------------------------------------------------------------ tests

        [Fact]
        public async Task WhatIf_FromTheReadinessPipeline_SendsNoWrite_AndReadsTheTenantOnce()
        {
            var (server, host) = await Start(Token());
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Test-SsprAdminReadiness | Where-Object { -not $_.SelfServiceReady } | Reset-AdminPassword -WhatIf");
            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            Assert.Empty(r.Output);
            Assert.Empty(Patches(server));
            Assert.DoesNotContain(server.Requests, q => q.Method != "GET" && !q.IsBatch);
            // Two first pages of role assignments: one for Test-SsprAdminReadiness, one for Reset-AdminPassword (all names at once).
            Assert.Equal(2, server.Requests.Count(q => q.PathAndQuery.StartsWith("/v1.0/roleManagement/directory/roleAssignments", StringComparison.Ordinal) &&
                                                     !q.PathAndQuery.Contains("skiptoken", StringComparison.OrdinalIgnoreCase)));
            // michael.johnson is disabled (so not self-service ready): the plan's note is shown before the (skipped) reset.
            Assert.Contains(r.Warnings, w => w.Contains("michael.johnson@contoso.com", StringComparison.Ordinal) && w.Contains("disabled", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Force_SendsExactlyOnePatch_WithTheRightBody_AndTheServerHoldsTheResultsPassword()
        {
            var (server, host) = await Start(Token(KariGa));
            await using var _ = server;
            using var __ = host;
            var before = DateTimeOffset.UtcNow;
            var r = host.Run("Reset-AdminPassword -UserPrincipalName emily.carter@contoso.com -Force -Verbose -Debug -InformationAction Continue");
            Assert.Null(r.FirstError);
            var result = Assert.Single(r.Output);
            Assert.Equal("SsprTools.PasswordResetResult", result.TypeNames[0]);
            Assert.Equal("emily.carter@contoso.com", result.Properties["UserPrincipalName"].Value);
            Assert.Equal(true, result.Properties["ForceChangePasswordNextSignIn"].Value);
            Assert.Equal("passwordProfile", result.Properties["Method"].Value);
            var at = (DateTimeOffset)result.Properties["ResetAt"].Value;
            Assert.InRange(at, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
            var secure = Assert.IsType<SecureString>(result.Properties["TemporaryPassword"].Value);

            var patch = Assert.Single(Patches(server));
            Assert.Equal("/v1.0/users/" + EmilyGa, patch.PathAndQuery);
            Assert.Equal(204, patch.Status);
            var (sent, force) = BodyOf(patch);
            Assert.True(force);
            var stored = server.State.GetLastPassword("emily.carter@contoso.com");
            Assert.NotNull(stored);
            Assert.Equal("passwordProfile", stored!.Via);
            Assert.True(stored.ForceChangePasswordNextSignIn);
            Assert.Equal(stored.Password, sent);
            Assert.Equal(stored.Password, Plain(secure));
            Assert.Equal(16, stored.Password.Length);

            // -Verbose names the call (never its body); the debug stream is in use too, and both are searched.
            Assert.Contains(r.Verbose, v => v.Contains("PATCH /v1.0/users/" + EmilyGa, StringComparison.Ordinal) && v.Contains("204", StringComparison.Ordinal));
            Assert.DoesNotContain(r.Verbose, v => v.Contains("passwordProfile\"", StringComparison.Ordinal));
            Assert.NotEmpty(r.Debug);
            Assert.NotEmpty(r.Progress);
            AssertNowhere(host, r, stored.Password);
        }

        [Fact]
        public async Task ConfirmFalse_Resets_AndForceChangeCanBeTurnedOff()
        {
            var (server, host) = await Start(Token(KariGa));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com -Confirm:$false -ForceChangePasswordNextSignIn:$false");
            Assert.Null(r.FirstError);
            var result = Assert.Single(r.Output);
            Assert.Equal(false, result.Properties["ForceChangePasswordNextSignIn"].Value);
            var (sent, force) = BodyOf(Assert.Single(Patches(server)));
            Assert.False(force);
            var stored = server.State.GetLastPassword(EmilyGa)!;
            Assert.False(stored.ForceChangePasswordNextSignIn);
            Assert.Equal(sent, Plain((SecureString)result.Properties["TemporaryPassword"].Value));
            AssertNowhere(host, r, sent);
        }

        [Fact]
        public async Task WithoutForceOrConfirmFalse_ItAsks_AndAHostThatCannotAskGetsNoWrite()
        {
            var (server, host) = await Start(Token(KariGa));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com");
            Assert.NotNull(r.FirstError); // the confirmation prompt needs a host that can ask
            Assert.StartsWith("HostFunctionNotImplemented", r.FirstError!.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("\"Reset password\"", r.FirstError.ToString(), StringComparison.Ordinal);
            Assert.Contains("emily.carter@contoso.com (roles: Global Administrator)", r.FirstError.ToString(), StringComparison.Ordinal);
            Assert.Empty(r.Output);
            Assert.Empty(Patches(server));
        }

        [Fact]
        public async Task NewPassword_IsSet_AndNeverEchoed()
        {
            const string chosen = "Blue-Kettle-47x";
            var (server, host) = await Start(Token(KariGa));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword -UserPrincipalName daan.visser@contoso.com -NewPassword $pw -Force -Verbose -Debug",
                new Dictionary<string, object?> { ["pw"] = GraphCmdletTests.Secure(chosen) });
            Assert.Null(r.FirstError);
            var result = Assert.Single(r.Output);
            Assert.Equal(chosen, Plain((SecureString)result.Properties["TemporaryPassword"].Value));
            Assert.Equal(chosen, server.State.GetLastPassword("daan.visser@contoso.com")!.Password);
            Assert.Equal(chosen, BodyOf(Assert.Single(Patches(server))).Password);
            AssertNowhere(host, r, chosen);
        }

        [Theory]
        [InlineData("kettle12", "WeakPassword")]          // 2 of 4 classes
        [InlineData("Sh0rt!", "WeakPassword")]             // too short
        [InlineData("Emily-Blue-2026!", "WeakPassword")]   // the target's own name (from the UPN)
        public async Task WeakNewPassword_IsRefused_BeforeAnyGraphCall(string weak, string errorId)
        {
            var (server, host) = await Start(Token(KariGa));
            await using var _ = server;
            using var __ = host;
            var requestsBefore = server.Requests.Count;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com -NewPassword $pw -Force -Verbose -Debug",
                new Dictionary<string, object?> { ["pw"] = GraphCmdletTests.Secure(weak) });
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith(errorId, error!.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("-NewPassword", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Empty(r.Output);
            Assert.Equal(requestsBefore, server.Requests.Count);
            AssertNowhere(host, r, weak);
        }

        [Fact]
        public async Task Forbidden_IsMapped_NamingThePermission_AndTheRolesThatMayReset()
        {
            var (server, host) = await Start(Token(KariGa), o => o.GrantedScopes = ReadScopes.ToHashSet(StringComparer.OrdinalIgnoreCase));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com, daan.visser@contoso.com -Force -Verbose");
            Assert.Null(r.Terminating);
            Assert.Equal(2, r.Errors.Count); // non-terminating: the second account was tried too
            var error = r.Errors[0];
            Assert.StartsWith("ResetPermissionDenied", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
            Assert.Equal("emily.carter@contoso.com", error.TargetObject);
            Assert.Contains("User-PasswordProfile.ReadWrite.All", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains("Connect-SsprGraph -Scopes User-PasswordProfile.ReadWrite.All", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Contains("Privileged Authentication Administrator", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Contains("Global Administrator", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Empty(r.Output);
            var patches = Patches(server);
            Assert.Equal(2, patches.Count);
            Assert.All(patches, p => Assert.Equal(403, p.Status));
            Assert.Null(server.State.GetLastPassword(EmilyGa));
            AssertNowhere(host, r, patches.Select(p => BodyOf(p).Password).ToArray());
        }

        [Fact]
        public async Task PipelineOfThreeAdmins_ByPropertyName_ResetsThree()
        {
            var (server, host) = await Start(Token(KariGa));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Test-SsprAdminReadiness -UserPrincipalName sophie.bakker@contoso.com, daan.visser@contoso.com, charlotte.evans@contoso.com | " +
                             "Reset-AdminPassword -Force -Verbose");
            Assert.Null(r.FirstError);
            Assert.Equal(3, r.Output.Count);
            var patches = Patches(server);
            Assert.Equal(3, patches.Count);
            Assert.Equal(3, patches.Select(p => p.PathAndQuery).Distinct().Count());
            var secrets = new List<string>();
            foreach (var o in r.Output)
            {
                var upn = (string)o.Properties["UserPrincipalName"].Value;
                var stored = server.State.GetLastPassword(upn)!;
                Assert.Equal(stored.Password, Plain((SecureString)o.Properties["TemporaryPassword"].Value));
                secrets.Add(stored.Password);
            }

            Assert.Equal(3, secrets.Distinct().Count());
            AssertNowhere(host, r, secrets.ToArray());
        }

        [Fact]
        public async Task OwnAccount_IsRefused_BeforeAnyWrite()
        {
            var (server, host) = await Start(Token(KariGa, new[] { "62e90394-69f5-4237-9190-012177145e10", UserRoleId }));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword kari.nordmann@contoso.com -Force");
            var error = Assert.Single(r.Errors);
            Assert.StartsWith("ResetOwnAccount", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("aka.ms/sspr", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Empty(r.Output);
            Assert.Empty(Patches(server));
        }

        [Fact]
        public async Task HelpdeskCaller_IsRefusedForAGlobalAdministrator_NamingTheRolesThatMay_BeforeAnyWrite()
        {
            // A caller the tenant read does not show as a role holder: the token's wids are the evidence.
            var (server, host) = await Start(Token(Guid.NewGuid().ToString(), new[] { HelpdeskRoleId, UserRoleId }));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com -Force");
            var error = Assert.Single(r.Errors);
            Assert.StartsWith("ResetNotPermitted", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
            Assert.Contains("Privileged Authentication Administrator", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains("Global Administrator", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Empty(r.Output);
            Assert.Empty(Patches(server));
        }

        [Fact]
        public async Task UnknownUpn_IsUserNotFound_WithASuggestion_AndTheOthersAreReset()
        {
            var (server, host) = await Start(Token(KariGa));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("'sophie.baker@contoso.com', 'daan.visser@contoso.com' | Reset-AdminPassword -Force");
            var error = Assert.Single(r.Errors);
            Assert.StartsWith("UserNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("sophie.bakker@contoso.com", error.ErrorDetails.Message, StringComparison.Ordinal);
            var result = Assert.Single(r.Output);
            Assert.Equal("daan.visser@contoso.com", result.Properties["UserPrincipalName"].Value);
            var patch = Assert.Single(Patches(server));
            AssertNowhere(host, r, BodyOf(patch).Password);
        }

        [Fact]
        public async Task SyncedAccount_ExplainsWriteback_AndProceeds()
        {
            var (server, host) = await Start(Token(KariGa));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword ola.hansen@contoso.com -Force");
            Assert.Null(r.FirstError);
            Assert.Contains(r.Warnings, w => w.Contains("writeback", StringComparison.Ordinal));
            Assert.Single(r.Output);
            var patch = Assert.Single(Patches(server));
            AssertNowhere(host, r, BodyOf(patch).Password);
        }

        [Fact]
        public async Task WhatIfWithForce_StillWritesNothing()
        {
            var (server, host) = await Start(Token(KariGa));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com -Force -WhatIf");
            Assert.Null(r.FirstError);
            Assert.Empty(r.Output);
            Assert.Empty(Patches(server));
        }

        [Fact]
        public async Task ConfirmationPrompt_Yes_Resets_No_Skips_AndNamesTheTarget()
        {
            var answers = new Queue<int>(new[] { 0, 2 }); // [Y] Yes for the first, [N] No for the second
            var prompting = new PromptHost(_ => answers.Dequeue());
            var (server, host) = await Start(Token(KariGa), null, prompting);
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com, daan.visser@contoso.com");
            Assert.Null(r.FirstError);
            Assert.Equal(2, prompting.Prompts.Count);
            Assert.Contains("emily.carter@contoso.com (roles: Global Administrator)", prompting.Prompts[0], StringComparison.Ordinal);
            Assert.Contains("daan.visser@contoso.com (roles: Password Administrator)", prompting.Prompts[1], StringComparison.Ordinal);
            var result = Assert.Single(r.Output);
            Assert.Equal("emily.carter@contoso.com", result.Properties["UserPrincipalName"].Value);
            var patch = Assert.Single(Patches(server));
            Assert.Equal("/v1.0/users/" + EmilyGa, patch.PathAndQuery);
            Assert.Null(server.State.GetLastPassword("daan.visser@contoso.com"));
            var secret = BodyOf(patch).Password;
            AssertNowhere(host, r, secret);
            Assert.DoesNotContain(secret, prompting.Written.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(prompting.Prompts, p => p.Contains(secret, StringComparison.Ordinal));
        }

        [Fact]
        public async Task WhatIf_TellsTheHostWhatWouldBeReset()
        {
            var prompting = new PromptHost(_ => throw new InvalidOperationException("-WhatIf must not ask"));
            var (server, host) = await Start(Token(KariGa), null, prompting);
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com -WhatIf");
            Assert.Null(r.FirstError);
            Assert.Empty(prompting.Prompts);
            Assert.Contains("What if: Performing the operation \"Reset password\" on target \"emily.carter@contoso.com (roles: Global Administrator)\"",
                prompting.Written.ToString(), StringComparison.Ordinal);
            Assert.Empty(Patches(server));
        }

        [Fact]
        public async Task ThrottlingThatOutlastsTheRetries_IsGraphThrottled_EveryAttemptSendsTheSamePassword()
        {
            FakeGraphServer? live = null;
            // Throttle from the moment the user confirms: the reads are done, only the PATCH meets the 429s.
            var prompting = new PromptHost(_ =>
            {
                live!.Options.ThrottleRate = 1.0;
                return 0;
            });
            var (server, host) = await Start(Token(KariGa), null, prompting);
            live = server;
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com, daan.visser@contoso.com -Verbose");
            Assert.Null(r.Terminating);
            Assert.Equal(2, r.Errors.Count);
            Assert.All(r.Errors, e =>
            {
                Assert.StartsWith("GraphThrottled", e.FullyQualifiedErrorId, StringComparison.Ordinal);
                Assert.Equal(ErrorCategory.LimitsExceeded, e.CategoryInfo.Category);
            });
            Assert.Contains("emily.carter@contoso.com", r.Errors[0].ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Empty(r.Output);
            var emilyPatches = Patches(server).Where(p => p.PathAndQuery == "/v1.0/users/" + EmilyGa).ToList();
            Assert.True(emilyPatches.Count > 1, "the PATCH was not retried");
            Assert.All(emilyPatches, p => Assert.Equal(429, p.Status));
            Assert.Single(emilyPatches.Select(p => BodyOf(p).Password).Distinct());
            Assert.Equal(emilyPatches.Count, r.Verbose.Count(v => v.Contains("PATCH /v1.0/users/" + EmilyGa, StringComparison.Ordinal)));
            Assert.Null(server.State.GetLastPassword(EmilyGa));
            AssertNowhere(host, r, Patches(server).Select(p => BodyOf(p).Password).Distinct().ToArray());
        }

        [Fact]
        public async Task SyncedAccount_OnADelegatedConnectionWithTheMethodsScope_UsesResetPassword_AndPollsTheOperation()
        {
            var (server, host) = await Start(Token(KariGa, null, "UserAuthenticationMethod.ReadWrite.All"));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword ola.hansen@contoso.com -Force -Verbose");
            Assert.Null(r.FirstError);
            Assert.Contains(r.Warnings, w => w.Contains("writeback", StringComparison.Ordinal));
            var result = Assert.Single(r.Output);
            Assert.Equal("resetPassword", result.Properties["Method"].Value);
            Assert.Empty(Patches(server));
            var post = Assert.Single(server.Requests, q => q.Method == "POST" && !q.IsBatch);
            Assert.EndsWith("/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword", post.PathAndQuery, StringComparison.Ordinal);
            Assert.Equal(202, post.Status);
            using (var doc = JsonDocument.Parse(post.Body!))
            {
                Assert.Single(doc.RootElement.EnumerateObject());
                Assert.Equal(server.State.GetLastPassword("ola.hansen@contoso.com")!.Password, doc.RootElement.GetProperty("newPassword").GetString());
            }

            var stored = server.State.GetLastPassword("ola.hansen@contoso.com")!;
            Assert.Equal("resetPassword", stored.Via);
            Assert.False(stored.SystemGenerated);
            Assert.Equal(stored.Password, Plain((SecureString)result.Properties["TemporaryPassword"].Value));
            // Polled until the operation ended: the fake answers "running" first, then "succeeded".
            Assert.True(server.Requests.Count(q => q.PathAndQuery.Contains("/authentication/operations/", StringComparison.Ordinal)) >= 2);
            Assert.Contains(r.Verbose, v => v.Contains("succeeded", StringComparison.OrdinalIgnoreCase));
            AssertNowhere(host, r, stored.Password);
        }

        [Fact]
        public async Task CloudAccount_WithTheMethodsScope_StillUsesPasswordProfile()
        {
            var (server, host) = await Start(Token(KariGa, null, "UserAuthenticationMethod.ReadWrite.All"));
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com -Force");
            Assert.Null(r.FirstError);
            Assert.Equal("passwordProfile", Assert.Single(r.Output).Properties["Method"].Value);
            Assert.Single(Patches(server));
        }

        [Fact]
        public async Task AppOnly_UsesPasswordProfile_EvenForASyncedAccount()
        {
            static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var app = B64("{\"alg\":\"none\"}") + "." + B64(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["tid"] = TenantId,
                ["idtyp"] = "app",
                ["oid"] = Guid.NewGuid().ToString(),
                ["app_displayname"] = "SSPR runbook",
                ["roles"] = ReadScopes.Where(x => x != "User.Read").Concat(new[] { "Organization.Read.All", "User-PasswordProfile.ReadWrite.All", "UserAuthenticationMethod.ReadWrite.All" }).ToArray(),
                ["wids"] = new[] { HelpdeskRoleId },
                ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
            })) + ".c2lnbmF0dXJl";
            var (server, host) = await Start(app);
            await using var _ = server;
            using var __ = host;
            var r = host.Run("Reset-AdminPassword ola.hansen@contoso.com -Force");
            Assert.Null(r.FirstError);
            Assert.Equal("passwordProfile", Assert.Single(r.Output).Properties["Method"].Value);
            var patch = Assert.Single(Patches(server));
            AssertNowhere(host, r, BodyOf(patch).Password);
        }

        [Fact]
        public void FormatViews_ShowTheResultWithoutThePassword()
        {
            var doc = System.Xml.Linq.XDocument.Load(System.IO.Path.Combine(Paths.ModuleFolder, "SsprTools.format.ps1xml"));
            var views = doc.Descendants("View").Where(v => (string?)v.Element("ViewSelectedBy")?.Element("TypeName") == "SsprTools.PasswordResetResult").ToList();
            Assert.NotEmpty(views);
            var table = Assert.Single(views, v => v.Element("TableControl") != null);
            Assert.Equal(new[] { "UserPrincipalName", "ForceChangePasswordNextSignIn", "ResetAt", "Method" },
                table.Descendants("TableColumnItem").Select(i => (string?)i.Element("PropertyName")).ToArray());
            // No view renders the SecureString's content: at most a fixed placeholder.
            Assert.DoesNotContain(views.SelectMany(v => v.Descendants("PropertyName")), p => p.Value == "TemporaryPassword");
            Assert.All(views.SelectMany(v => v.Descendants("ScriptBlock")), sb => Assert.DoesNotContain("GetNetworkCredential", sb.Value, StringComparison.OrdinalIgnoreCase));
            Assert.All(views.SelectMany(v => v.Descendants("ScriptBlock")), sb => Assert.DoesNotContain("Marshal", sb.Value, StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public void NotConnected_IsAConnectionError()
        {
            using var host = new ResetHost();
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com -WhatIf");
            Assert.StartsWith("NotConnected", r.FirstError!.FullyQualifiedErrorId, StringComparison.Ordinal);
        }
    }

    /// <summary>A host that can ask: records each confirmation prompt and what is written to it, answers through a callback.</summary>
    internal sealed class PromptHost : PSHost
    {
        private readonly PromptUI ui;

        public PromptHost(Func<string, int> answer)
        {
            ui = new PromptUI(this, answer);
        }

        public List<string> Prompts { get; } = new List<string>();
        public StringBuilder Written { get; } = new StringBuilder();

        public override string Name => "ResetTestHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => ui;
        public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }

        private sealed class PromptUI : PSHostUserInterface
        {
            private readonly PromptHost host;
            private readonly Func<string, int> answer;

            public PromptUI(PromptHost host, Func<string, int> answer)
            {
                this.host = host;
                this.answer = answer;
            }

            public override PSHostRawUserInterface? RawUI => null;

            public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
            {
                var text = caption + " | " + message;
                host.Prompts.Add(text);
                return answer(text);
            }

            public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) =>
                throw new NotSupportedException();

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
                throw new NotSupportedException();

            public override string ReadLine() => "";
            public override SecureString ReadLineAsSecureString() => new SecureString();
            public override void Write(string value) => host.Written.Append(value);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => host.Written.Append(value);
            public override void WriteLine(string value) => host.Written.AppendLine(value);
            public override void WriteErrorLine(string value) => host.Written.AppendLine(value);
            public override void WriteDebugLine(string message) => host.Written.AppendLine(message);
            public override void WriteProgress(long sourceId, ProgressRecord record) => host.Written.AppendLine(record.Activity + " " + record.StatusDescription);
            public override void WriteVerboseLine(string message) => host.Written.AppendLine(message);
            public override void WriteWarningLine(string message) => host.Written.AppendLine(message);
        }
    }

    /// <summary>A session of its own per test (so $Error and the history are the test's), capturing every stream.</summary>
    internal sealed class ResetHost : IDisposable
    {
        private readonly Runspace runspace;

        public ResetHost(PSHost? host = null)
        {
            var iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            runspace = host == null ? RunspaceFactory.CreateRunspace(iss) : RunspaceFactory.CreateRunspace(host, iss);
            runspace.Open();
            var import = Run($"Import-Module '{Paths.ModuleManifest}' -ErrorAction Stop");
            if (import.FirstError != null)
            {
                throw new InvalidOperationException("Import-Module failed: " + import.FirstError);
            }
        }

        public ResetRun Run(string script, IDictionary<string, object?>? variables = null)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            foreach (var v in variables ?? new Dictionary<string, object?>())
            {
                runspace.SessionStateProxy.SetVariable(v.Key, v.Value);
            }

            ps.AddScript(script);
            Exception? terminating = null;
            var output = new List<PSObject>();
            try
            {
                output.AddRange(ps.Invoke(null, new PSInvocationSettings { AddToHistory = true }));
            }
            catch (RuntimeException e)
            {
                terminating = e;
            }

            return new ResetRun(output, ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(),
                ps.Streams.Verbose.Select(v => v.Message).ToList(), ps.Streams.Debug.Select(d => d.Message).ToList(),
                ps.Streams.Information.ToList(), ps.Streams.Progress.ToList(), terminating);
        }

        /// <summary>$Error (message, exception with inner ones, details) and the command lines of the history.</summary>
        public List<string> SessionText()
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(
                "foreach ($e in $Error) { \"$e\"; if ($e.Exception) { $e.Exception.ToString() }; if ($e.ErrorDetails) { $e.ErrorDetails.Message; $e.ErrorDetails.RecommendedAction }; if ($e.TargetObject) { \"$($e.TargetObject)\" } }\n" +
                "Get-History | ForEach-Object { $_.CommandLine }");
            return ps.Invoke().Where(o => o != null).Select(o => o.ToString()).ToList();
        }

        public void Dispose() => runspace.Dispose();
    }

    internal sealed class ResetRun
    {
        public ResetRun(List<PSObject> output, List<ErrorRecord> errors, List<string> warnings, List<string> verbose, List<string> debug,
            List<InformationRecord> information, List<ProgressRecord> progress, Exception? terminating)
        {
            Output = output;
            Errors = errors;
            Warnings = warnings;
            Verbose = verbose;
            Debug = debug;
            Information = information;
            Progress = progress;
            Terminating = terminating;
        }

        public List<PSObject> Output { get; }
        public List<ErrorRecord> Errors { get; }
        public List<string> Warnings { get; }
        public List<string> Verbose { get; }
        public List<string> Debug { get; }
        public List<InformationRecord> Information { get; }
        public List<ProgressRecord> Progress { get; }
        public Exception? Terminating { get; }

        public ErrorRecord? FirstError => Errors.FirstOrDefault() ?? (Terminating as IContainsErrorRecord)?.ErrorRecord;

        /// <summary>Everything a user could see or log from this run, as text.</summary>
        public IEnumerable<string> AllText()
        {
            foreach (var o in Output)
            {
                yield return o.ToString();
                foreach (var p in o.Properties)
                {
                    object? value;
                    try
                    {
                        value = p.Value;
                    }
                    catch (GetValueException)
                    {
                        continue;
                    }

                    yield return p.Name + " : " + (value is System.Collections.IEnumerable list && !(value is string)
                        ? string.Join(", ", list.Cast<object?>().Select(x => x?.ToString()))
                        : value?.ToString());
                }
            }

            var records = Errors.ToList();
            if (Terminating != null)
            {
                yield return Terminating.ToString();
                if ((Terminating as IContainsErrorRecord)?.ErrorRecord is ErrorRecord inner)
                {
                    records.Add(inner);
                }
            }

            foreach (var e in records)
            {
                yield return e.ToString();
                yield return e.FullyQualifiedErrorId;
                yield return e.CategoryInfo.ToString();
                yield return e.Exception?.ToString() ?? "";
                yield return e.ErrorDetails?.Message ?? "";
                yield return e.ErrorDetails?.RecommendedAction ?? "";
                yield return e.TargetObject?.ToString() ?? "";
                yield return e.InvocationInfo?.Line ?? "";
            }

            foreach (var text in Warnings.Concat(Verbose).Concat(Debug))
            {
                yield return text;
            }

            foreach (var i in Information)
            {
                yield return i.MessageData?.ToString() ?? "";
                yield return string.Join(" ", i.Tags);
            }

            foreach (var p in Progress)
            {
                yield return p.Activity + " | " + p.StatusDescription + " | " + p.CurrentOperation;
            }
        }
    }
}
