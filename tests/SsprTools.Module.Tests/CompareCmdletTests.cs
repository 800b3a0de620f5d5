using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static SsprTools.Module.Tests.TestValues;

namespace SsprTools.Module.Tests
{
    /// <summary>Compare-SsprReadiness in the real engine: the sample tenant and the same tenant a week later.</summary>
    public class CompareCmdletTests : IClassFixture<HostFixture>, IDisposable
    {
        private readonly PowerShellHost ps;
        private readonly TempFolder temp = new TempFolder("sspr-compare");

        public CompareCmdletTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        public void Dispose() => temp.Dispose();

        /// <summary>Contoso a week later: Eva disabled (she cannot get in), Michael enabled again, Lucas no longer an admin.</summary>
        internal static string WeekLater(string folder, Action<JsonObject>? more = null)
        {
            var root = JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            JsonObject User(string prefix) => root["users"]!.AsArray().Select(u => u!.AsObject()).Single(u => ((string)u["userPrincipalName"]!).StartsWith(prefix, StringComparison.Ordinal));
            User("eva.lindqvist")["accountEnabled"] = false;
            User("michael.johnson")["accountEnabled"] = true;
            var lucas = (string)User("lucas.smit")["id"]!;
            var assignments = root["roleAssignments"]!.AsArray();
            foreach (var a in assignments.Where(a => (string)a!["principalId"]! == lucas).ToList())
            {
                assignments.Remove(a);
            }

            root["generatedAt"] = DateTimeOffset.Parse(((string)root["generatedAt"]!)).AddDays(7).ToString("o");
            more?.Invoke(root);
            var path = Path.Combine(folder, "week2.snapshot.json");
            File.WriteAllText(path, root.ToJsonString());
            return path;
        }

        private static string Prop(PSObject o, string name) => o.Properties[name].Value?.ToString() ?? "";

        private static string[] Ids(PSObject o, string name) =>
            ((object[])o.Properties[name].Value).Select(f => (string)PSObject.AsPSObject(f).Properties["Id"].Value).ToArray();

        [Fact]
        public void WeekLater_OneChangePerAccountThatChanged()
        {
            var r = ps.Run("Compare-SsprReadiness -ReferenceSnapshotPath $a -DifferenceSnapshotPath $b", Vars(("a", Paths.Contoso), ("b", WeekLater(temp.Path))));

            Assert.Null(r.Terminating);
            Assert.Empty(r.Errors);
            Assert.All(r.Output, o => Assert.Equal("SsprTools.ReadinessChange", o.TypeNames[0]));
            var byUser = r.Output.ToDictionary(o => Prop(o, "UserPrincipalName"));
            Assert.Equal("BecameUnrecoverable", Prop(byUser["eva.lindqvist@contoso.com"], "Change"));
            Assert.Contains("SSPR010", Ids(byUser["eva.lindqvist@contoso.com"], "FindingsAdded"));
            Assert.Equal("BecameRecoverable", Prop(byUser["michael.johnson@contoso.com"], "Change"));
            Assert.Contains("SSPR010", Ids(byUser["michael.johnson@contoso.com"], "FindingsResolved"));
            Assert.Equal("Removed", Prop(byUser["lucas.smit@contoso.com"], "Change"));
            Assert.Null(byUser["lucas.smit@contoso.com"].Properties["After"].Value);
            Assert.Equal("eva.lindqvist@contoso.com", Prop(r.Output[0], "UserPrincipalName")); // the loss first
            Assert.DoesNotContain("emily.carter@contoso.com", byUser.Keys);
        }

        [Fact]
        public void Quiet_FalseWhenSomeoneBecameUnrecoverable_TrueOtherwise()
        {
            var week2 = WeekLater(temp.Path);
            var lost = ps.Run("Compare-SsprReadiness $a $b -Quiet", Vars(("a", Paths.Contoso), ("b", week2)));
            Assert.False((bool)Assert.Single(lost.Output).BaseObject);

            // Only Michael back and Lucas gone: nobody lost their way back in.
            var better = Path.Combine(temp.Path, "better.snapshot.json");
            File.Move(WeekLater(temp.Path, root => root["users"]!.AsArray().Single(u => ((string)u!["userPrincipalName"]!).StartsWith("eva.", StringComparison.Ordinal))!["accountEnabled"] = true), better);
            var back = ps.Run("Compare-SsprReadiness $a $b -Quiet", Vars(("a", Paths.Contoso), ("b", better)));
            Assert.True((bool)Assert.Single(back.Output).BaseObject);

            var same = ps.Run("Compare-SsprReadiness $a $a", Vars(("a", Paths.Contoso)));
            Assert.Empty(same.Output);
            Assert.Empty(same.Errors);
        }

