using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SsprTools.Core.Readiness;
using SsprTools.Core.Reset;
using SsprTools.Core.Roles;
using SsprTools.Core.Text;
using Xunit;
using static SsprTools.Core.Tests.TenantBuilder;

namespace SsprTools.Core.Tests
{
    /// <summary>
    /// The nb and nl translations: complete, with the same placeholders as English, chosen by the UI culture,
    /// English as the fallback.
    /// </summary>
    public class LocalizationTests
    {
        /// <summary>The translated languages: resx suffix, a culture that selects it, the learn.microsoft.com locale.</summary>
        public static readonly (string Lang, string Culture, string LearnLocale)[] Languages =
        {
            ("nb", "nb-NO", "nb-no"),
            ("nl", "nl-NL", "nl-nl"),
        };

        public static IEnumerable<object[]> LanguageData => Languages.Select(l => new object[] { l.Lang, l.Culture });

        // {0}, {1:N0}, {2,-10}; not the escaped {{ and }}.
        private static readonly Regex Placeholder = new Regex(@"(?<!\{)\{(\d+)(,-?\d+)?(:[^{}]*)?\}", RegexOptions.CultureInvariant);

        private static string TextFolder { get; } = Path.Combine(FindRepoRoot(), "src", "SsprTools.Core", "Text");

        private static string FindRepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "SsprTools.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("SsprTools.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>Key → value of Strings.resx (lang null) or Strings.{lang}.resx, read as XML from the repo.</summary>
        private static Dictionary<string, string> Resx(string? lang)
        {
            var path = Path.Combine(TextFolder, lang == null ? "Strings.resx" : $"Strings.{lang}.resx");
            Assert.True(File.Exists(path), "Missing " + path);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var data in XDocument.Load(path).Root!.Elements("data"))
            {
                var name = (string)data.Attribute("name")!;
                Assert.False(result.ContainsKey(name), $"{Path.GetFileName(path)}: key '{name}' appears twice.");
                result[name] = (string?)data.Element("value") ?? "";
            }

            return result;
        }

        private static string[] Placeholders(string value) =>
            Placeholder.Matches(value).Select(m => m.Value).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray();

        private static int ArgumentCount(string value) =>
            Placeholder.Matches(value).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();

