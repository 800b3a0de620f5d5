using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
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

        private static string Token(string? oid = null, IEnumerable<string>? wids = null)
        {
            static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var payload = new Dictionary<string, object>
            {
                ["tid"] = TenantId,
                ["upn"] = "helper@contoso.com",
                ["scp"] = string.Join(" ", ReadScopes.Append("User-PasswordProfile.ReadWrite.All")),
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

        private static async Task<(FakeGraphServer Server, ResetHost Host)> Start(string token, Action<FakeGraphOptions>? configure = null)
        {
            var server = await GraphCmdletTests.Serve("contoso.snapshot.json", o =>
            {
                o.ExpectedBearerToken = token;
                configure?.Invoke(o);
            }, token);
            var host = new ResetHost();
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
        public void NotConnected_IsAConnectionError()
        {
            using var host = new ResetHost();
            var r = host.Run("Reset-AdminPassword emily.carter@contoso.com -WhatIf");
            Assert.StartsWith("NotConnected", r.FirstError!.FullyQualifiedErrorId, StringComparison.Ordinal);
        }
    }

    /// <summary>A session of its own per test (so $Error and the history are the test's), capturing every stream.</summary>
    internal sealed class ResetHost : IDisposable
    {
        private readonly Runspace runspace;

        public ResetHost()
        {
            var iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            runspace = RunspaceFactory.CreateRunspace(iss);
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