        [Fact]
        public void PostureAppliesToBothSides()
        {
            // Under -ExpectedAdminSspr Disabled the self-service findings are Info on both sides; the same tenant gives no change.
            var r = ps.Run("Compare-SsprReadiness $a $a -ExpectedAdminSspr Disabled", Vars(("a", Paths.Contoso)));
            Assert.Empty(r.Output);
            var week = ps.Run("Compare-SsprReadiness $a $b -ExpectedAdminSspr Disabled", Vars(("a", Paths.Contoso), ("b", WeekLater(temp.Path))));
            Assert.Equal(3, week.Output.Count);
        }

        [Fact]
        public void OlderOrPartialReference_ChecksItCouldNotRunAreNotComparable()
        {
            // The reference could not read authentication methods (an older snapshot or a scan without the permission).
            var partial = JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            partial["collection"]!["authenticationMethods"] = "notRead";
            foreach (var u in partial["users"]!.AsArray())
            {
                u!.AsObject().Remove("authenticationMethods");
            }

            var reference = Path.Combine(temp.Path, "partial.snapshot.json");
            File.WriteAllText(reference, partial.ToJsonString());

            var r = ps.Run("Compare-SsprReadiness $a $b", Vars(("a", reference), ("b", Paths.Contoso)));

            Assert.Empty(r.Errors);
            Assert.NotEmpty(r.Output);
            foreach (var change in r.Output)
            {
                var notComparable = (string[])change.Properties["NotComparable"].Value;
                Assert.Contains(notComparable, n => n.Contains("SSPR002, SSPR003, SSPR009"));
                // Newly seen, not new: no SSPR002/003/009 counts as added where the reference could not run them.
                Assert.DoesNotContain(Ids(change, "FindingsAdded"), id => id == "SSPR002" || id == "SSPR003" || id == "SSPR009");
            }
        }

