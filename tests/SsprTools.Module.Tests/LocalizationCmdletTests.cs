using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Xml.Linq;
using Xunit;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// The module's text in the session's UI culture, in the real engine: the culture is set on the pipeline
    /// thread by the script itself, as a user would in pwsh, and Core's work runs on the thread pool.
    /// </summary>
    public class LocalizationCmdletTests : IClassFixture<HostFixture>
    {
        private readonly PowerShellHost ps;

        public LocalizationCmdletTests(HostFixture fixture)
        {
            ps = fixture.Host;
        }

        /// <summary>Strings.resx (lang null) or Strings.{lang}.resx from the repo, key → value.</summary>
        private static Dictionary<string, string> Resx(string? lang)
        {
            var path = Path.Combine(Paths.RepoRoot, "src", "SsprTools.Core", "Text", lang == null ? "Strings.resx" : $"Strings.{lang}.resx");
            return XDocument.Load(path).Root!.Elements("data")
                .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");
        }

        /// <summary>
        /// Runs <paramref name="body"/> with the UI culture set on the pipeline thread, restored afterwards;
        /// nl-NL the way the README shows it ([cultureinfo]), the others through the thread.
        /// </summary>
        private RunResult InUiCulture(string culture, string body, string snapshotPath)
        {
            var setter = culture == "nl-NL" ? "[cultureinfo]::CurrentUICulture" : "[System.Threading.Thread]::CurrentThread.CurrentUICulture";
            return ps.Run(
                $"$saved = {setter}\n" +
                "try {\n" +
                $"    {setter} = '{culture}'\n" +
                $"    {body}\n" +
                $"}} finally {{ {setter} = $saved }}",
                new Dictionary<string, object?> { ["p"] = snapshotPath });
        }

        private static PSObject Finding(RunResult r, string id)
        {
            Assert.Empty(r.Errors);
            Assert.Null(r.Terminating);
            var admin = Assert.Single(r.Output);
            return ((object[])admin.Properties["Findings"].Value).Select(PSObject.AsPSObject)
                .Single(f => (string)f.Properties["Id"].Value == id);
        }

        [Theory]
        [InlineData("nb-NO", "nb")]
        [InlineData("nl-NL", "nl")]
        public void ReadinessFinding_IsInTheUiCulture(string culture, string lang)
        {
            var localized = Resx(lang);
            var r = InUiCulture(culture, "Test-SsprAdminReadiness -SnapshotPath $p -UserPrincipalName daan.visser@contoso.com", Paths.Contoso);

            var sspr002 = Finding(r, "SSPR002");
            Assert.Equal(localized["SSPR002_Title"], (string)sspr002.Properties["Title"].Value);
            Assert.Equal(localized["SSPR002_Remediation"], (string)sspr002.Properties["Remediation"].Value);
            var sspr009 = Finding(r, "SSPR009");
            Assert.Equal(localized["SSPR009_Title"], (string)sspr009.Properties["Title"].Value);
            Assert.StartsWith(localized["SSPR009_Detail"].Split('{')[0], (string)sspr009.Properties["Detail"].Value);
        }

        [Theory]
        [InlineData("en-US")]
        [InlineData("fr-FR")]
        public void ReadinessFinding_FallsBackToEnglish(string culture)
        {
            var english = Resx(null);
            var r = InUiCulture(culture, "Test-SsprAdminReadiness -SnapshotPath $p -UserPrincipalName daan.visser@contoso.com", Paths.Contoso);
            Assert.Equal(english["SSPR002_Title"], (string)Finding(r, "SSPR002").Properties["Title"].Value);
        }

        [Fact]
        public void TenantStatus_IsInTheUiCulture()
        {
            var localized = Resx("nb");
            var r = InUiCulture("nb-NO", "Get-SsprStatus -SnapshotPath $p", Paths.SingleAdmin);
            Assert.Empty(r.Errors);
            var findings = ((object[])Assert.Single(r.Output).Properties["Findings"].Value).Select(PSObject.AsPSObject).ToList();
            var sspr012 = findings.Single(f => (string)f.Properties["Id"].Value == "SSPR012");
            Assert.Equal(localized["SSPR012_Title"], (string)sspr012.Properties["Title"].Value);
        }

        [Theory]
        [InlineData("nb-NO", "nb")]
        [InlineData("nl-NL", "nl")]
        [InlineData("fr-FR", null)]
        public void SnapshotNotFound_ErrorIsInTheUiCulture(string culture, string? lang)
        {
            var texts = Resx(lang);
            var missing = Path.Combine(Path.GetTempPath(), "sspr-l10n-missing-" + culture + ".json");
            var r = InUiCulture(culture, "Test-SsprAdminReadiness -SnapshotPath $p", missing);

            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.Equal(string.Format(texts["Snapshot_NotFound"], missing), error!.ErrorDetails.Message);
            Assert.Equal(texts["Snapshot_NotFound_Action"], error.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void UnknownUser_ErrorIsInTheUiCulture()
        {
            var nl = Resx("nl");
            var r = InUiCulture("nl-NL", "Test-SsprAdminReadiness -SnapshotPath $p -UserPrincipalName nobody@contoso.com", Paths.Contoso);
            var error = r.FirstError;
            Assert.NotNull(error);
            Assert.StartsWith(nl["UnknownUser"].Split('{')[0], error!.ErrorDetails.Message);
            Assert.Equal(nl["UnknownUser_Action"], error.ErrorDetails.RecommendedAction);
        }
    }
}
