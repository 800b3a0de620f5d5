using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SsprTools.Core.Readiness;
using SsprTools.Core.Reporting;
using SsprTools.Core.Snapshots;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>The HTML report: escaping, self-containment, and numbers that match the data.</summary>
    public class HtmlReportTests
    {
        private const string ScriptName = "<script>alert(1)</script>";
        private const string ImgName = "\"><img src=x onerror=alert(1)>";
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

        /// <summary>Every element the report is allowed to contain; anything else was injected.</summary>
        private static readonly HashSet<string> AllowedElements = new HashSet<string>(StringComparer.Ordinal)
        {
            "!doctype", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "span", "dl", "dt", "dd", "div",
            "time", "section", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "svg", "g", "rect", "text",
            "tspan", "label", "input", "a", "footer", "script", "wbr",
        };

        public HtmlReportTests()
        {
            // The assertions read the English labels; the other languages are LocalizationTests' business.
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        }

        private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

        private static (TenantStatus Status, IReadOnlyList<AdminReadiness> Results) Contoso()
        {
            // Pinned before 2027-02-01, so the figures do not change with the clock (samples/README.md).
            var evaluator = new ReadinessEvaluator(SnapshotFormat.ReadFile(Sample("contoso.snapshot.json")),
                new ReadinessOptions { AsOf = new DateTime(2026, 12, 1) });
            var all = evaluator.EvaluateAll();
            return (evaluator.Status(all), all);
        }

        private static Finding HostileFinding(string reference) =>
            new Finding("SSPR011", FindingSeverity.Error, ScriptName, ImgName, "Fix <b>this</b> & 'that'", reference);

        private static AdminReadiness Hostile(string upn, string displayName, string reference = "javascript:alert(1)") => new AdminReadiness
        {
            UserPrincipalName = upn,
            DisplayName = displayName,
            Roles = new[] { ScriptName, ImgName },
            AccountEnabled = true,
            AssistedResetBy = new[] { ImgName + "@contoso.com" },
            Recoverable = false,
            IsAdmin = true,
            Findings = new[] { HostileFinding(reference) },
            NotEvaluated = new[] { "SSPR002: <iframe src=//evil>" },
            UsableMethods = new[] { "<svg onload=alert(1)>" },
            RequiredMethods = 2,
            TenantId = "t-1",
        };

        private static TenantStatus HostileStatus() => new TenantStatus
        {
            TenantId = "\" onmouseover=\"alert(1)",
            TenantName = ScriptName,
            Source = "snapshot:" + ImgName,
            Findings = new[] { HostileFinding("https://learn.microsoft.com/x\" onclick=\"alert(1)") },
            NotEvaluated = new[] { "<style>body{display:none}</style>" },
            RetrievedAt = At,
        };

        private static string[] Elements(string html) =>
            Regex.Matches(html, @"<\s*(/?)\s*([!a-zA-Z][a-zA-Z0-9-]*)").Cast<Match>().Select(m => m.Groups[2].Value.ToLowerInvariant()).ToArray();

        [Fact]
        public void Encode_EscapesEveryMarkupCharacter_AndDropsControls()
        {
            Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;", Html.Encode(ScriptName));
            Assert.Equal("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", Html.Encode(ImgName));
            Assert.Equal("a &amp; b &#39;c&#39;", Html.Encode("a & b 'c'"));
            Assert.Equal("x\uFFFDy\uFFFDz\tok\n", Html.Encode("x\u0000y\u0085z\tok\n"));
            Assert.Equal("lone \uFFFD end", Html.Encode("lone \uD800 end"));
            Assert.Equal("Bjørn Ødegård 🙂", Html.Encode("Bjørn Ødegård 🙂"));
            Assert.Equal("", Html.Encode(null));
        }

        [Theory]
        [InlineData("https://learn.microsoft.com/entra/a#b", "https://learn.microsoft.com/entra/a#b")]
        [InlineData("http://example.com/", "http://example.com/")]
        [InlineData("javascript:alert(1)", null)]
        [InlineData("data:text/html,<script>", null)]
        [InlineData("/relative", null)]
        [InlineData("", null)]
        public void SafeHref_AllowsOnlyAbsoluteHttpUrls(string url, string? expected)
        {
            Assert.Equal(expected, Html.SafeHref(url));
        }

        [Fact]
        public void SafeHref_EncodesQuotes()
        {
            var href = Html.SafeHref("https://learn.microsoft.com/x\" onclick=\"alert(1)");
            Assert.NotNull(href);
            Assert.DoesNotContain("\"", href);
        }

        [Fact]
        public void HostileData_StaysText_InTextAndAttributes()
        {
            var results = new[] { Hostile(ImgName + "@contoso.com", ScriptName), Hostile("ok@contoso.com", ImgName) };
            var html = HtmlReport.Render(HostileStatus(), results, At);

            // Only the report's own elements exist; exactly one script, the report's own.
            var unexpected = Elements(html).Where(e => !AllowedElements.Contains(e)).Distinct().ToArray();
            Assert.Empty(unexpected);
            Assert.Single(Regex.Matches(html, "<script"));
            Assert.Single(Regex.Matches(html, "<style"));
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("<iframe", html);
            Assert.DoesNotContain("<b>", html);

            // No event-handler attribute anywhere, no javascript: URL.
            Assert.DoesNotContain("javascript:", html.Replace("javascript:alert(1)</span>", ""), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href=\"javascript", html);

            // The names are there, as text.
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", html);
            Assert.Contains("data-upn=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;@contoso.com\"", html);
            Assert.Contains("Fix &lt;b&gt;this&lt;/b&gt; &amp; &#39;that&#39;", html);

            // Every attribute value is double-quoted and free of raw quotes and angle brackets.
            foreach (Match tag in Regex.Matches(html, @"<[a-zA-Z][^<>]*>"))
            {
                var withoutValues = Regex.Replace(tag.Value, "=\"[^\"<>]*\"", "=\"\"");
                Assert.DoesNotContain("'", withoutValues);
                Assert.Equal(0, withoutValues.Count(c => c == '=') - Regex.Matches(withoutValues, "=\"\"").Count);
                Assert.DoesNotMatch(new Regex(@"\son[a-z]+=", RegexOptions.IgnoreCase), withoutValues);
            }
        }

        [Fact]
        public void LoadsNothingFromTheNetwork()
        {
            var (status, results) = Contoso();
            var html = HtmlReport.Render(status, results, At);

            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<object", html, StringComparison.OrdinalIgnoreCase);

            // The only http(s) references are the findings' Reference links: <a> elements, not loaded resources.
            var hrefs = Regex.Matches(html, @"<(\w+)[^>]*\shref=""([^""]*)""").Cast<Match>().ToList();
            Assert.NotEmpty(hrefs);
            Assert.All(hrefs, m =>
            {
                Assert.Equal("a", m.Groups[1].Value);
                Assert.StartsWith("https://", m.Groups[2].Value);
            });
            var references = results.SelectMany(r => r.Findings).Concat(status.Findings).Select(f => f.Reference).ToHashSet();
            Assert.All(hrefs, m => Assert.Contains(System.Net.WebUtility.HtmlDecode(m.Groups[2].Value), references));

            // Apart from those links, no attribute value points anywhere.
            var withoutLinks = Regex.Replace(html, @"<a class=""ref"" href=""https://[^""]*""", "<a");
            Assert.DoesNotMatch(new Regex(@"=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), withoutLinks);
        }

        [Fact]
        public void ContentSecurityPolicy_AllowsOnlyTheReportsOwnScript()
        {
            var (status, results) = Contoso();
            var html = HtmlReport.Render(status, results, At);
            var csp = Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">");
            Assert.True(csp.Success);
            var policy = System.Net.WebUtility.HtmlDecode(csp.Groups[1].Value);
            Assert.Contains("default-src 'none'", policy);
            Assert.DoesNotContain("http", policy);

            var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
            using var sha = SHA256.Create();
            var hash = "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(script)));
            Assert.Contains("script-src '" + hash + "'", policy);
            Assert.DoesNotContain("unsafe-inline'; script", policy.Replace("style-src 'unsafe-inline'; script", ""));
        }

        [Fact]
        public void ChartsAndTable_MatchTheData()
        {
            var (status, results) = Contoso();
            var html = HtmlReport.Render(status, results, At);

            int Count(string key) => int.Parse(Regex.Match(html, "data-key=\"" + key + "\" data-count=\"(\\d+)\"").Groups[1].Value);
            var admins = results.Where(r => r.IsAdmin).ToList();
            Assert.Equal(admins.Count(a => a.Recoverable), Count("recoverable"));
            Assert.Equal(admins.Count(a => !a.Recoverable), Count("unrecoverable"));
            Assert.Equal(22, Count("recoverable"));
            Assert.Equal(1, Count("unrecoverable"));
            foreach (var severity in new[] { FindingSeverity.Error, FindingSeverity.Warning, FindingSeverity.Info })
            {
                Assert.Equal(results.Sum(r => r.Findings.Count(f => f.Severity == severity)), Count(severity.ToString().ToLowerInvariant()));
            }

            // The numbers are also visible text, not only bar lengths.
            Assert.Matches("<text class=\"bar-value\"[^>]*>22</text>", html);

            // One row per result, in input order, and the one unrecoverable admin is marked.
            var rows = Regex.Matches(html, "<tbody class=\"account[^\"]*\" data-recoverable=\"(true|false)\" data-admin=\"(?:true|false)\" data-upn=\"([^\"]*)\"").Cast<Match>().ToList();
            Assert.Equal(results.Select(r => r.UserPrincipalName), rows.Select(m => m.Groups[2].Value));
            Assert.Equal("michael.johnson@contoso.com", Assert.Single(rows, m => m.Groups[1].Value == "false").Groups[2].Value);

            // Tenant status facts.
            Assert.Contains("<tr data-fact=\"admin-sspr\">", html);
            Assert.Matches("data-fact=\"admins\"><th scope=\"row\">[^<]*</th><td>23</td>", html);
            Assert.Matches("data-fact=\"global-admins\"><th scope=\"row\">[^<]*</th><td>3</td>", html);
            Assert.Contains("Contoso Ltd", html);
            Assert.Contains("4c1a7e52-8f3d-4b6a-9e21-7d0c5b3f9a18", html);
            Assert.Contains("2026-11-24 09:30 UTC", html);

            // Every finding is in the table with its remediation.
            foreach (var f in results.SelectMany(r => r.Findings))
            {
                Assert.Contains(Html.Encode(f.Remediation), html);
            }
        }

        // learn.microsoft.com/entra/identity/authentication/concept-sms-voice-retirement: the report says how many admins
        // depend on SMS/voice and what 2027-02-01 does to them.
        [Fact]
        public void SmsVoiceSection_CountsDependentAdmins_AndWhatTheDateDoes()
        {
            var (status, results) = Contoso();
            var html = HtmlReport.Render(status, results, At);
            Assert.Contains("id=\"sms-voice\"", html);
            Assert.Matches("data-fact=\"sms-voice-dependent\"><th scope=\"row\">[^<]*</th><td class=\"off\">8</td>", html);
            Assert.Matches("data-fact=\"self-service-ready\"><th scope=\"row\">[^<]*2027-02-01[^<]*</th><td class=\"off\">14 \u2192 7</td>", html);
            Assert.Matches("data-fact=\"recoverable-after\"><th scope=\"row\">[^<]*</th><td class=\"off\">22 \u2192 21</td>", html);
            Assert.Contains("eva.lindqvist@contoso.com", Regex.Match(html, "<p data-list=\"losing-self-service\">[^<]*</p>").Value);
            Assert.Contains("-Telephony CustomerManaged", html);

            // With a customer-managed provider the date changes nothing, and nobody is listed as losing the path.
            var managed = new ReadinessEvaluator(SnapshotFormat.ReadFile(Sample("contoso.snapshot.json")),
                new ReadinessOptions { Telephony = Telephony.CustomerManaged, AsOf = new DateTime(2026, 12, 1) });
            var all = managed.EvaluateAll();
            var managedHtml = HtmlReport.Render(managed.Status(all), all, At);
            Assert.Matches("data-fact=\"self-service-ready\"><th scope=\"row\">[^<]*</th><td>14 \u2192 14</td>", managedHtml);
            Assert.DoesNotContain("data-list=\"losing-self-service\"", managedHtml);
        }

        [Fact]
        public void SingleAdmin_ShowsSsprOff_AndTenantFindings()
        {
            var evaluator = new ReadinessEvaluator(SnapshotFormat.ReadFile(Sample("single-admin.snapshot.json")));
            var all = evaluator.EvaluateAll();
            var html = HtmlReport.Render(evaluator.Status(all), all, At);
            Assert.Matches("data-fact=\"admin-sspr\"><th scope=\"row\">[^<]*</th><td class=\"off\">Off</td>", html);
            Assert.Contains("class=\"verdict bad\"", html);
            Assert.Contains("<div class=\"tenant-findings\">", html);
            Assert.Contains("data-finding=\"SSPR012\"", html);
            Assert.Contains("<ul class=\"not-evaluated\">", html);
        }

        [Fact]
        public void WithoutStatus_SaysSo_AndDerivesCounts()
        {
            var (_, results) = Contoso();
            var html = HtmlReport.Render(null, results, At);
            Assert.Contains("The tenant status was not part of the input", html);
            Assert.Contains("4c1a7e52-8f3d-4b6a-9e21-7d0c5b3f9a18", html);
            Assert.Matches("data-fact=\"admins\"><th scope=\"row\">[^<]*</th><td>23</td>", html);
            Assert.DoesNotContain("data-fact=\"admin-sspr\"", html);
        }

        [Fact]
        public void NoResults_StillAWholePage()
        {
            var html = HtmlReport.Render(null, Array.Empty<AdminReadiness>(), At);
            Assert.Contains("No readiness results in the input.", html);
            Assert.EndsWith("</html>\n", html);
            Assert.Contains("data-count=\"0\"", html);
        }

        [Fact]
        public void EveryLabelComesFromTheResources()
        {
            var (status, results) = Contoso();
            var html = HtmlReport.Render(status, results, At);
            Assert.DoesNotMatch("Report_[A-Za-z_]+", html);
        }

        [Theory]
        [InlineData("nb-NO", "nb", "Kommer administratorene våre inn igjen")]
        [InlineData("nl-NL", "nl", "Kunnen onze beheerders weer binnenkomen")]
        public void FollowsTheUiCulture(string culture, string lang, string heading)
        {
            var (status, results) = Contoso();
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
            var html = HtmlReport.Render(status, results, At);
            Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"" + lang + "\">", html);
            Assert.Contains(heading, html);
            Assert.DoesNotContain("Can our admins get back in", html);
        }
    }
}