        [Fact]
        public void DifferentTenants_ClearError()
        {
            var other = JsonNode.Parse(File.ReadAllText(Paths.Contoso))!.AsObject();
            other["tenant"]!["id"] = "99999999-0000-0000-0000-000000000009";
            other["tenant"]!["displayName"] = "Fabrikam";
            var path = Path.Combine(temp.Path, "fabrikam.snapshot.json");
            File.WriteAllText(path, other.ToJsonString());

            var r = ps.Run("Compare-SsprReadiness $a $b", Vars(("a", Paths.Contoso), ("b", path)));

            var record = r.FirstError!;
            Assert.StartsWith("CompareTenantMismatch,", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
            Assert.False(string.IsNullOrEmpty(record.ErrorDetails?.RecommendedAction));
        }

        [Fact]
        public void MissingReference_ClearError()
        {
            var r = ps.Run("Compare-SsprReadiness $a", Vars(("a", Path.Combine(temp.Path, "nope.json"))));
            var record = r.FirstError!;
            Assert.StartsWith("SnapshotNotFound", record.FullyQualifiedErrorId);
        }

        [Fact]
        public void MarkdownSummary_WithTheChanges_ForAJobSummary()
        {
            var week2 = WeekLater(temp.Path);
            var md = Path.Combine(temp.Path, "summary.md");
            var r = ps.Run("$c = Compare-SsprReadiness $a $b; Export-SsprReadinessReport -SnapshotPath $b -Changes $c -Format Markdown -Path $o",
                Vars(("a", Paths.Contoso), ("b", week2), ("o", md)));

            Assert.Null(r.Terminating);
            Assert.Equal(md, ((FileInfo)Assert.Single(r.Output).BaseObject).FullName);
            var text = File.ReadAllText(md);
            Assert.StartsWith("## ", text);
            Assert.Contains("eva.lindqvist@contoso.com", text);
            Assert.Contains("| **Became unrecoverable** | eva.lindqvist@contoso.com |", text);
            Assert.DoesNotContain("<html", text);
        }

        [Fact]
        public void HtmlReport_PipedResults_WithChanges_AndWithAnEmptyComparison()
        {
            var week2 = WeekLater(temp.Path);
            var html = Path.Combine(temp.Path, "report.html");
            var r = ps.Run("$c = Compare-SsprReadiness $a $b; Test-SsprAdminReadiness -SnapshotPath $b | Export-SsprReadinessReport -Path $o -Changes $c -Status (Get-SsprStatus $b)",
                Vars(("a", Paths.Contoso), ("b", week2), ("o", html)));
            Assert.Null(r.Terminating);
            var page = File.ReadAllText(html);
            Assert.Contains("<section id=\"changes\" class=\"changes lost\">", page);
            Assert.Contains("data-change=\"BecameUnrecoverable\" data-upn=\"eva.lindqvist@contoso.com\"", page);

            // Nothing changed: Compare-SsprReadiness returns nothing, $c is $null, and the report says so.
            var same = Path.Combine(temp.Path, "same.html");
            r = ps.Run("$c = Compare-SsprReadiness $a $a; Export-SsprReadinessReport -SnapshotPath $a -Path $o -Changes $c", Vars(("a", Paths.Contoso), ("o", same)));
            Assert.Null(r.Terminating);
            Assert.Contains("<section id=\"changes\" class=\"changes\">", File.ReadAllText(same));

            // Without -Changes there is no such section.
            var plain = Path.Combine(temp.Path, "plain.html");
            ps.Run("Export-SsprReadinessReport -SnapshotPath $a -Path $o", Vars(("a", Paths.Contoso), ("o", plain)));
            Assert.DoesNotContain("id=\"changes\"", File.ReadAllText(plain));
        }

        [Fact]
        public void EmergencyAccessAccounts_DeclaredForBothSides_UnknownNameWarns()
        {
            // Declared on both sides, the break-glass accounts are judged by SSPR019 in both scans: no change of their own.
            var r = ps.Run("Compare-SsprReadiness $a $a -EmergencyAccessAccount breakglass1@contoso.onmicrosoft.com, nobody@contoso.com", Vars(("a", Paths.Contoso)));
            Assert.Null(r.Terminating);
            Assert.Empty(r.Output);
            Assert.Contains(r.Warnings, w => w.Contains("nobody@contoso.com"));
        }

        [Fact]
        public async Task SnapshotAgainstTheConnectedTenantNow()
        {
            // The fake Graph serves Contoso a week later; the reference is the sample snapshot.
            var week2 = WeekLater(temp.Path);
            using var host = new PowerShellHost();
            await using var server = await GraphCmdletTests.Serve(week2);
            Assert.Empty(GraphCmdletTests.Connect(host, server).Errors);

            var r = host.Run("Compare-SsprReadiness -ReferenceSnapshotPath $a", Vars(("a", Paths.Contoso)));

            Assert.Null(r.Terminating);
            var changes = r.Output.ToDictionary(o => Prop(o, "UserPrincipalName"), o => Prop(o, "Change"));
            Assert.Equal("BecameUnrecoverable", changes["eva.lindqvist@contoso.com"]);
            Assert.Equal("BecameRecoverable", changes["michael.johnson@contoso.com"]);
            Assert.Equal("Removed", changes["lucas.smit@contoso.com"]);
            // Anything else may only be a check the live read could not evaluate (e.g. the tenant's edition): reported as
            // not comparable, never as a finding added or resolved.
            foreach (var other in r.Output.Where(o => !new[] { "eva.lindqvist@contoso.com", "michael.johnson@contoso.com", "lucas.smit@contoso.com" }.Contains(Prop(o, "UserPrincipalName"))))
            {
                Assert.Equal("FindingsChanged", Prop(other, "Change"));
                Assert.Empty(Ids(other, "FindingsAdded"));
                Assert.Empty(Ids(other, "FindingsResolved"));
                Assert.NotEmpty((string[])other.Properties["NotComparable"].Value);
            }
        }
    }
}
