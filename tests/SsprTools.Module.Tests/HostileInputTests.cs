using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using SsprTools.FakeGraph;
using Xunit;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Data typed by hand years ago, through the cmdlets: user principal names with OData metacharacters are escaped in the
    /// $filter the Graph source sends and still find their user; fuzzed phone numbers never crash a cmdlet.
    /// </summary>
    public class HostileInputTests : IClassFixture<HostFixture>
    {
        private readonly PowerShellHost ps;

        public HostileInputTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        private static string TempFile(string extension = ".json") => Path.Combine(Path.GetTempPath(), "sspr-hostile-" + Guid.NewGuid().ToString("N") + extension);

        /// <summary>Names a directory accepts and a careless query builder breaks: a quote, a guest's #EXT#, +, &amp;, %, $.</summary>
        public static TheoryData<string, string> HostileNames() => new TheoryData<string, string>
        {
            { "o'brien@contoso.com", "userPrincipalName in ('o''brien@contoso.com')" },
            { "o''neil'@contoso.com", "userPrincipalName in ('o''''neil''@contoso.com')" },
            { "ext_fabrikam.com#EXT#@contoso.onmicrosoft.com", "userPrincipalName in ('ext_fabrikam.com#EXT#@contoso.onmicrosoft.com')" },
            { "a+b&c=d@contoso.com", "userPrincipalName in ('a+b&c=d@contoso.com')" },
            { "100%$x@contoso.com", "userPrincipalName in ('100%$x@contoso.com')" },
            { "x') or true or ('@contoso.com", "userPrincipalName in ('x'') or true or (''@contoso.com')" },
        };

        [Theory]
        [MemberData(nameof(HostileNames))]
        public async Task AHostileUserPrincipalName_IsEscapedInTheFilter_AndFindsItsUser(string upn, string expectedFilter)
        {
            // contoso, with one admin renamed.
            var node = JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            var user = node["users"]!.AsArray()[0]!.AsObject();
            user["userPrincipalName"] = upn;
            var file = TempFile();
            File.WriteAllText(file, node.ToJsonString());
            try
            {
                var fromFile = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p -UserPrincipalName $u", Vars(("p", file), ("u", upn)));
                Assert.Null(fromFile.FirstError);
                var options = FakeGraphOptions.ForFixture(file);
                options.ExpectedBearerToken = GraphCmdletTests.DefaultToken;
                options.PageSize = 4;
                await using var server = await FakeGraphServer.StartAsync(file, options);
                Assert.Null(GraphCmdletTests.Connect(ps, server).FirstError);
                server.ClearLog();

                var live = ps.Run("Test-SsprAdminReadiness -UserPrincipalName $u", Vars(("u", upn)));
                Assert.True(live.FirstError == null, upn + ": " + live.FirstError);
                var found = Assert.Single(live.Output);
                Assert.Equal(upn, found.Properties["UserPrincipalName"].Value);
                Assert.Equal(GraphCmdletTests.Signatures(fromFile)[upn], GraphCmdletTests.Signatures(live)[upn]);

                // The filter the server received (the log holds the decoded query): quotes doubled, nothing else altered, and
                // no character of the name was taken as a query separator.
                // User reads may go out on their own or inside a $batch (whose inner URLs are relative to /v1.0).
                var all = server.Requests.Concat(server.BatchInnerRequests).ToList();
                var sent = all.Where(q => (q.PathAndQuery.StartsWith("/v1.0/users?", StringComparison.Ordinal) || q.PathAndQuery.StartsWith("/users?", StringComparison.Ordinal)) &&
                        q.PathAndQuery.Contains("userPrincipalName in", StringComparison.Ordinal)).ToList();
                var request = Assert.Single(sent);
                // A lone user read goes out on its own (not as a $batch of one): the SDK escapes the whole name there.
                var direct = request.PathAndQuery.StartsWith("/v1.0/", StringComparison.Ordinal);
                if (direct || upn.IndexOfAny(new[] { '&', '+', '=' }) < 0)
                {
                    Assert.True((request.PathAndQuery + "&").Contains("$filter=" + expectedFilter + "&", StringComparison.Ordinal), request.PathAndQuery);
                    Assert.Equal(200, request.Status);
                    Assert.DoesNotContain(all, q => q.Status == 400);
                }
                else
                {
                    // Microsoft.Graph.Core's $batch serializer unescapes the inner URL, so '&' splits the filter and Graph
                    // answers 400; the source then reads the account by key, escaped, and finds it (asserted above).
                    Assert.Equal(400, request.Status);
                    Assert.Contains(all, q => q.Status == 200 && q.PathAndQuery.Contains("/users/" + upn, StringComparison.Ordinal));
                }

                // The diagnosis path names the user the same way.
                var diagnosis = ps.Run("Get-SsprDiagnosis -UserPrincipalName $u -Symptom NoSmsReceived", Vars(("u", upn)));
                Assert.True(diagnosis.FirstError == null, upn + ": " + diagnosis.FirstError);
                Assert.Single(diagnosis.Output);
            }
            finally
            {
                File.Delete(file);
            }
        }

        // ------------------------------------------------------------------ phone fuzz

        private const int FuzzRounds = 6;
        private const int NumbersPerRound = 60;

        /// <summary>What people type in a phone field, and what a fuzzer does: digits with junk, letters, controls, huge strings.</summary>
        private static string FuzzNumber(Random random)
        {
            const string alphabet = "+0123456789 ()-./x#*,;ext";
            switch (random.Next(9))
            {
                case 0:
                    return new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                case 1:
                    return "+" + new string(Enumerable.Range(0, random.Next(1, 30)).Select(_ => (char)('0' + random.Next(10))).ToArray());
                case 2:
                    return new string('9', random.Next(1000, 20000));
                case 3:
                    return new string(Enumerable.Range(0, random.Next(1, 50)).Select(_ => (char)random.Next(0, 0xD7FF)).ToArray());
                case 4:
                    return "+" + random.Next(1, 999) + " " + new string('\u0000', random.Next(1, 5)) + random.Next();
                case 5:
                    return new[] { "", " ", "+", "++", "00", "+0", "+1 ", "tel:+1-555", "+٤٧ ٤١٢٣٤٥٦٧", "＋４７ ４１２３４５６７", "+47 XXXXXX67", "\u202E+47 123" }[random.Next(12)];
                case 6:
                    return "+" + random.Next(1, 999) + " " + random.Next(0, int.MaxValue) + " ext. " + random.Next(0, 99999);
                case 7:
                    return string.Concat(Enumerable.Repeat("+1 (555) ", random.Next(1, 200)));
                default:
                    var bytes = new byte[random.Next(1, 64)];
                    random.NextBytes(bytes);
                    return Encoding.UTF8.GetString(bytes);
            }
        }

        private static JsonObject FuzzedTenant(Random random)
        {
            var node = JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            var users = node["users"]!.AsArray();
            var remaining = NumbersPerRound;
            foreach (var u in users.Select(u => u!.AsObject()))
            {
                if (remaining <= 0)
                {
                    break;
                }

                u["mobilePhone"] = FuzzNumber(random);
                u["businessPhones"] = new JsonArray(FuzzNumber(random), FuzzNumber(random));
                remaining -= 3;
                if (u["authenticationMethods"] is JsonArray methods)
                {
                    foreach (var phone in methods.Select(m => m!.AsObject()).Where(m => m.ContainsKey("phoneNumber")))
                    {
                        phone["phoneNumber"] = FuzzNumber(random);
                        remaining--;
                    }

                    methods.Add(new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.phoneAuthenticationMethod",
                        ["id"] = Guid.NewGuid().ToString(),
                        ["phoneNumber"] = FuzzNumber(random),
                        ["phoneType"] = new[] { "mobile", "alternateMobile", "office", "satellite" }[random.Next(4)],
                    });
                    remaining--;
                }
            }

            return node;
        }

        [Fact]
        public void PhoneNumberFuzz_ThroughTheCmdlets_NeverCrashes()
        {
            var random = new Random(20261124);
            var expected = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", Paths.Contoso))).Output
                .Select(o => (string)o.Properties["UserPrincipalName"].Value).OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToList();
            for (var round = 0; round < FuzzRounds; round++)
            {
                var file = TempFile();
                var report = TempFile(".html");
                File.WriteAllText(file, FuzzedTenant(random).ToJsonString());
                try
                {
                    var readiness = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", file)));
                    Assert.True(readiness.FirstError == null, "round " + round + ": " + readiness.FirstError);
                    Assert.Equal(expected, readiness.Output.Select(o => (string)o.Properties["UserPrincipalName"].Value).OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToList());

                    var status = ps.Run("Get-SsprStatus -SnapshotPath $p", Vars(("p", file)));
                    Assert.True(status.FirstError == null, "round " + round + ": " + status.FirstError);
                    var diagnosis = ps.Run("Get-SsprDiagnosis -SnapshotPath $p -UserPrincipalName $u -Symptom NoSmsReceived", Vars(("p", file), ("u", expected[round % expected.Count])));
                    Assert.True(diagnosis.FirstError == null, "round " + round + ": " + diagnosis.FirstError);
                    var export = ps.Run("Export-SsprReadinessReport -SnapshotPath $p -Path $r", Vars(("p", file), ("r", report)));
                    Assert.True(export.FirstError == null, "round " + round + ": " + export.FirstError);
                    Assert.True(File.Exists(report));
                }
                finally
                {
                    File.Delete(file);
                    File.Delete(report);
                }
            }
        }

        [Fact]
        public async Task PhoneNumberFuzz_ThroughTheLiveGraphPath_NeverCrashes_SameFindingsAsTheFile()
        {
            var random = new Random(4711);
            var file = TempFile();
            File.WriteAllText(file, FuzzedTenant(random).ToJsonString());
            try
            {
                var fromFile = ps.Run("Test-SsprAdminReadiness -SnapshotPath $p", Vars(("p", file)));
                Assert.Null(fromFile.FirstError);
                var options = FakeGraphOptions.ForFixture(file);
                options.ExpectedBearerToken = GraphCmdletTests.DefaultToken;
                await using var server = await FakeGraphServer.StartAsync(file, options);
                Assert.Null(GraphCmdletTests.Connect(ps, server).FirstError);
                var live = ps.Run("Test-SsprAdminReadiness");
                Assert.True(live.FirstError == null, live.FirstError?.ToString());
                Assert.Equal(GraphCmdletTests.Signatures(fromFile).OrderBy(p => p.Key), GraphCmdletTests.Signatures(live).OrderBy(p => p.Key));
            }
            finally
            {
                File.Delete(file);
            }
        }
    }
}
