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

        private const string GroupsAndAdmins =
            "\"users\": [" +
            "{\"id\": \"u1\", \"userPrincipalName\": \"pwd@contoso.com\", \"authenticationMethods\": []}," +
            "{\"id\": \"u2\", \"userPrincipalName\": \"helpdesk@contoso.com\", \"authenticationMethods\": []}," +
            "{\"id\": \"u3\", \"userPrincipalName\": \"bg@contoso.onmicrosoft.com\", \"authenticationMethods\": []" + "%CERT%}]," +
            "\"groups\": [{\"id\": \"g1\", \"displayName\": \"SG-Tier0\", \"isAssignableToRole\": true, \"members\": [] %OWNERS%}]," +
            "\"roleAssignments\": [" +
            "{\"principalId\": \"u1\", \"roleDefinitionId\": \"966707d0-3269-4727-9be2-8c3a10f19b9d\", \"directoryScopeId\": \"/\"}," +
            "{\"principalId\": \"u2\", \"roleDefinitionId\": \"729827e3-9c14-49f7-bb1b-9608f156bbb8\", \"directoryScopeId\": \"/\"}," +
            "{\"principalId\": \"u3\", \"roleDefinitionId\": \"62e90394-69f5-4237-9190-012177145e10\", \"directoryScopeId\": \"/\"}]";

        /// <summary>A version-1 snapshot (before group owners, the methods policy and certificate bindings) still loads; what it
        /// lacks is not evaluated, never passed.</summary>
        [Fact]
        public void SchemaVersion1_Loads_WhatItLacksIsNotEvaluated()
        {
            var json = "{\"schemaVersion\": 1, \"tenant\": {\"id\": \"x\"}, " + GroupsAndAdmins.Replace("%OWNERS%", "").Replace("%CERT%", "") + "}";
            var data = SnapshotFormat.Read(Encoding.UTF8.GetBytes(json), "v1.json");
            Assert.Equal(1, data.SchemaVersion);
            var evaluator = new Readiness.ReadinessEvaluator(data, new Readiness.ReadinessOptions { EmergencyAccessAccounts = new[] { "bg@contoso.onmicrosoft.com" } });
            var status = evaluator.Status();
            Assert.Contains(status.NotEvaluated, n => n.Contains("schemaVersion 1"));
            Assert.Contains(status.NotEvaluated, n => n.Contains("SG-Tier0")); // owners unknown
            Assert.Contains(status.NotEvaluated, n => n.StartsWith("Authentication methods policy", StringComparison.Ordinal));
            Assert.Null(status.AuthenticationMethodsPolicy);
            // Who may reset the Password Administrator is uncertain: they might own the role-assignable group.
            Assert.Contains(evaluator.EvaluateUser("pwd@contoso.com")!.NotEvaluated, n => n.StartsWith("AssistedResetBy", StringComparison.Ordinal));
            // Certificate bindings were not recorded: the emergency account's phishing-resistant method is not known, not missing.
            var bg = evaluator.EvaluateUser("bg@contoso.onmicrosoft.com")!;
            Assert.DoesNotContain(bg.Findings, f => f.Id == "SSPR019");
            Assert.Contains(bg.NotEvaluated, n => n.StartsWith("SSPR019", StringComparison.Ordinal));
        }

        [Fact]
        public void SchemaVersion2_ReadsOwnersPolicyAndCertificateBindings()
        {
            var json = "{\"schemaVersion\": 2, \"tenant\": {\"id\": \"x\"}, " +
                "\"collection\": {\"authenticationMethodsPolicy\": \"available\"}, " +
                "\"authenticationMethodsPolicy\": {\"policyMigrationState\": \"migrationComplete\", \"authenticationMethodConfigurations\": [{\"id\": \"Sms\", \"state\": \"disabled\"}]}, " +
                GroupsAndAdmins.Replace("%OWNERS%", ", \"owners\": [\"u1\"]").Replace("%CERT%", ", \"authorizationInfo\": {\"certificateUserIds\": [\"X509:<PN>bg@contoso.onmicrosoft.com\"]}") + "}";
            var data = SnapshotFormat.Read(Encoding.UTF8.GetBytes(json), "v2.json");
            Assert.Equal(new[] { "u1" }, data.Groups[0].Owners);
            var evaluator = new Readiness.ReadinessEvaluator(data, new Readiness.ReadinessOptions { EmergencyAccessAccounts = new[] { "bg@contoso.onmicrosoft.com" } });
            var status = evaluator.Status();
            Assert.Equal("disabled", status.AuthenticationMethodsPolicy!.Sms);
            Assert.DoesNotContain(status.NotEvaluated, n => n.Contains("schemaVersion") || n.Contains("SG-Tier0"));
            // The owner of a role-assignable group: the Helpdesk Administrator may not reset them (groups-concept).
            var pwd = evaluator.EvaluateUser("pwd@contoso.com")!;
            Assert.DoesNotContain("helpdesk@contoso.com", pwd.AssistedResetBy);
            Assert.Empty(pwd.NotEvaluated);
            var bg = evaluator.EvaluateUser("bg@contoso.onmicrosoft.com")!;
            Assert.DoesNotContain(bg.Findings, f => f.Id == "SSPR019");
            Assert.Empty(bg.NotEvaluated);

            // Round trip: what the exporter writes reads back the same.
            var file = Path.Combine(Path.GetTempPath(), "sspr-v2-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                SnapshotFormat.WriteFile(data, file);
                var again = SnapshotFormat.ReadFile(file);
                Assert.Equal(2, again.SchemaVersion);
                Assert.Equal(new[] { "u1" }, again.Groups[0].Owners);
                Assert.Equal("migrationComplete", again.AuthenticationMethodsPolicy!.PolicyMigrationState);
                Assert.Single(again.Users[2].AuthorizationInfo!.CertificateUserIds);
            }
            finally
            {
                File.Delete(file);
            }
        }

        /// <summary>Redaction keeps what the 2027 rules read (owners, the methods policy, whether certificate bindings exist),
        /// and hides the certificate user ids, which name the person.</summary>
        [Fact]
        public void Redaction_KeepsOwnersPolicyAndCertificateBindingCount_HidesTheIds()
        {
            var json = "{\"schemaVersion\": 2, \"tenant\": {\"id\": \"x\"}, " +
                "\"authenticationMethodsPolicy\": {\"policyMigrationState\": \"migrationComplete\", \"authenticationMethodConfigurations\": [{\"id\": \"Sms\", \"state\": \"disabled\"}]}, " +
                GroupsAndAdmins.Replace("%OWNERS%", ", \"owners\": [\"u1\"]").Replace("%CERT%", ", \"authorizationInfo\": {\"certificateUserIds\": [\"X509:<PN>bg@contoso.onmicrosoft.com\"]}") + "}";
            var data = SnapshotFormat.Read(Encoding.UTF8.GetBytes(json), "v2.json");
            var redacted = SnapshotRedactor.Redact(data);
            Assert.Equal(new[] { "u1" }, redacted.Groups[0].Owners);
            Assert.Equal("disabled", redacted.AuthenticationMethodsPolicy!.AuthenticationMethodConfigurations[0].State);
            var ids = redacted.Users[2].AuthorizationInfo!.CertificateUserIds;
            Assert.Single(ids);
            Assert.DoesNotContain("bg@contoso", ids[0]);
            var options = new Readiness.ReadinessOptions { EmergencyAccessAccounts = new[] { "bg@contoso.onmicrosoft.com" } };
            // Still judged fit for certificate-based authentication (the only Global Administrator: SSPR011/SSPR012 are another matter).
            Assert.DoesNotContain(new Readiness.ReadinessEvaluator(redacted, options).EvaluateUser("bg@contoso.onmicrosoft.com")!.Findings, f => f.Id == "SSPR019");
        }

        [Fact]
        public void NullOwnerEntries_AreSkipped_NotACrash()
        {
            var json = "{\"schemaVersion\": 2, \"tenant\": {\"id\": \"x\"}, " +
                GroupsAndAdmins.Replace("%OWNERS%", ", \"owners\": [null, \"u1\", \"\"]").Replace("%CERT%", "") + "}";
            var data = SnapshotFormat.Read(Encoding.UTF8.GetBytes(json), "v2.json");
            var pwd = new Readiness.ReadinessEvaluator(data).EvaluateUser("pwd@contoso.com")!;
            Assert.DoesNotContain("helpdesk@contoso.com", pwd.AssistedResetBy);
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
