using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Secrets never surface: every exported cmdlet runs with -Verbose -Debug -InformationAction Continue against the fake
    /// Graph with a distinctive token and client secret; no stream, error record (message, exception chain, details,
    /// recommended action), formatted or serialized connection, written file or history entry holds either.
    /// </summary>
    public class SecretsTests
    {
        private const string TenantId = "11111111-2222-3333-4444-555555555555";
        private const string Signature = "Zk9SZ0VUX01FX05PVF9zaWduYXR1cmU";
        private const string ClaimMarker = "qX7-claim-marker-4c1d";
        private const string ClientSecret = "cs~Sspr.Q8v_SECRET_9f2Kx";

        private static string DistinctiveToken()
        {
            static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var payload = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["tid"] = TenantId,
                ["upn"] = "scanner@contoso.com",
                ["scp"] = "Policy.Read.All RoleManagement.Read.Directory User.Read.All UserAuthenticationMethod.Read.All AuditLog.Read.All GroupMember.Read.All AdministrativeUnit.Read.All",
                ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
                ["xms_marker"] = ClaimMarker,
            });
            return B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + B64(payload) + "." + Signature;
        }

        /// <summary>Everything a user could get out of an object: its text, its properties (two levels), and for errors the
        /// whole record: id, category, details, recommended action, the exception chain with its data.</summary>
        private static void Render(object? value, StringBuilder text, int depth)
        {
            if (value == null || depth > 2)
            {
                return;
            }

            var o = value as PSObject ?? PSObject.AsPSObject(value);
            text.AppendLine(o.ToString());
            var baseObject = o.BaseObject;
            if (baseObject is ErrorRecord r)
            {
                text.AppendLine(r.FullyQualifiedErrorId).AppendLine(r.CategoryInfo.ToString()).AppendLine(r.ErrorDetails?.Message)
                    .AppendLine(r.ErrorDetails?.RecommendedAction).AppendLine(r.TargetObject?.ToString()).AppendLine(r.ScriptStackTrace)
                    .AppendLine(r.InvocationInfo?.Line).AppendLine(r.Exception?.ToString());
                for (var e = r.Exception; e != null; e = e.InnerException)
                {
                    foreach (System.Collections.DictionaryEntry d in e.Data)
                    {
                        text.AppendLine(d.Key + "=" + d.Value);
                    }
                }

                return;
            }

            if (baseObject is string || baseObject.GetType().IsPrimitive)
            {
                return;
            }

            foreach (var p in o.Properties)
            {
                object? v;
                try
                {
                    v = p.Value;
                }
                catch (Exception e) when (e is GetValueException || e is ExtendedTypeSystemException)
                {
                    continue;
                }

                text.Append(p.Name).Append('=');
                if (v is System.Collections.IEnumerable list && !(v is string))
                {
                    foreach (var item in list)
                    {
                        Render(item, text, depth + 1);
                    }
                }
                else
                {
                    Render(v, text, depth + 1);
                }
            }
        }

        [Fact]
        public async Task EveryCmdlet_WithVerboseDebugInformation_NeverShowsOrWritesTheTokenOrTheSecret()
        {
            var token = DistinctiveToken();
            var payloadPart = token.Split('.')[1];
            await using var server = await GraphCmdletTests.Serve("contoso.snapshot.json", null, token);
            var snapshot = Path.Combine(Path.GetTempPath(), "sspr-secrets-" + Guid.NewGuid().ToString("N") + ".json");
            var report = Path.Combine(Path.GetTempPath(), "sspr-secrets-" + Guid.NewGuid().ToString("N") + ".html");

            var iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            using var runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            runspace.SessionStateProxy.SetVariable("m", Paths.ModuleManifest);
            runspace.SessionStateProxy.SetVariable("t", GraphCmdletTests.Secure(token));
            runspace.SessionStateProxy.SetVariable("cs", GraphCmdletTests.Secure(ClientSecret));
            runspace.SessionStateProxy.SetVariable("e", server.BaseAddress.ToString());
            runspace.SessionStateProxy.SetVariable("snap", snapshot);
            runspace.SessionStateProxy.SetVariable("report", report);

            // Every exported cmdlet, successes and failures alike, all streams merged into the output and rendered every way
            // a user could see them.
            // Every exported cmdlet, successes and failures alike, all streams merged into the output.
            const string script = @"
Import-Module $m -ErrorAction Stop
$c = @{ Verbose = $true; Debug = $true; InformationAction = 'Continue'; ErrorAction = 'Continue' }
$DebugPreference = 'Continue'
& {
    Connect-SsprGraph -AccessToken $t -GraphEndpoint $e @c
    Get-SsprConnection @c
    Get-SsprStatus @c
    Test-SsprAdminReadiness @c
    Test-SsprAdminReadiness -UserPrincipalName nobody@contoso.com @c
    Get-SsprActivity @c
    Get-SsprDiagnosis -UserPrincipalName charlotte.evans@contoso.com -Symptom InvalidSecurityCode @c
    Export-SsprTenantSnapshot -Path $snap @c
    Export-SsprReadinessReport -Path $report @c
    Connect-SsprGraph -AccessToken $t -GraphEndpoint 'http://example.com' @c
    Connect-SsprGraph -TenantId 'not a tenant!' -ClientId '00000000-0000-0000-0000-000000000001' -ClientSecret $cs -GraphEndpoint $e @c
    Connect-SsprGraph -TenantId '11111111-2222-3333-4444-555555555555' -ClientId '00000000-0000-0000-0000-000000000001' -ClientSecret $cs -GraphEndpoint 'http://example.com' @c
    Disconnect-SsprGraph @c
    Get-SsprStatus @c
} *>&1
";
            var text = new StringBuilder();
            try
            {
                using (var ps = PowerShell.Create())
                {
                    ps.Runspace = runspace;
                    ps.AddScript(script);
                    var output = ps.Invoke(null, new PSInvocationSettings { AddToHistory = true });
                    foreach (var o in output)
                    {
                        Render(o, text, 0);
                    }

                    foreach (var record in ps.Streams.Error.Cast<object>().Concat(ps.Streams.Verbose).Concat(ps.Streams.Debug)
                        .Concat(ps.Streams.Warning).Concat(ps.Streams.Information).Concat(ps.Streams.Progress))
                    {
                        Render(record, text, 0);
                    }
                }

                using (var ps = PowerShell.Create())
                {
                    ps.Runspace = runspace;
                    ps.AddScript("$Error; Get-History; Get-SsprConnection");
                    foreach (var o in ps.Invoke())
                    {
                        Render(o, text, 0);
                    }
                }

                var all = text.ToString();

                // The run did what it was asked: connected, scanned, wrote both files, and met the expected errors.
                Assert.Contains("scanner@contoso.com", all);
                Assert.Contains("Graph GET /v1.0/", all);
                Assert.Contains("UserNotFound", all);
                Assert.Contains("InsecureGraphEndpoint", all);
                Assert.Contains("NotConnected", all);
                Assert.True(File.Exists(snapshot), "the snapshot was written");
                Assert.True(File.Exists(report), "the report was written");
                Assert.Contains("Connect-SsprGraph -AccessToken $t", all); // the history was read
                Assert.Contains("InvalidSignInParameter", all);

                var written = File.ReadAllText(snapshot) + File.ReadAllText(report);
                foreach (var (name, secret) in new[]
                {
                    ("the token", token), ("the token's payload", payloadPart), ("the token's signature", Signature),
                    ("a claim only the token holds", ClaimMarker), ("the client secret", ClientSecret),
                })
                {
                    Assert.False(all.Contains(secret, StringComparison.Ordinal), name + " appears in a stream, an error or the history");
                    Assert.False(written.Contains(secret, StringComparison.Ordinal), name + " appears in a written file");
                }

                // The fake Graph saw the token (so it really was the one in use), and only as a bearer header.
                Assert.DoesNotContain(server.Requests, q => q.Status == 401);
                Assert.All(server.Requests, q => Assert.DoesNotContain(Signature, q.PathAndQuery + q.Body, StringComparison.Ordinal));
            }
            finally
            {
                File.Delete(snapshot);
                File.Delete(report);
            }
        }
    }
}
