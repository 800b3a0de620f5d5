using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using SsprTools.FakeGraph;
using Xunit;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Faults GraphCmdletTests does not already inject: throttling and server errors together (top level and inside
    /// batches), an answer slower than the timeout, and admins that could not be read. Each run either gives exactly the
    /// clean run's findings or stops with a clear error; a partial read is never a silent "ready".
    /// </summary>
    public class FaultTests : IClassFixture<HostFixture>
    {
        private readonly PowerShellHost ps;

        public FaultTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        private Dictionary<string, string> Clean(string sample)
        {
            var r = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", Paths.Sample(sample))));
            Assert.Empty(r.Errors);
            return GraphCmdletTests.Signatures(r);
        }

        private static string StatusSignature(PSObject s) =>
            string.Join("|", new[] { "SelfServePasswordResetEnabled", "AdminCount", "GlobalAdminCount", "RecoverableAdminCount", "RegistrationReportAvailable" }
                .Select(n => s.Properties[n].Value?.ToString()));

        [Theory]
        [InlineData(3)]
        [InlineData(17)]
        [InlineData(101)]
        public async Task OneInFiveThrottled_AndFivePercent503_Together_SameFindingsAsACleanRun(int seed)
        {
            var expected = Clean("contoso.snapshot.json");
            var expectedStatus = StatusSignature(Assert.Single(ps.Run("Get-SsprStatus -SnapshotPath $p", Vars(("p", Paths.Contoso))).Output));
            await using var server = await GraphCmdletTests.Serve("contoso.snapshot.json");
            Assert.Null(GraphCmdletTests.Connect(ps, server).FirstError);
            server.ClearLog();
            server.Options.ThrottleRate = 0.2;
            server.Options.ServerErrorRate = 0.05;
            server.Options.RandomSeed = seed;

            var live = ps.Run("Test-SsprAdminReadiness");
            Assert.True(live.FirstError == null, "seed " + seed + ": " + live.FirstError);
            var actual = GraphCmdletTests.Signatures(live);
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase), actual.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase));
            var status = ps.Run("Get-SsprStatus -Refresh"); // a second read under the same faults, not the kept one
            Assert.True(status.FirstError == null, "seed " + seed + ": " + status.FirstError);
            Assert.Equal(expectedStatus, StatusSignature(Assert.Single(status.Output)));

            // Both faults really happened, at the top level and inside batches.
            var all = server.Requests.Concat(server.BatchInnerRequests).ToList();
            Assert.Contains(server.Requests, q => q.Status == 429);
            Assert.Contains(server.BatchInnerRequests, q => q.Status == 429);
            Assert.Contains(all, q => q.Status == 503);
        }

        [Fact]
        public async Task ASlowAnswerPastTheTimeout_StopsWithAClearOperationTimeout_NotAHang()
        {
            await using var server = await GraphCmdletTests.Serve("single-admin.snapshot.json");
            var connect = ps.Run("Connect-SsprGraph -AccessToken $t -GraphEndpoint $e -TimeoutSec 5", Vars(("t", GraphCmdletTests.Secure(GraphCmdletTests.DefaultToken)), ("e", server.BaseAddress.ToString())));
            Assert.Null(connect.FirstError);
            Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(connect.Output).Properties["RequestTimeout"].Value);

            server.Options.HangFor = TimeSpan.FromSeconds(120);
            var watch = Stopwatch.StartNew();
            var r = ps.Run("Test-SsprAdminReadiness -Verbose");
            watch.Stop();
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith("GraphTimeout", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            Assert.Contains("5 s", error.ErrorDetails.Message);
            Assert.Contains(server.BaseAddress.ToString().TrimEnd('/'), error.ErrorDetails.Message);
            Assert.Contains("-TimeoutSec", error.ErrorDetails.RecommendedAction);
            Assert.Empty(r.Output);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(100), "the command waited for the server instead of timing out: " + watch.Elapsed);
            Assert.Contains(r.Verbose, v => v.StartsWith("Graph GET", StringComparison.Ordinal) && v.Contains("failed: GraphRequestTimeoutException"));

            // The connection is still usable after a timeout, and an answer that is slow but in time is fine.
            server.Options.HangFor = null;
            server.Options.Latency = TimeSpan.FromMilliseconds(200);
            var again = ps.Run("Test-SsprAdminReadiness");
            Assert.Null(again.FirstError);
            Assert.Equal(Clean("single-admin.snapshot.json").OrderBy(p => p.Key), GraphCmdletTests.Signatures(again).OrderBy(p => p.Key));
        }

        [Fact]
        public async Task ABodyThatStallsPastTheTimeout_IsAlsoAnOperationTimeout()
        {
            await using var server = await GraphCmdletTests.Serve("single-admin.snapshot.json");
            var connect = ps.Run("Connect-SsprGraph -AccessToken $t -GraphEndpoint $e -TimeoutSec 5", Vars(("t", GraphCmdletTests.Secure(GraphCmdletTests.DefaultToken)), ("e", server.BaseAddress.ToString())));
            Assert.Null(connect.FirstError);
            server.Options.StallBodyFor = TimeSpan.FromSeconds(120);
            var watch = Stopwatch.StartNew();
            var r = ps.Run("Get-SsprStatus");
            watch.Stop();
            Assert.NotNull(r.FirstError);
            Assert.StartsWith("GraphTimeout", r.FirstError!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, r.FirstError.CategoryInfo.Category);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(100), "the command waited for the body instead of timing out: " + watch.Elapsed);
        }

        [Theory]
        [InlineData("Get-SsprStatus")]
        [InlineData("Test-SsprAdminReadiness")]
        [InlineData("Get-SsprActivity")]
        public async Task AnAnswerCutInTheMiddle_StopsWithAClearError_NamingTheEndpoint(string command)
        {
            await using var server = await GraphCmdletTests.Serve("contoso.snapshot.json");
            Assert.Null(GraphCmdletTests.Connect(ps, server).FirstError);
            server.Options.TruncateResponses = true;
            var r = ps.Run(command);
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.Empty(r.Output);
            Assert.True(error!.FullyQualifiedErrorId.StartsWith("GraphInvalidResponse", StringComparison.Ordinal) ||
                error.FullyQualifiedErrorId.StartsWith("GraphConnectionError", StringComparison.Ordinal), error.FullyQualifiedErrorId + ": " + error);
            Assert.Contains(server.BaseAddress.ToString().TrimEnd('/'), error.ErrorDetails.Message);
            Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails.RecommendedAction));
        }

        [Fact]
        public void TimeoutSec_IsValidated()
        {
            var r = ps.Run("Connect-SsprGraph -AccessToken $t -GraphEndpoint http://127.0.0.1:9 -TimeoutSec 0", Vars(("t", GraphCmdletTests.Secure(GraphCmdletTests.DefaultToken))));
            Assert.NotNull(r.FirstError);
            Assert.Contains("TimeoutSec", r.FirstError!.ToString());
        }

        [Fact]
        public async Task AdminsThatCouldNotBeRead_SaySo_AndQuietIsFalse()
        {
            // An admin who is recoverable (another admin can reset them) and fully evaluated in the clean tenant.
            var clean = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", Paths.Contoso)));
            var candidate = clean.Output.First(o => (bool)o.Properties["Recoverable"].Value &&
                ((object[])o.Properties["AssistedResetBy"].Value).Length > 0 && ((object[])o.Properties["NotEvaluated"].Value).Length == 0);
            var upn = (string)candidate.Properties["UserPrincipalName"].Value;

            await using (var server = await GraphCmdletTests.Serve("contoso.snapshot.json"))
            {
                Assert.Null(GraphCmdletTests.Connect(ps, server).FirstError);
                var quiet = ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u -Quiet", Vars(("u", upn)));
                Assert.Null(quiet.FirstError);
                Assert.True((bool)Assert.Single(quiet.Output).BaseObject, "the clean tenant: " + upn + " is recoverable");
            }

            // The same tenant, where Graph refuses that admin's authentication methods.
            var node = JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            var user = node["users"]!.AsArray().Select(u => u!.AsObject()).Single(u => string.Equals((string?)u["userPrincipalName"], upn, StringComparison.OrdinalIgnoreCase));
            user["authenticationMethods"] = null;
            user["authenticationMethodsError"] = "403 Forbidden";
            var file = Path.Combine(Path.GetTempPath(), "sspr-fault-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(file, node.ToJsonString());
            try
            {
                var options = FakeGraphOptions.ForFixture(file);
                options.ExpectedBearerToken = GraphCmdletTests.DefaultToken;
                options.PageSize = 4;
                await using var server = await FakeGraphServer.StartAsync(file, options);
                Assert.Null(GraphCmdletTests.Connect(ps, server).FirstError);

                var result = Assert.Single(ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u", Vars(("u", upn))).Output);
                Assert.False((bool)result.Properties["SelfServiceReady"].Value);
                Assert.Contains((object[])result.Properties["NotEvaluated"].Value, n => n.ToString()!.Contains("403"));

                var quiet = ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u -Quiet", Vars(("u", upn)));
                Assert.Null(quiet.FirstError);
                Assert.False((bool)Assert.Single(quiet.Output).BaseObject, "an admin whose methods could not be read is not a silent ready");
                var quietAll = ps.Run("Test-SsprAdminReadiness -Quiet");
                Assert.False((bool)Assert.Single(quietAll.Output).BaseObject);
                Assert.Contains(server.BatchInnerRequests, q => q.Status == 403);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
