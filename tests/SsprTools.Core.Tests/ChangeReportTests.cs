using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SsprTools.Core.Comparison;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;
using SsprTools.Core.Reporting;
using SsprTools.Core.Snapshots;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The changes section of the HTML report and the Markdown job summary.</summary>
    public class ChangeReportTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

        public ChangeReportTests()
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        }

        private static string ContosoPath => Path.Combine(AppContext.BaseDirectory, "samples", "contoso.snapshot.json");

        private static TenantData Contoso() => SnapshotFormat.ReadFile(ContosoPath);

        /// <summary>Contoso a week later: Eva's account disabled, Michael's enabled again (the file edited as JSON, so nothing else changes).</summary>
        private static TenantData WeekLater()
        {
            var root = JsonNode.Parse(File.ReadAllText(ContosoPath))!;
            foreach (var u in root["users"]!.AsArray())
            {
                var upn = (string)u!["userPrincipalName"]!;
                if (upn.StartsWith("eva.", StringComparison.Ordinal) || upn.StartsWith("michael.", StringComparison.Ordinal))
                {
                    u["accountEnabled"] = upn.StartsWith("michael.", StringComparison.Ordinal);
                }
            }

            return SnapshotFormat.Read(Encoding.UTF8.GetBytes(root.ToJsonString()), "week2");
        }

        private static (ReadinessScan After, IReadOnlyList<ReadinessChange> Changes) Week()
        {
            // Pinned before 2027-02-01 (samples/README.md), so the figures do not move with the clock.
            var options = new ReadinessOptions { AsOf = new DateTime(2026, 12, 1) };
            var after = ReadinessScan.Evaluate(WeekLater(), options);
            return (after, ReadinessComparer.Compare(ReadinessScan.Evaluate(Contoso(), options), after));
        }

        [Fact]
        public void Html_ShowsTheChanges_TheLossFirst()
        {
            var (after, changes) = Week();
            var html = HtmlReport.Render(after.Status, after.Results, At, changes);

            Assert.Contains("<section id=\"changes\" class=\"changes lost\">", html);
            var rows = Regex.Matches(html, "<tr class=\"(\\w+)\" data-change=\"(\\w+)\" data-upn=\"([^\"]+)\"").Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
            Assert.Equal(new[] { ("lost", "BecameUnrecoverable", "eva.lindqvist@contoso.com"), ("better", "BecameRecoverable", "michael.johnson@contoso.com") }, rows);
            Assert.Contains("Yes \u2192 No", html);
            // The section comes right after the verdict, before the tenant status.
            Assert.True(html.IndexOf("id=\"verdict\"", StringComparison.Ordinal) < html.IndexOf("id=\"changes\"", StringComparison.Ordinal));
            Assert.True(html.IndexOf("id=\"changes\"", StringComparison.Ordinal) < html.IndexOf("id=\"tenant\"", StringComparison.Ordinal));
        }

        [Fact]
        public void Html_NoChangesGiven_NoSection_EmptyChanges_SaysNothingChanged()
        {
            var (after, _) = Week();
            Assert.DoesNotContain("id=\"changes\"", HtmlReport.Render(after.Status, after.Results, At));
            var none = HtmlReport.Render(after.Status, after.Results, At, Array.Empty<ReadinessChange>());
            Assert.Contains("<section id=\"changes\" class=\"changes\">", none);
            Assert.Contains("No account changed since the previous scan.", none);
        }

        [Fact]
        public void Markdown_VerdictWhoCannotGetBackIn_AndChanges()
        {
            var (after, changes) = Week();
            var md = MarkdownReport.Render(after.Status, after.Results, At, changes);

            Assert.StartsWith("## Admin password recovery readiness: Contoso Ltd\n", md);
            var admins = after.Results.Count(r => r.IsAdmin);
            Assert.Contains($"\u274C **1 of {admins} admins cannot get back in if they forget their password.**", md);
            // What 2027-02-01 does (learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement).
            Assert.Contains("SMS/voice: 8 admin(s) get back in only thanks to SMS or voice codes (-Telephony Microsoft). On 2027-02-01", md);
            Assert.Contains("### Who cannot get back in", md);
            Assert.Matches(@"\n\| eva\.lindqvist@contoso\.com \| Billing Administrator \| [^\n]*SSPR010 Account is disabled", md);
            Assert.Contains("### Changes since the previous scan", md);
            Assert.Contains("| **Became unrecoverable** | eva.lindqvist@contoso.com | Yes \u2192 No | SSPR010 | \u2013 |", md);
            Assert.Contains("| Became recoverable | michael.johnson@contoso.com | No \u2192 Yes | \u2013 | SSPR010 |", md);
            Assert.DoesNotContain("<table", md);
        }

        [Fact]
        public void Markdown_AllRecoverable_NoChangesSection_WhenNotGiven()
        {
            var scan = ReadinessScan.Evaluate(Contoso(), new ReadinessOptions { AsOf = new DateTime(2026, 12, 1) });
            var recoverable = scan.Results.Where(r => r.Recoverable).ToList();
            var md = MarkdownReport.Render(null, recoverable, At, null);

            Assert.Contains($"\u2705 **All {recoverable.Count(r => r.IsAdmin)} admins can get back in", md);
            Assert.DoesNotContain("Who cannot get back in", md);
            Assert.DoesNotContain("Changes since", md);
            Assert.Contains("Changes since the previous scan", MarkdownReport.Render(null, recoverable, At, Array.Empty<ReadinessChange>()));
        }

        /// <summary>Contoso as a schemaVersion 1 file would hold it: no group owners, no authentication methods policy, no
        /// certificate bindings.</summary>
        private static TenantData ContosoVersion1()
        {
            var root = JsonNode.Parse(File.ReadAllText(ContosoPath))!.AsObject();
            root["schemaVersion"] = 1;
            root.Remove("authenticationMethodsPolicy");
            (root["collection"] as JsonObject)?.Remove("authenticationMethodsPolicy");
            foreach (var g in root["groups"]!.AsArray())
            {
                g!.AsObject().Remove("owners");
            }

            foreach (var u in root["users"]!.AsArray())
            {
                u!.AsObject().Remove("authorizationInfo");
            }

            return SnapshotFormat.Read(Encoding.UTF8.GetBytes(root.ToJsonString()), "contoso-v1");
        }

        [Fact]
        public void Version1AgainstVersion2_OfTheSameTenant_OnlyNotComparable_NeverAddedOrResolved()
        {
            var options = new ReadinessOptions();
            var old = ContosoVersion1();
            Assert.Equal(1, old.SchemaVersion);
            var changes = ReadinessComparer.Compare(ReadinessScan.Evaluate(old, options), ReadinessScan.Evaluate(Contoso(), options));

            // The same tenant: whatever differs is what version 1 did not record (group owners), reported as not comparable.
            Assert.NotEmpty(changes);
            Assert.All(changes, c =>
            {
                Assert.Equal(ReadinessChangeKind.FindingsChanged, c.Change);
                Assert.Empty(c.FindingsAdded);
                Assert.Empty(c.FindingsResolved);
                Assert.NotEmpty(c.NotComparable);
                Assert.All(c.NotComparable, n => Assert.StartsWith("Not evaluated in the reference scan only:", n));
            });

            // And the other way round: nothing resolved where the newer file could run a check the older could not.
            var back = ReadinessComparer.Compare(ReadinessScan.Evaluate(Contoso(), options), ReadinessScan.Evaluate(old, options));
            Assert.All(back, c => Assert.Empty(c.FindingsResolved.Concat(c.FindingsAdded)));
        }

        [Fact]
        public void Markdown_HostileNames_StayText_AndOneRowStaysOneRow()
        {
            var hostile = new AdminReadiness
            {
                UserPrincipalName = "x|y@contoso.com\n## pwned",
                Roles = new[] { "<img src=x onerror=alert(1)>", "[link](javascript:alert(1))" },
                IsAdmin = true,
                Findings = new[] { new Finding("SSPR011", FindingSeverity.Error, "*bold* `code` _em_", "d", "r", "ref") },
            };

            var md = MarkdownReport.Render(null, new[] { hostile }, At, null);

            var row = md.Split('\n').Single(l => l.Contains("contoso.com"));
            Assert.Contains(@"x\|y@contoso.com \#\# pwned", row);
            Assert.Contains("&lt;img src=x onerror=alert\\(1\\)&gt;".Replace("\\(", "(").Replace("\\)", ")"), row);
            Assert.Contains(@"\[link\](javascript:alert(1))", row);
            Assert.Contains(@"\*bold\* \`code\` \_em\_", row);
            Assert.DoesNotContain("<img", md);
            // Four unescaped pipes: the row has exactly three cells.
            Assert.Equal(4, Regex.Matches(row, @"(?<!\\)\|").Count);
        }

        [Fact]
        public void Markdown_LongLists_AreCut_WithAPointerToTheHtml()
        {
            var many = Enumerable.Range(0, MarkdownReport.MaxRows + 7)
                .Select(i => new AdminReadiness { UserPrincipalName = $"admin{i}@contoso.com", IsAdmin = true, Recoverable = false }).ToList();
            var md = MarkdownReport.Render(null, many, At, null);

            Assert.Equal(MarkdownReport.MaxRows, Regex.Matches(md, @"\| admin\d+@contoso\.com \|").Count);
            Assert.Contains("… and 7 more: see the HTML report.", md);
        }
    }
}
