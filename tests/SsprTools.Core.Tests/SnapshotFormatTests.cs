using System;
using System.IO;
using System.Text;
using SsprTools.Core.Snapshots;
using Xunit;

namespace SsprTools.Core.Tests
{
    public class SnapshotFormatTests
    {
        private static SsprException Fails(string json) =>
            Assert.Throws<SsprException>(() => SnapshotFormat.Read(Encoding.UTF8.GetBytes(json), "t.json"));

        [Fact]
        public void MalformedJson_SaysWhere()
        {
            var e = Fails("{\n  \"schemaVersion\": 1,\n  \"tenant\": { \"id\": \"x\" \n}");
            Assert.Equal("SnapshotMalformed", e.ErrorId);
            Assert.Contains("line", e.Message);
            Assert.Equal(SsprErrorKind.InvalidData, e.Kind);
        }

        [Fact]
        public void NewerSchema_IsRefused()
        {
            var e = Fails("{\"schemaVersion\": 99, \"tenant\": {\"id\": \"x\"}}");
            Assert.Equal("SnapshotSchemaTooNew", e.ErrorId);
            Assert.Contains("99", e.Message);
        }

        [Theory]
        [InlineData("{\"tenant\": {\"id\": \"x\"}}")]
        [InlineData("{\"schemaVersion\": \"1\", \"tenant\": {\"id\": \"x\"}}")]
        [InlineData("{\"schemaVersion\": 0, \"tenant\": {\"id\": \"x\"}}")]
        public void MissingOrBadSchemaVersion_IsRefused(string json) =>
            Assert.Equal("SnapshotSchemaVersionMissing", Fails(json).ErrorId);

        [Fact]
        public void WrongType_NamesThePath()
        {
            var e = Fails("{\"schemaVersion\": 1, \"tenant\": {\"id\": \"x\"}, \"users\": [{\"id\": \"u\", \"userPrincipalName\": \"a@b.c\", \"accountEnabled\": \"yes\"}]}");
            Assert.Equal("SnapshotInvalidValue", e.ErrorId);
            Assert.Contains("accountEnabled", e.Message);
        }

        [Fact]
        public void UnknownFields_AreIgnored_NullListsAreEmpty()
        {
            var data = SnapshotFormat.Read(Encoding.UTF8.GetBytes(
                "{\"schemaVersion\": 1, \"futureField\": {\"a\": [1,2]}, \"tenant\": {\"id\": \"x\", \"newThing\": true}, \"users\": null, \"groups\": null}"), "t.json");
            Assert.Equal("x", data.Tenant.Id);
            Assert.Empty(data.Users);
            Assert.Empty(data.Groups);
        }

        [Fact]
        public void MissingTenantId_AndUserWithoutUpn_AreRefused()
        {
            Assert.Equal("SnapshotInvalid", Fails("{\"schemaVersion\": 1}").ErrorId);
            var e = Fails("{\"schemaVersion\": 1, \"tenant\": {\"id\": \"x\"}, \"users\": [{\"id\": \"u\"}]}");
            Assert.Contains("users[0]", e.Message);
        }

        [Fact]
        public void MissingFile_AndDirectory_HaveTheirOwnErrors()
        {
            var dir = Directory.CreateTempSubdirectory("sspr").FullName;
            try
            {
                Assert.Equal("SnapshotNotFound", Assert.Throws<SsprException>(() => SnapshotFormat.ReadFile(Path.Combine(dir, "nope.json"))).ErrorId);
                Assert.Equal("SnapshotPathIsDirectory", Assert.Throws<SsprException>(() => SnapshotFormat.ReadFile(dir)).ErrorId);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void RoundTrip_KeepsFindings()
        {
            var t = new TenantBuilder();
            var a = t.User("a", new[] { TenantBuilder.Phone("+81 09012345678") });
            t.Assign(a, RoleIds.GlobalAdmin);
            var original = t.Build();
            var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json");
            try
            {
                SnapshotFormat.WriteFile(original, file);
                var back = SnapshotFormat.ReadFile(file);
                var before = new Readiness.ReadinessEvaluator(original).EvaluateAll();
                var after = new Readiness.ReadinessEvaluator(back).EvaluateAll();
                Assert.Equal(FindingIds(before[0]), FindingIds(after[0]));
            }
            finally
            {
                File.Delete(file);
            }
        }

        private static string FindingIds(AdminReadiness r) => string.Join(",", Array.ConvertAll(r.Findings, f => f.Id));
    }
}