        /// <summary>Every English key is translated in nb and nl, no stale keys, the same {n} placeholders.</summary>
        [Fact]
        public void EveryKeyIsTranslated_WithTheSamePlaceholders()
        {
            var english = Resx(null);
            var problems = new List<string>();
            foreach (var (lang, _, _) in Languages)
            {
                var localized = Resx(lang);
                var missing = english.Keys.Where(k => !localized.ContainsKey(k)).ToList();
                if (missing.Count > 0)
                {
                    problems.Add($"Strings.{lang}.resx lacks {missing.Count} key(s) of Strings.resx; translate: {string.Join(", ", missing)}");
                }

                var stale = localized.Keys.Where(k => !english.ContainsKey(k)).ToList();
                if (stale.Count > 0)
                {
                    problems.Add($"Strings.{lang}.resx has key(s) that Strings.resx no longer has; remove: {string.Join(", ", stale)}");
                }

                foreach (var key in english.Keys.Where(localized.ContainsKey))
                {
                    var want = Placeholders(english[key]);
                    var have = Placeholders(localized[key]);
                    if (!want.SequenceEqual(have))
                    {
                        problems.Add($"Strings.{lang}.resx '{key}': placeholders [{string.Join(" ", have)}], English has [{string.Join(" ", want)}]");
                    }

                    if (string.IsNullOrWhiteSpace(localized[key]) && !string.IsNullOrWhiteSpace(english[key]))
                    {
                        problems.Add($"Strings.{lang}.resx '{key}' is empty.");
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        /// <summary>References stay the English page or the same page on learn.microsoft.com in the language.</summary>
        [Fact]
        public void References_AreTheSamePage()
        {
            var english = Resx(null);
            var problems = new List<string>();
            foreach (var (lang, _, locale) in Languages)
            {
                var localized = Resx(lang);
                foreach (var key in english.Keys.Where(k => k.EndsWith("_Reference", StringComparison.Ordinal) && localized.ContainsKey(k)))
                {
                    var en = english[key];
                    var localizedPage = en.Replace("https://learn.microsoft.com/", $"https://learn.microsoft.com/{locale}/");
                    if (localized[key] != en && localized[key] != localizedPage)
                    {
                        problems.Add($"Strings.{lang}.resx '{key}': {localized[key]} is neither {en} nor {localizedPage}");
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        /// <summary>No broken braces: every value formats with as many arguments as its placeholders ask for.</summary>
        [Fact]
        public void EveryValueFormats()
        {
            var problems = new List<string>();
            foreach (var lang in new string?[] { null }.Concat(Languages.Select(l => l.Lang)))
            {
                var culture = lang == null ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(lang);
                foreach (var pair in Resx(lang))
                {
                    var args = Enumerable.Range(0, ArgumentCount(pair.Value)).Select(i => (object)(1000 + i)).ToArray();
                    try
                    {
                        var text = string.Format(culture, pair.Value, args);
                        if (args.Length > 0 && text.Contains('{'))
                        {
                            problems.Add($"Strings.{lang ?? "(en)"}.resx '{pair.Key}' leaves a brace after formatting: {text}");
                        }
                    }
                    catch (FormatException e)
                    {
                        problems.Add($"Strings.{lang ?? "(en)"}.resx '{pair.Key}': {e.Message}");
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        /// <summary>An admin without any email: SSPR002, whose title and remediation follow the UI culture.</summary>
        private static AdminReadiness ScanAdminWithoutEmail()
        {
            var t = new TenantBuilder();
            foreach (var name in new[] { "backup", "other" })
            {
                t.Assign(t.User(name), RoleIds.GlobalAdmin);
            }

            var admin = t.User("noemail", new[] { Phone("+47 91234567"), App() });
            t.Assign(admin, RoleIds.BillingAdmin);
            return new ReadinessEvaluator(t.Build(), new ReadinessOptions()).Evaluate(admin);
        }

        private static T InUiCulture<T>(string culture, Func<T> action)
        {
            var saved = CultureInfo.CurrentUICulture;
            try
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
                return action();
            }
            finally
            {
                CultureInfo.CurrentUICulture = saved;
            }
        }

        [Theory]
        [MemberData(nameof(LanguageData))]
        public void Finding_FollowsTheUiCulture(string lang, string culture)
        {
            var english = Resx(null);
            var localized = Resx(lang);
            var finding = InUiCulture(culture, () => Assert.Single(ScanAdminWithoutEmail().Findings, f => f.Id == "SSPR002"));

            Assert.Equal(localized["SSPR002_Title"], finding.Title);
            Assert.Equal(localized["SSPR002_Remediation"], finding.Remediation);
            Assert.Equal(localized["SSPR002_Detail"], finding.Detail);
            Assert.Equal(localized["SSPR002_Reference"], finding.Reference);
            Assert.NotEqual(english["SSPR002_Title"], finding.Title);
        }

        [Theory]
        [MemberData(nameof(LanguageData))]
        public void Texts_FollowTheUiCulture_ForFormattedText(string lang, string culture)
        {
            var localized = Resx(lang);
            var text = InUiCulture(culture, () => Texts.Format("Snapshot_NotFound", "/tmp/x.json"));
            Assert.Equal(string.Format(CultureInfo.InvariantCulture, localized["Snapshot_NotFound"], "/tmp/x.json"), text);

            // A specific culture and its neutral parent both select the translation.
            Assert.Equal(localized["SSPR010_Title"], InUiCulture(lang, () => Texts.Get("SSPR010_Title")));
        }

        [Theory]
        [InlineData("en-US")]
        [InlineData("en")]
        [InlineData("fr-FR")]
        [InlineData("de-DE")]
        public void OtherCultures_FallBackToEnglish(string culture)
        {
            var english = Resx(null);
            var finding = InUiCulture(culture, () => Assert.Single(ScanAdminWithoutEmail().Findings, f => f.Id == "SSPR002"));

            Assert.Equal(english["SSPR002_Title"], finding.Title);
            Assert.Equal(english["SSPR002_Remediation"], finding.Remediation);
        }

        [Fact]
        public void InvariantCulture_IsEnglish()
        {
            var english = Resx(null);
            Assert.Equal(english["SSPR012_Title"], InUiCulture("", () => Texts.Get("SSPR012_Title")));
        }

        [Theory]
        [InlineData("nb-NO", "nb")]
        [InlineData("nl-NL", "nl")]
        [InlineData("en-US", null)]
        public void ResetDenial_JoinsTheRolesInTheLanguage(string culture, string? lang)
        {
            var texts = Resx(lang);
            var t = new TenantBuilder();
            var ga = t.User("ga");
            t.Assign(ga, RoleIds.GlobalAdmin);
            var helpdesk = t.User("helpdesk");
            t.Assign(helpdesk, RoleIds.HelpdeskAdmin);
            var index = new TenantIndex(t.Build(), RoleCatalog.Default);

            var e = InUiCulture(culture, () => Assert.Throws<SsprException>(
                () => ResetPlanner.Plan(index, ga.UserPrincipalName, new CallerInfo { UserId = helpdesk.Id })));

            Assert.StartsWith(texts["Reset_Denied"].Split('{')[0], e.Message);
            Assert.Contains(texts["Reset_RoleListOr"], e.RecommendedAction); // "A or B" in the language
            Assert.StartsWith(texts["Reset_Denied_Action"].Split('{')[0], e.RecommendedAction);
        }
    }
}
