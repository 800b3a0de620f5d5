using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SsprTools.Core.Readiness;
using SsprTools.Core.Snapshots;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>
    /// Hostile snapshot files: whatever the bytes, reading either succeeds (and the checks run) or fails with an
    /// SsprException carrying a message — never another exception, never a hang. Fixed seeds, fixed case counts.
    /// </summary>
    public class SnapshotFuzzTests
    {
        private static readonly byte[] Contoso = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "contoso.snapshot.json"));

        private static void ReadAndScan(byte[] bytes)
        {
            try
            {
                var data = SnapshotFormat.Read(bytes, "fuzz.json");
                var evaluator = new ReadinessEvaluator(data);
                var all = evaluator.EvaluateAll();
                evaluator.Status(all);
            }
            catch (SsprException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.DoesNotContain("   at ", e.Message);
            }
        }

        [Fact]
        public void RandomBytes()
        {
            var random = new Random(1234);
            for (var i = 0; i < 300; i++)
            {
                var bytes = new byte[random.Next(0, 2000)];
                random.NextBytes(bytes);
                ReadAndScan(bytes);
            }
        }

        [Fact]
        public void MutatedSample_ByteFlipsAndTruncations()
        {
            var random = new Random(42);
            for (var i = 0; i < 200; i++)
            {
                var bytes = (byte[])Contoso.Clone();
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                ReadAndScan(i % 3 == 0 ? bytes.Take(random.Next(bytes.Length)).ToArray() : bytes);
            }
        }

        [Fact]
        public void DeepNesting_IsRefusedClearly()
        {
            var deep = "{\"schemaVersion\":1,\"tenant\":{\"id\":\"x\"},\"futureField\":" + new string('[', 5000) + new string(']', 5000) + "}";
            var e = Assert.Throws<SsprException>(() => SnapshotFormat.Read(Encoding.UTF8.GetBytes(deep), "deep.json"));
            Assert.Equal("SnapshotMalformed", e.ErrorId);
        }

        [Fact]
        public void HugeStrings_AreReadAndChecked()
        {
            var node = JsonNode.Parse(Contoso)!.AsObject();
            var users = node["users"]!.AsArray();
            var huge = new string('9', 1_000_000);
            users[0]!["mobilePhone"] = "+47 " + huge;
            users[1]!["otherMails"] = new JsonArray(huge + "@example.com");
            users[2]!["displayName"] = new string('x', 1_000_000);
            ReadAndScan(Encoding.UTF8.GetBytes(node.ToJsonString()));
        }

        [Fact]
        public void WrongTypesEverywhere()
        {
            var random = new Random(7);
            var replacements = new JsonNode?[] { null, 1, -1.5, true, "text", new JsonArray(), new JsonObject(), new JsonArray(1, "a", null) };
            var paths = new List<Action<JsonObject, JsonNode?>>
            {
                (n, v) => n["tenant"] = v,
                (n, v) => n["users"] = v,
                (n, v) => n["tenant"]!["verifiedDomains"] = v,
                (n, v) => n["users"]![0]!["authenticationMethods"] = v,
                (n, v) => n["users"]![0]!["accountEnabled"] = v,
                (n, v) => n["users"]![1]!["businessPhones"] = v,
                (n, v) => n["roleAssignments"]![0]!["directoryScopeId"] = v,
                (n, v) => n["roleAssignments"]![0] = v,
                (n, v) => n["groups"]![0]!["members"] = v,
                (n, v) => n["auditEvents"]![0]!["activityDateTime"] = v,
                (n, v) => n["collection"] = v,
                (n, v) => n["tenant"]!["verifiedDomains"]![0]!["name"] = v,
                (n, v) => n["users"]![0]!["userPrincipalName"] = v,
                (n, v) => n["administrativeUnits"]![0]!["members"] = v,
                (n, v) => n["users"]![2]!["registrationDetails"] = v,
            };
            for (var i = 0; i < 150; i++)
            {
                var node = JsonNode.Parse(Contoso)!.AsObject();
                var value = replacements[random.Next(replacements.Length)];
                paths[random.Next(paths.Count)](node, value?.DeepClone());
                ReadAndScan(Encoding.UTF8.GetBytes(node.ToJsonString()));
            }
        }
    }
}
