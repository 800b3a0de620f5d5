using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using SsprTools.FakeGraph;
using Xunit;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Live-tenant path: the module connects with -AccessToken and -GraphEndpoint to the fake Graph server and must give
    /// exactly the findings it gives on -SnapshotPath of the same file, with throttling, licence errors and failures.
    /// </summary>
    public class GraphCmdletTests : IClassFixture<HostFixture>
    {
        private const string TenantId = "11111111-2222-3333-4444-555555555555";
        private readonly PowerShellHost ps;

        public GraphCmdletTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        public static IEnumerable<object[]> SampleFiles() =>
            Directory.GetFiles(Path.Combine(Paths.RepoRoot, "samples"), "*.snapshot.json").OrderBy(f => f).Select(f => new object[] { Path.GetFileName(f) });

        // ------------------------------------------------------------------ helpers

        internal static string MakeToken(string tid, string upn, string scp)
        {
            static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var payload = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["tid"] = tid,
                ["upn"] = upn,
                ["scp"] = scp,
                ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
            });
            return B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + B64(payload) + ".c2lnbmF0dXJl";
        }

        internal static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text)
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }

        /// <summary>One token for the whole run (its exp is computed once, so every use is the same string).</summary>
        internal static readonly string DefaultToken = MakeToken(TenantId, "scanner@contoso.com",
            "Policy.Read.All RoleManagement.Read.Directory User.Read.All UserAuthenticationMethod.Read.All AuditLog.Read.All GroupMember.Read.All AdministrativeUnit.Read.All User.Read");

        internal static async Task<FakeGraphServer> Serve(string sample, Action<FakeGraphOptions>? configure = null, string? token = null)
        {
            var path = Paths.Sample(sample);
            var options = FakeGraphOptions.ForFixture(path);
            options.PageSize = 4; // forces paging on every collection of the samples
            options.RetryAfterSeconds = 0;
            options.ExpectedBearerToken = token ?? DefaultToken;
            configure?.Invoke(options);
            return await FakeGraphServer.StartAsync(path, options);
        }

        internal static RunResult Connect(PowerShellHost host, FakeGraphServer server, string? token = null) =>
            host.Run("Connect-SsprGraph -AccessToken $t -GraphEndpoint $e", new Dictionary<string, object?>
            {
                ["t"] = Secure(token ?? DefaultToken),
                ["e"] = server.BaseAddress.ToString(),
            });

        /// <summary>UPN → "finding ids | SelfServiceReady | Recoverable | AssistedResetBy", the parity signature.</summary>
        internal static Dictionary<string, string> Signatures(RunResult r) =>
            r.Output.ToDictionary(
                o => (string)o.Properties["UserPrincipalName"].Value,
                o =>
                {
                    var ids = FindingIds(o).OrderBy(x => x, StringComparer.Ordinal);
                    var by = ((object[])o.Properties["AssistedResetBy"].Value).Select(x => x.ToString()!).OrderBy(x => x, StringComparer.OrdinalIgnoreCase);
                    return string.Join(",", ids) + " | " + o.Properties["SelfServiceReady"].Value + " | " + o.Properties["Recoverable"].Value + " | " + string.Join(",", by);
                },
                StringComparer.OrdinalIgnoreCase);

        private Dictionary<string, string> SnapshotSignatures(string sample)
        {
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", Paths.Sample(sample))));
            Assert.Empty(r.Errors);
            return Signatures(r);
        }

        private static void AssertSame(Dictionary<string, string> expected, Dictionary<string, string> actual)
        {
            Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase), actual.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase));
            foreach (var pair in expected)
            {
                Assert.True(pair.Value == actual[pair.Key], pair.Key + ": snapshot " + pair.Value + " / graph " + actual[pair.Key]);
            }
        }

        private static string TempFile() => Path.Combine(Path.GetTempPath(), "sspr-" + Guid.NewGuid().ToString("N") + ".json");

        // ------------------------------------------------------------------ connect

        [Fact]
        public async Task Connect_WithAccessToken_ShowsTheConnection_AndDisconnectForgetsIt()
        {
            await using var server = await Serve("contoso.snapshot.json");
            var r = Connect(ps, server);
            Assert.Null(r.FirstError);
            var c = Assert.Single(r.Output);
            Assert.Equal("SsprTools.Connection", c.TypeNames[0]);
            using (var doc = JsonDocument.Parse(File.ReadAllText(Paths.Contoso)))
            {
                // The tenant id comes from GET /organization, which verified the token, not from the token's tid claim.
                Assert.Equal(doc.RootElement.GetProperty("tenant").GetProperty("id").GetString(), c.Properties["TenantId"].Value);
            }

            Assert.Equal("scanner@contoso.com", c.Properties["Account"].Value);
            Assert.Equal("AccessToken", c.Properties["AuthType"].Value.ToString());
            Assert.Equal("Global", c.Properties["Environment"].Value);
            Assert.StartsWith("http://127.0.0.1:", c.Properties["GraphEndpoint"].Value.ToString());
            Assert.Contains("UserAuthenticationMethod.Read.All", (IEnumerable<string>)c.Properties["Scopes"].Value);
            Assert.Contains(server.Requests, q => q.PathAndQuery.StartsWith("/v1.0/organization", StringComparison.Ordinal));
            Assert.DoesNotContain(c.Properties, p => p.Name.IndexOf("Credential", StringComparison.OrdinalIgnoreCase) >= 0 || p.Name.IndexOf("Token", StringComparison.OrdinalIgnoreCase) >= 0);

            var again = ps.Run("Get-SsprConnection");
            Assert.Equal("scanner@contoso.com", Assert.Single(again.Output).Properties["Account"].Value);
            ps.Run("Disconnect-SsprGraph");
            Assert.Empty(ps.Run("Get-SsprConnection").Output);
            var notConnected = ps.Run("Get-SsprStatus");
            Assert.Equal("NotConnected", notConnected.FirstError!.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ConnectionError, notConnected.FirstError.CategoryInfo.Category);
        }

        [Theory]
        [InlineData("http://example.com")]
        [InlineData("http://10.0.0.5:5000")]
        public void Connect_RefusesPlainHttpOffThisMachine(string endpoint)
        {
            var r = ps.Run("Connect-SsprGraph -AccessToken $t -GraphEndpoint $e", Vars(("t", Secure(DefaultToken)), ("e", endpoint)));
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith("InsecureGraphEndpoint", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Empty(r.Output);
        }

        [Fact]
        public async Task Connect_WithAWrongToken_FailsAtConnectTime_As401()
        {
            await using var server = await Serve("contoso.snapshot.json");
            var r = Connect(ps, server, MakeToken(TenantId, "x@contoso.com", "User.Read.All"));
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith("GraphUnauthorized", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.Contains("Connect-SsprGraph", error.ErrorDetails.RecommendedAction);
        }

        // ------------------------------------------------------------------ parity

        [Theory]
        [MemberData(nameof(SampleFiles))]
        public async Task Parity_EachSample_SameFindingsLiveAsFromTheFile(string sample)
        {
            var expected = SnapshotSignatures(sample);
            await using var server = await Serve(sample);
            Assert.Null(Connect(ps, server).FirstError);
            var live = ps.Run("Test-SsprAdminReadiness");
            Assert.Empty(live.Errors);
            Assert.Null(live.Terminating);
            AssertSame(expected, Signatures(live));

            var fileStatus = Assert.Single(ps.Run("Get-SsprStatus -SnapshotPath $p", Vars(("p", Paths.Sample(sample)))).Output);
            var liveStatus = Assert.Single(ps.Run("Get-SsprStatus").Output);
            foreach (var name in new[] { "TenantId", "TenantName", "SelfServePasswordResetEnabled", "TwoGatePolicyApplies", "AdminCount", "GlobalAdminCount", "RecoverableAdminCount", "RegistrationReportAvailable" })
            {
                Assert.Equal(fileStatus.Properties[name].Value?.ToString(), liveStatus.Properties[name].Value?.ToString());
            }

            Assert.Equal("graph", liveStatus.Properties["Source"].Value.ToString());
        }

        /// <summary>
        /// What issue 12 reads, live as from the file: the authentication methods policy, the group owners (pieter.jansen owns
        /// SG-Exchange-Admins: only PAA/GA reset him, learn.microsoft.com/entra/identity/role-based-access-control/groups-concept),
        /// the FIDO2 method and certificate bindings SSPR019 reads (security-emergency-access), and the Entra ID edition.
        /// </summary>
        [Theory]
        [MemberData(nameof(SampleFiles))]
        public async Task Parity_EmergencyAccessOwnersPolicyAndEdition_LiveAsFromTheFile(string sample)
        {
            const string declared = "-EmergencyAccessAccount breakglass1@contoso.onmicrosoft.com, breakglass2@contoso.onmicrosoft.com";
            var file = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p " + declared, Vars(("p", Paths.Sample(sample))));
            Assert.Empty(file.Errors);
            var fileStatus = Assert.Single(ps.Run("Get-SsprStatus -SnapshotPath $p " + declared, Vars(("p", Paths.Sample(sample)))).Output);
            await using var server = await Serve(sample);
            Assert.Null(Connect(ps, server).FirstError);
            var live = ps.Run("Test-SsprAdminReadiness " + declared);
            Assert.Empty(live.Errors);
            AssertSame(Signatures(file), Signatures(live));
            string Emergency(RunResult r) => string.Join(",", r.Output.Where(o => (bool)o.Properties["IsEmergencyAccess"].Value)
                .Select(o => o.Properties["UserPrincipalName"].Value.ToString()).OrderBy(x => x, StringComparer.Ordinal));
            Assert.Equal(Emergency(file), Emergency(live));

            var liveStatus = Assert.Single(ps.Run("Get-SsprStatus " + declared).Output);
            foreach (var name in new[] { "AuthenticationMethodsPolicy", "EntraIdEdition" })
            {
                Assert.Equal(fileStatus.Properties[name].Value?.ToString(), liveStatus.Properties[name].Value?.ToString());
            }

            Assert.Equal((string[])fileStatus.Properties["EmergencyAccessAccounts"].Value, (string[])liveStatus.Properties["EmergencyAccessAccounts"].Value);
            Assert.Equal(FindingIds(fileStatus), FindingIds(liveStatus));
            Assert.Equal((string[])fileStatus.Properties["NotEvaluated"].Value, (string[])liveStatus.Properties["NotEvaluated"].Value);
            Assert.NotNull(liveStatus.Properties["AuthenticationMethodsPolicy"].Value);

            if (sample == "contoso.snapshot.json")
            {
                var owner = live.Output.Single(o => o.Properties["UserPrincipalName"].Value.ToString() == "pieter.jansen@contoso.com");
                Assert.Equal(new[] { "breakglass1@contoso.onmicrosoft.com", "emily.carter@contoso.com", "kari.nordmann@contoso.com", "maarten.devries@contoso.com" },
                    ((object[])owner.Properties["AssistedResetBy"].Value).Select(x => x.ToString()).ToArray());
                Assert.Contains(server.Requests.Concat(server.BatchInnerRequests), q => q.PathAndQuery.Contains("groups/1c5ec3ea-9131-5ae7-b552-878173bc23c9/owners") && q.Status == 200);
            }
        }

        /// <summary>A read about named accounts still reads the declared emergency access accounts: none is called missing,
        /// and SSPR020 counts both (security-emergency-access: "two or more").</summary>
        [Fact]
        public async Task NamedAccounts_WithDeclaredEmergencyAccounts_ReadsThemToo()
        {
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var r = ps.Run("Test-SsprAdminReadiness -UserPrincipalName kari.nordmann@contoso.com -EmergencyAccessAccount breakglass1@contoso.onmicrosoft.com, breakglass2@contoso.onmicrosoft.com");
            Assert.Empty(r.Errors);
            Assert.Empty(r.Warnings);
            var kari = Assert.Single(r.Output);
            var ids = FindingIds(kari);
            Assert.DoesNotContain("SSPR020", ids);
            Assert.False((bool)kari.Properties["IsEmergencyAccess"].Value);
        }

        /// <summary>The methods policy needs Policy.Read.All; without it (authorizationPolicy still readable through
        /// Policy.ReadWrite.Authorization) the scan carries on: not evaluated, one warning naming the permission.</summary>
        [Fact]
        public async Task MethodsPolicyForbidden_NotEvaluated_WithAWarningNamingPolicyReadAll()
        {
            var granted = new[] { "Policy.ReadWrite.Authorization", "RoleManagement.Read.Directory", "User.Read.All", "UserAuthenticationMethod.Read.All", "AuditLog.Read.All", "GroupMember.Read.All", "AdministrativeUnit.Read.All", "User.Read" }
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            await using var server = await Serve("contoso.snapshot.json", o => o.GrantedScopes = granted);
            Assert.Null(Connect(ps, server).FirstError);
            var r = ps.Run("Get-SsprStatus");
            Assert.Empty(r.Errors);
            Assert.Null(r.Terminating);
            var status = Assert.Single(r.Output);
            Assert.Null(status.Properties["AuthenticationMethodsPolicy"].Value);
            Assert.Contains((string[])status.Properties["NotEvaluated"].Value, n => n.Contains("Policy.Read.All"));
            Assert.Contains(r.Warnings, w => w.Contains("Policy.Read.All") && w.Contains("Connect-SsprGraph -Scopes"));
            // The findings do not depend on the methods policy (concept-sspr-policy).
            var fileStatus = Assert.Single(ps.Run("Get-SsprStatus -SnapshotPath $p", Vars(("p", Paths.Sample("contoso.snapshot.json")))).Output);
            Assert.Equal(fileStatus.Properties["RecoverableAdminCount"].Value, status.Properties["RecoverableAdminCount"].Value);
        }

        private static string ActivitySignature(RunResult r) =>
            string.Join("; ", r.Output.Select(o => o.Properties["CorrelationId"].Value + "/" + o.Properties["Outcome"].Value + "/" +
                o.Properties["CauseId"].Value + "/" + ((System.Collections.ICollection)o.Properties["Steps"].Value).Count));

        private static string DiagnosisSignature(RunResult r) =>
            string.Join("; ", r.Output.Select(o =>
                string.Join(",", ((object[])o.Properties["LikelyCauses"].Value).Select(c => PSObject.AsPSObject(c).Properties["Id"].Value)) + " | " +
                string.Join(",", ((object[])o.Properties["OtherPossibleCauses"].Value).Select(c => PSObject.AsPSObject(c).Properties["Id"].Value)) + " | " +
                ((System.Collections.ICollection)o.Properties["NextSteps"].Value).Count + " | " +
                ((System.Collections.ICollection)o.Properties["RecentAttempts"].Value).Count));

        [Theory]
        [InlineData("charlotte.evans@contoso.com", "InvalidSecurityCode")]
        [InlineData("ryan.cooper@contoso.com", "InvalidSecurityCode")]
        [InlineData("lucas.smit@contoso.com", "NoSmsReceived")]
        [InlineData("daan.visser@contoso.com", "NoEmailReceived")]
        public async Task Parity_ActivityAndDiagnosis_LiveAsFromTheFile(string upn, string symptom)
        {
            var fileActivity = ps.Run("Get-SsprActivity -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            var fileDiagnosis = ps.Run("Get-SsprDiagnosis -UserPrincipalName $u -Symptom " + symptom + " -SnapshotPath $p", Vars(("u", upn), ("p", Paths.Contoso)));
            Assert.Empty(fileActivity.Errors);
            Assert.Empty(fileDiagnosis.Errors);
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var liveActivity = ps.Run("Get-SsprActivity");
            var liveDiagnosis = ps.Run("Get-SsprDiagnosis -UserPrincipalName $u -Symptom " + symptom, Vars(("u", upn)));
            Assert.Empty(liveActivity.Errors);
            Assert.Empty(liveDiagnosis.Errors);
            Assert.NotEmpty(liveActivity.Output);
            Assert.Equal(ActivitySignature(fileActivity), ActivitySignature(liveActivity));
            Assert.Equal(DiagnosisSignature(fileDiagnosis), DiagnosisSignature(liveDiagnosis));
            Assert.Contains(server.Requests, q => q.PathAndQuery.StartsWith("/v1.0/auditLogs/directoryAudits", StringComparison.Ordinal));
        }

        [Fact]
        public async Task ReadinessReport_FromALiveScan()
        {
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var file = Path.Combine(Path.GetTempPath(), "sspr-" + Guid.NewGuid().ToString("N") + ".html");
            try
            {
                var r = ps.Run("Export-SsprReadinessReport -Path $f", Vars(("f", file)));
                Assert.Null(r.FirstError);
                Assert.True(File.Exists(file));
                var html = File.ReadAllText(file);
                foreach (var upn in SnapshotSignatures("contoso.snapshot.json").Keys)
                {
                    Assert.Contains(upn, html, StringComparison.OrdinalIgnoreCase);
                }
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public async Task Parity_NamedUsers_ReadOnlyWhatIsAsked()
        {
            var upns = SnapshotSignatures("contoso.snapshot.json").Keys.Take(3).ToArray();
            var file = ps.Run("$n | Test-SsprAdminReadiness -SnapshotPath $p", Vars(("n", upns), ("p", Paths.Contoso)));
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var live = ps.Run("$n | Test-SsprAdminReadiness", Vars(("n", upns)));
            Assert.Empty(live.Errors);
            AssertSame(Signatures(file), Signatures(live));
            var unknown = ps.Run("Test-SsprAdminReadiness -UserPrincipalName nobody@contoso.com");
            Assert.StartsWith("UserNotFound", unknown.FirstError!.FullyQualifiedErrorId);
        }

        /// <summary>Variants of contoso that exercise group and unit paths the samples do not.</summary>
        private static System.Text.Json.Nodes.JsonObject ContosoVariant(string variant)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            var assignments = node["roleAssignments"]!.AsArray();
            var eligibilities = node["roleEligibilities"]!.AsArray();
            var groups = node["groups"]!.AsArray();
            var groupId = groups[0]!["id"]!.GetValue<string>();
            switch (variant)
            {
                case "group-eligible-only":
                    // PIM for groups: the role-assignable group is only eligible for its role.
                    var held = assignments.First(a => a!["principalId"]!.GetValue<string>() == groupId)!;
                    assignments.Remove(held);
                    eligibilities.Add(held.DeepClone());
                    break;
                case "role-assignable-group-without-role":
                    // A role-assignable group that holds no role, with a Helpdesk-resettable admin in it.
                    var member = assignments.First(a => a!["roleDefinitionId"]!.GetValue<string>() == "729827e3-9c14-49f7-bb1b-9608f156bbb8")!["principalId"]!.GetValue<string>();
                    groups.Add(new System.Text.Json.Nodes.JsonObject
                    {
                        ["id"] = "0a0a0a0a-1111-4222-8333-444444444444",
                        ["displayName"] = "SG-Tier0-Staging",
                        ["isAssignableToRole"] = true,
                        ["members"] = new System.Text.Json.Nodes.JsonArray(member),
                    });
                    break;
                case "unit-scoped-eligible":
                    var scoped = assignments.First(a => a!["directoryScopeId"]!.GetValue<string>() != "/")!;
                    assignments.Remove(scoped);
                    eligibilities.Add(scoped.DeepClone());
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(variant));
            }

            return node;
        }

        [Theory]
        [InlineData("group-eligible-only")]
        [InlineData("role-assignable-group-without-role")]
        [InlineData("unit-scoped-eligible")]
        public async Task Parity_GroupAndUnitVariants(string variant)
        {
            var file = TempFile();
            File.WriteAllText(file, ContosoVariant(variant).ToJsonString());
            try
            {
                var fromFile = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", file)));
                Assert.Empty(fromFile.Errors);
                var options = FakeGraphOptions.ForFixture(file);
                options.ExpectedBearerToken = DefaultToken;
                options.PageSize = 4;
                await using var server = await FakeGraphServer.StartAsync(file, options);
                Assert.Null(Connect(ps, server).FirstError);
                var live = ps.Run("Test-SsprAdminReadiness");
                Assert.Empty(live.Errors);
                AssertSame(Signatures(fromFile), Signatures(live));
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public async Task Parity_UnreadableMethodsOfSomeAdmins_AreNotEvaluated_LiveAsInTheFile()
        {
            // A variant of contoso where one admin's methods answer 403 and another's 404.
            var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            var users = node["users"]!.AsArray();
            users[0]!["authenticationMethods"] = null;
            users[0]!["authenticationMethodsError"] = "403 Forbidden";
            users[1]!["authenticationMethods"] = null;
            users[1]!["authenticationMethodsError"] = "404 Not Found";
            var variant = TempFile();
            File.WriteAllText(variant, node.ToJsonString());
            try
            {
                var file = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", variant)));
                Assert.Empty(file.Errors);
                var options = FakeGraphOptions.ForFixture(variant);
                options.ExpectedBearerToken = DefaultToken;
                options.PageSize = 4;
                await using var server = await FakeGraphServer.StartAsync(variant, options);
                Assert.Null(Connect(ps, server).FirstError);
                var live = ps.Run("Test-SsprAdminReadiness");
                Assert.Empty(live.Errors);
                AssertSame(Signatures(file), Signatures(live));
                var upn = (string)users[0]!["userPrincipalName"]!.GetValue<string>();
                var result = live.Output.Single(o => string.Equals((string)o.Properties["UserPrincipalName"].Value, upn, StringComparison.OrdinalIgnoreCase));
                Assert.NotEmpty((IEnumerable<object>)result.Properties["NotEvaluated"].Value);
                Assert.Contains(server.BatchInnerRequests, q => q.Status == 403);
                Assert.Contains(server.BatchInnerRequests, q => q.Status == 404);
            }
            finally
            {
                File.Delete(variant);
            }
        }

        [Fact]
        public async Task MaskedNumbers_AreNotEvaluated_NotFailures()
        {
            await using var server = await Serve("contoso.snapshot.json", o => o.MaskPhoneNumbers = true);
            Assert.Null(Connect(ps, server).FirstError);
            var r = ps.Run("Test-SsprAdminReadiness");
            Assert.Empty(r.Errors);
            var notEvaluated = r.Output.SelectMany(o => (IEnumerable<object>)o.Properties["NotEvaluated"].Value).Select(x => x.ToString()!).ToList();
            Assert.NotEmpty(notEvaluated);
            var file = TempFile();
            try
            {
                Assert.Null(ps.Run("Export-SsprTenantSnapshot -Path $f", Vars(("f", file))).FirstError);
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                Assert.Equal("masked", doc.RootElement.GetProperty("collection").GetProperty("authenticationMethods").GetString());
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public async Task ExportedSnapshot_RoundTrips_ToTheSameFindings()
        {
            var expected = SnapshotSignatures("contoso.snapshot.json");
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var file = TempFile();
            try
            {
                var r = ps.Run("Export-SsprTenantSnapshot -Path $f", Vars(("f", file)));
                Assert.Null(r.FirstError);
                Assert.IsType<FileInfo>(Assert.Single(r.Output).BaseObject);
                var again = ps.Run("Test-SsprAdminReadiness -SnapshotPath $f", Vars(("f", file)));
                Assert.Empty(again.Errors);
                AssertSame(expected, Signatures(again));
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                Assert.Equal("graph", doc.RootElement.GetProperty("source").GetString());
                Assert.True(doc.RootElement.GetProperty("auditEvents").GetArrayLength() > 0, "the export holds the SSPR audit events");

                var whatIf = TempFile();
                ps.Run("Export-SsprTenantSnapshot -Path $f -WhatIf", Vars(("f", whatIf)));
                Assert.False(File.Exists(whatIf));
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Theory]
        [MemberData(nameof(SampleFiles))]
        public async Task RedactedExport_SameFindings_NoOriginalPhoneNumbers(string sample)
        {
            var expected = SnapshotSignatures(sample);
            await using var server = await Serve(sample);
            Assert.Null(Connect(ps, server).FirstError);
            var file = TempFile();
            try
            {
                var r = ps.Run("Export-SsprTenantSnapshot -Path $f -Redact", Vars(("f", file)));
                Assert.Null(r.FirstError);
                var again = ps.Run("Test-SsprAdminReadiness -SnapshotPath $f", Vars(("f", file)));
                Assert.Empty(again.Errors);
                AssertSame(expected, Signatures(again));

                var text = File.ReadAllText(file);
                foreach (var number in PhoneNumbersOf(Paths.Sample(sample)).Where(n => n.Count(char.IsDigit) >= 6))
                {
                    Assert.DoesNotContain(number, text);
                }

                using var doc = JsonDocument.Parse(text);
                Assert.True(doc.RootElement.GetProperty("redacted").GetBoolean());
            }
            finally
            {
                File.Delete(file);
            }
        }

        private static IEnumerable<string> PhoneNumbersOf(string path)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var u in doc.RootElement.GetProperty("users").EnumerateArray())
            {
                if (u.TryGetProperty("mobilePhone", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    yield return m.GetString()!;
                }

                if (u.TryGetProperty("businessPhones", out var b) && b.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in b.EnumerateArray())
                    {
                        yield return p.GetString()!;
                    }
                }

                if (u.TryGetProperty("authenticationMethods", out var ms) && ms.ValueKind == JsonValueKind.Array)
                {
                    foreach (var x in ms.EnumerateArray())
                    {
                        if (x.TryGetProperty("phoneNumber", out var n) && n.ValueKind == JsonValueKind.String)
                        {
                            yield return n.GetString()!;
                        }
                    }
                }
            }
        }

        // ------------------------------------------------------------------ throttling, licences

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public async Task Throttling_TopLevelAndInsideBatches_SameFindings(int retryAfter)
        {
            var expected = SnapshotSignatures("contoso.snapshot.json");
            await using var server = await Serve("contoso.snapshot.json", o =>
            {
                o.ThrottleRate = 0.2;
                o.RetryAfterSeconds = retryAfter;
                o.RandomSeed = 7;
            });
            Assert.Null(Connect(ps, server).FirstError);
            server.ClearLog();
            var live = ps.Run("Test-SsprAdminReadiness -Verbose");
            Assert.Empty(live.Errors);
            Assert.Null(live.Terminating);
            AssertSame(expected, Signatures(live));
            Assert.Contains(server.Requests, q => q.Status == 429);
            Assert.Contains(server.BatchInnerRequests, q => q.Status == 429);
            // Every attempt, retries included, is one Verbose line: the logger sits below the SDK's retry handler.
            Assert.Equal(server.CountRequests(), live.Verbose.Count(v => v.StartsWith("Graph ", StringComparison.Ordinal)));
            Assert.Contains(live.Verbose, v => v.StartsWith("Graph ", StringComparison.Ordinal) && v.Contains("-> 429"));
        }

        [Fact]
        public async Task ServerErrors_503_AreRetried_SameFindings()
        {
            var expected = SnapshotSignatures("contoso.snapshot.json");
            await using var server = await Serve("contoso.snapshot.json", o =>
            {
                o.ServerErrorRate = 0.15;
                o.RandomSeed = 11;
            });
            Assert.Null(Connect(ps, server).FirstError);
            var live = ps.Run("Test-SsprAdminReadiness");
            Assert.Empty(live.Errors);
            AssertSame(expected, Signatures(live));
            Assert.Contains(server.Requests.Concat(server.BatchInnerRequests), q => q.Status == 503);
        }

        [Fact]
        public async Task ThrottlingThatPersists_IsLimitsExceeded()
        {
            await using var server = await Serve("single-admin.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            server.Options.ThrottleRate = 1.0;
            var r = ps.Run("Get-SsprStatus");
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith("GraphThrottled", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        }

        [Fact]
        public async Task LicenceErrors_AreNotEvaluated_NotFailures()
        {
            await using var server = await Serve("contoso.snapshot.json", o =>
            {
                o.PimLicensed = false;
                o.RegistrationReportLicensed = false;
            });
            Assert.Null(Connect(ps, server).FirstError);
            var r = ps.Run("Get-SsprStatus");
            Assert.Empty(r.Errors);
            var status = Assert.Single(r.Output);
            Assert.False((bool)status.Properties["RegistrationReportAvailable"].Value);
            var notEvaluated = ((IEnumerable<object>)status.Properties["NotEvaluated"].Value).Select(x => x.ToString()!).ToList();
            Assert.Contains(notEvaluated, n => n.StartsWith("PIM-eligible roles", StringComparison.Ordinal));
            Assert.Contains(notEvaluated, n => n.StartsWith("Registration report", StringComparison.Ordinal));
            Assert.Contains(server.Requests, q => q.Status == 400 && q.PathAndQuery.Contains("roleEligibilitySchedules"));
            Assert.Contains(server.Requests, q => q.Status == 403 && q.PathAndQuery.Contains("userRegistrationDetails"));
        }

        // ------------------------------------------------------------------ errors

        [Fact]
        public async Task ExpiredToken_MidSession_Is401_WithReconnectAdvice()
        {
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            server.Options.ExpectedBearerToken = "a-newer-token";
            var r = ps.Run("Test-SsprAdminReadiness");
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith("GraphUnauthorized", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.Contains("Connect-SsprGraph", error.ErrorDetails.RecommendedAction);
        }

        [Theory]
        [InlineData("UserAuthenticationMethod.Read.All")]
        [InlineData("Policy.Read.All")]
        [InlineData("RoleManagement.Read.Directory")]
        [InlineData("User.Read.All")]
        // GroupMember.Read.All and AdministrativeUnit.Read.All are optional reads since issue 13: DeniedReadTests.
        public async Task MissingPermission_Is403_NamingTheScopeThatFixesIt(string missing)
        {
            var granted = new[] { "Policy.Read.All", "RoleManagement.Read.Directory", "User.Read.All", "UserAuthenticationMethod.Read.All", "AuditLog.Read.All", "GroupMember.Read.All", "AdministrativeUnit.Read.All", "User.Read" }
                .Where(s => s != missing).ToHashSet(StringComparer.OrdinalIgnoreCase);
            await using var server = await Serve("contoso.snapshot.json", o => o.GrantedScopes = granted);
            Assert.Null(Connect(ps, server).FirstError);
            var r = ps.Run("Test-SsprAdminReadiness");
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith("GraphPermissionDenied", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
            Assert.Contains("Connect-SsprGraph -Scopes " + missing, error.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public async Task AuditLogsNotReadable_ExportCarriesOn_WithAWarning()
        {
            var granted = new[] { "Policy.Read.All", "RoleManagement.Read.Directory", "User.Read.All", "UserAuthenticationMethod.Read.All", "GroupMember.Read.All", "AdministrativeUnit.Read.All", "User.Read" }
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            await using var server = await Serve("contoso.snapshot.json", o => o.GrantedScopes = granted);
            Assert.Null(Connect(ps, server).FirstError);
            var file = TempFile();
            try
            {
                var r = ps.Run("Export-SsprTenantSnapshot -Path $f", Vars(("f", file)));
                Assert.Null(r.FirstError);
                Assert.Contains(r.Warnings, w => w.Contains("AuditLog.Read.All"));
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                Assert.Equal("forbidden", doc.RootElement.GetProperty("collection").GetProperty("auditLogs").GetString());
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public async Task NetworkFailure_IsAConnectionError_NamingTheEndpoint()
        {
            var server = await Serve("single-admin.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            var endpoint = server.BaseAddress.ToString().TrimEnd('/');
            await server.DisposeAsync();
            var r = ps.Run("Get-SsprStatus");
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith("GraphConnectionError", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
            Assert.Contains(endpoint, error.ErrorDetails.Message);
        }

        [Fact]
        public async Task ALoopingNextLink_StopsWithAnError_NotForever()
        {
            await using var server = await Serve("single-admin.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            server.Options.LoopNextLink = true;
            var r = ps.Run("Get-SsprStatus");
            Assert.StartsWith("GraphPagingLoop", r.FirstError!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, r.FirstError.CategoryInfo.Category);
        }

        [Fact]
        public async Task ATruncatedAnswer_IsAClearError()
        {
            await using var server = await Serve("single-admin.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            server.Options.TruncateResponses = true;
            var r = ps.Run("Get-SsprStatus");
            Assert.NotNull(r.FirstError);
            Assert.DoesNotContain("UnexpectedError", r.FirstError!.FullyQualifiedErrorId);
        }

        // ------------------------------------------------------------------ verbose, request count

        [Fact]
        public async Task Verbose_OneLinePerGraphCall_NeverTheTokenOrAFullNumber()
        {
            await using var server = await Serve("contoso.snapshot.json");
            Assert.Null(Connect(ps, server).FirstError);
            server.ClearLog();
            var r = ps.Run("Test-SsprAdminReadiness -Verbose");
            Assert.Empty(r.Errors);
            Assert.NotEmpty(r.Progress);
            var calls = r.Verbose.Where(v => v.StartsWith("Graph ", StringComparison.Ordinal)).ToList();
            Assert.Equal(server.CountRequests(), calls.Count);
            Assert.All(calls, c => Assert.Matches(@"^Graph (GET|POST) /v1\.0/\S.* -> \d{3} .*\(\d+ ms\)$", c));
            var all = string.Join("\n", r.Verbose);
            Assert.DoesNotContain(DefaultToken, all);
            Assert.DoesNotContain(DefaultToken.Split('.')[1], all);
            foreach (var number in PhoneNumbersOf(Paths.Contoso).Where(n => n.Count(char.IsDigit) >= 6))
            {
                Assert.DoesNotContain(number, all);
            }
        }

        [Fact]
        public async Task RequestCount_IsProportionalToAdmins_NeverOnePerUser()
        {
            await using var server = await Serve("contoso.snapshot.json", o => o.PageSize = 100);
            Assert.Null(Connect(ps, server).FirstError);
            server.ClearLog();
            var r = ps.Run("Test-SsprAdminReadiness");
            Assert.Empty(r.Errors);
            var log = server.Requests;
            Assert.DoesNotContain(log, q => Regex.IsMatch(q.PathAndQuery, @"^/v1\.0/users/[^/?]+(\?|$)"));
            Assert.DoesNotContain(log, q => Regex.IsMatch(q.PathAndQuery, @"^/v1\.0/users/[^/?]+/authentication"));
            Assert.All(log.Where(q => q.IsBatch), q => Assert.InRange(q.InnerRequestCount, 1, 20));

            using var doc = JsonDocument.Parse(File.ReadAllText(Paths.Contoso));
            var groups = doc.RootElement.GetProperty("groups").GetArrayLength();
            var units = doc.RootElement.GetProperty("administrativeUnits").GetArrayLength();
            var accounts = r.Output.Count;
            // 7 tenant-wide reads (organization, policy, role definitions, assignments, eligibilities, role-assignable
            // groups, units) + one member list per group and per unit (+ the unit itself when not listed)
            // + profiles (15 a call) + methods ($batch of 20) + registration report (15 a call).
            // + the methods policy, the subscriptions (Entra ID edition) and one owners $batch per 20 groups.
            var bound = 9 + groups + (int)Math.Ceiling(groups / 20.0) + 2 * units + 2 * (int)Math.Ceiling(accounts / 15.0) + (int)Math.Ceiling(accounts / 20.0);
            Assert.True(log.Count <= bound, $"{log.Count} requests for {accounts} accounts (bound {bound}): " + string.Join("; ", log.Select(q => q.Method + " " + q.PathAndQuery)));
        }

        // ------------------------------------------------------------------ runspaces

        [Fact]
        public async Task TwoRunspaces_TwoTenants_InParallel_DoNotMix()
        {
            var tokenA = MakeToken("aaaaaaaa-0000-0000-0000-000000000001", "a@contoso.com", "User.Read.All");
            var tokenB = MakeToken("bbbbbbbb-0000-0000-0000-000000000002", "b@fabrikam.com", "User.Read.All");
            var expectedA = SnapshotSignatures("contoso.snapshot.json");
            var expectedB = SnapshotSignatures("single-admin.snapshot.json");
            await using var serverA = await Serve("contoso.snapshot.json", null, tokenA);
            await using var serverB = await Serve("single-admin.snapshot.json", null, tokenB);
            using var hostA = new PowerShellHost();
            using var hostB = new PowerShellHost();
            Assert.Null(Connect(hostA, serverA, tokenA).FirstError);
            Assert.Null(Connect(hostB, serverB, tokenB).FirstError);

            for (var round = 0; round < 2; round++)
            {
                var a = Task.Run(() => hostA.Run("Test-SsprAdminReadiness"));
                var b = Task.Run(() => hostB.Run("Test-SsprAdminReadiness"));
                var ra = await a;
                var rb = await b;
                Assert.Empty(ra.Errors);
                Assert.Empty(rb.Errors);
                AssertSame(expectedA, Signatures(ra));
                AssertSame(expectedB, Signatures(rb));
            }

            Assert.Equal("a@contoso.com", Assert.Single(hostA.Run("Get-SsprConnection").Output).Properties["Account"].Value);
            Assert.Equal("b@fabrikam.com", Assert.Single(hostB.Run("Get-SsprConnection").Output).Properties["Account"].Value);
            Assert.DoesNotContain(serverA.Requests, q => q.Status == 401);
            Assert.DoesNotContain(serverB.Requests, q => q.Status == 401);
        }
    }
}
