using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// The report as a reader sees it: written by the module in the hosted engine from a sample tenant with hostile
    /// display names, then opened in headless Chromium (Debian's chromium package) with and without JavaScript.
    /// Skips itself, with a note in the test output, when Chromium is not installed (.ci/run installs it).
    /// The page and its screenshots are left in out/e2e/ for people to look at.
    /// </summary>
    public sealed class ReportEndToEndFixture : IDisposable
    {
        public const string ScriptName = "<script>alert(1)</script>";
        public const string ImgName = "\"><img src=x onerror=alert(1)>";

        public ReportEndToEndFixture()
        {
            Browser = Chromium.Find();
            Folder = Path.Combine(Paths.RepoRoot, "out", "e2e");
            Directory.CreateDirectory(Folder);
            Report = Path.Combine(Folder, "sspr-report.html");
            if (Browser == null)
            {
                return;
            }

            // Contoso with two hostile display names: the unrecoverable admin (also named in the verdict) and a GA
            // (named in many "can be reset by" lists by UPN, and in the table by display name).
            var snapshot = JsonNode.Parse(File.ReadAllText(Paths.Contoso))!;
            foreach (var user in snapshot["users"]!.AsArray())
            {
                var upn = (string?)user!["userPrincipalName"];
                if (upn == "michael.johnson@contoso.com")
                {
                    user["displayName"] = ScriptName;
                }
                else if (upn == "kari.nordmann@contoso.com")
                {
                    user["displayName"] = ImgName;
                }
            }

            var hostile = Path.Combine(Folder, "hostile.snapshot.json");
            File.WriteAllText(hostile, snapshot.ToJsonString());
            using var ps = new PowerShellHost();
            var r = ps.Run("Export-SsprReadinessReport -SnapshotPath $p -Path $out -Force -AsOf 2026-12-01",
                new Dictionary<string, object?> { ["p"] = hostile, ["out"] = Report });
            if (r.FirstError != null || r.Terminating != null)
            {
                throw new InvalidOperationException("Export-SsprReadinessReport failed: " + (r.FirstError?.ToString() ?? r.Terminating?.Message));
            }
        }

        public Chromium? Browser { get; }
        public string Folder { get; }
        public string Report { get; }

        public void Dispose()
        {
        }
    }

    public sealed class ReportEndToEndTests : IClassFixture<ReportEndToEndFixture>
    {
        private readonly ReportEndToEndFixture fixture;
        private readonly ITestOutputHelper output;

        public ReportEndToEndTests(ReportEndToEndFixture fixture, ITestOutputHelper output)
        {
            this.fixture = fixture;
            this.output = output;
        }

        /// <summary>xunit 2 has no dynamic skip: the test passes with a note instead.</summary>
        private Chromium? BrowserOrSkip()
        {
            if (fixture.Browser == null)
            {
                output.WriteLine("SKIPPED: chromium is not installed (apt-get install chromium, or set SSPR_CHROMIUM); the report was not opened in a browser.");
            }

            return fixture.Browser;
        }

        private static List<Match> Rows(string dom) =>
            Regex.Matches(dom, "<tbody class=\"account[^\"]*\"[^>]*>").Cast<Match>().ToList();

        private static string Upn(Match row) => Regex.Match(row.Value, "data-upn=\"([^\"]*)\"").Groups[1].Value;

        private static bool IsHidden(Match row) => Regex.IsMatch(row.Value, "\\shidden(=\"[^\"]*\")?[\\s>]");

        [Fact]
        public void WithJavaScript_TheTableIsComplete_TheControlsWork_AndHostileNamesAreText()
        {
            var browser = BrowserOrSkip();
            if (browser == null)
            {
                return;
            }

            // Sorting (by the view in the URL) reorders the rows and hides none.
            var dom = browser.DumpDom(fixture.Report, "#sort=upn-desc");
            output.WriteLine($"{browser.Executable}: {dom.Length} characters of DOM");

            // The script ran: the page's Content-Security-Policy admits it (by hash).
            Assert.Matches("<html[^>]*data-script=\"ready\"", dom);

            // One row per account, none hidden, and the count the script shows.
            var rows = Rows(dom);
            Assert.Equal(24, rows.Count);
            Assert.DoesNotContain(rows, IsHidden);
            Assert.Contains("Showing 24 of 24 accounts.", dom);
            Assert.Matches("<div class=\"controls\" id=\"controls\">", dom);
            Assert.Equal(7, Regex.Matches(dom, "<th scope=\"col\"[^>]*><button type=\"button\">").Count);
            Assert.Equal("yui.tanaka@contoso.com", Upn(rows[0]));
            Assert.Matches("<th scope=\"col\" data-col=\"upn\" aria-sort=\"descending\">", dom);

            // The hostile names are text in the document, not elements.
            Assert.Single(Regex.Matches(dom, "<script"));
            Assert.DoesNotContain("<img", dom);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", dom);
            Assert.Contains("\"&gt;&lt;img src=x onerror=alert(1)&gt;", dom);
            Assert.Matches("<td class=\"display-name\"[^>]*>&lt;script&gt;alert\\(1\\)&lt;/script&gt;</td>", dom);
            Assert.Contains("michael.johnson@contoso.com</span> (&lt;script&gt;alert(1)&lt;/script&gt;)", dom);
        }

        [Fact]
        public void TheViewInTheUrl_FiltersAndSorts()
        {
            var browser = BrowserOrSkip();
            if (browser == null)
            {
                return;
            }

            var unrecoverable = browser.DumpDom(fixture.Report, "#unrecoverable");
            Assert.Contains("Showing 1 of 24 accounts.", unrecoverable);
            var visible = Rows(unrecoverable).Where(r => !IsHidden(r)).ToList();
            Assert.Equal("michael.johnson@contoso.com", Upn(Assert.Single(visible)));
            Assert.Matches("<input type=\"checkbox\" id=\"only-unrecoverable\"", unrecoverable);

            // Filter by text and sort by a numeric column at once: the sort orders every row, hidden or not.
            var text = browser.DumpDom(fixture.Report, "#q=SSPR009&sort=recoverable");
            Assert.Contains("Showing 8 of 24 accounts.", text);
            Assert.Equal(
                new[] { "breakglass1", "breakglass2", "daan.visser", "haruto.sato", "jessica.miller", "lucas.smit", "sarah.thompson", "william.davies" },
                Rows(text).Where(r => !IsHidden(r)).Select(r => Upn(r).Split('@')[0]).OrderBy(x => x, StringComparer.Ordinal));
            Assert.Equal("michael.johnson@contoso.com", Upn(Rows(text)[0]));
            Assert.Matches("<th scope=\"col\" data-col=\"recoverable\" data-type=\"number\" aria-sort=\"ascending\">", text);
        }

        [Fact]
        public void WithoutJavaScript_EverythingIsStillThere()
        {
            var browser = BrowserOrSkip();
            if (browser == null)
            {
                return;
            }

            // --dump-dom itself needs JavaScript, so the page is opened without its one script instead.
            var withoutScript = Path.Combine(fixture.Folder, "sspr-report-noscript.html");
            var html = File.ReadAllText(fixture.Report);
            File.WriteAllText(withoutScript, Regex.Replace(html, "<script>.*?</script>", "", RegexOptions.Singleline));
            var dom = browser.DumpDom(withoutScript);
            Assert.DoesNotContain("<script", dom);
            Assert.DoesNotMatch("<html[^>]*data-script=", dom);
            var rows = Rows(dom);
            Assert.Equal(24, rows.Count);
            Assert.DoesNotContain(rows, IsHidden);
            Assert.Matches("<div class=\"controls\" id=\"controls\" hidden=\"\">", dom);
            Assert.Contains("data-key=\"recoverable\" data-count=\"22\"", dom);
            Assert.Contains("1 of 23 admins cannot get back in", dom);
        }

        [Fact]
        public void Screenshot_IsAPng()
        {
            var browser = BrowserOrSkip();
            if (browser == null)
            {
                return;
            }

            var png = Path.Combine(fixture.Folder, "sspr-report.png");
            File.Delete(png);
            browser.Screenshot(fixture.Report, png, 1280, 2000);
            var bytes = File.ReadAllBytes(png);
            Assert.True(bytes.Length > 20_000, $"screenshot is only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4));
            output.WriteLine("Screenshot: " + png);
        }
    }
}
