using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SsprTools.Core.Diagnosis;
using SsprTools.Core.Model;
using SsprTools.Core.Readiness;
using SsprTools.Core.Text;
using Xunit;
using static SsprTools.Core.Tests.TenantBuilder;

namespace SsprTools.Core.Tests
{
    /// <summary>
    /// A finding is declared once, by its rule class ([Finding] attribute): the registry, the posture's self-service
    /// set, the diagnosis links and docs/findings.md follow from it, and these tests fail when one of them drifts.
    /// </summary>
    public class FindingCatalogTests
    {
        private static readonly IReadOnlyList<FindingDefinition> All = FindingCatalog.All;

        [Fact]
        public void Every_rule_class_declares_its_finding_and_is_registered()
        {
            var ruleTypes = FindingCatalog.RuleTypes(typeof(FindingCatalog).Assembly).ToList();
            Assert.True(ruleTypes.Count >= 17, "rule classes found: " + ruleTypes.Count);
            var undeclared = ruleTypes.Where(t => t.GetCustomAttributes(typeof(FindingAttribute), false).Length == 0).Select(t => t.Name).ToList();
            Assert.True(undeclared.Count == 0, "Rule classes without [Finding(...)]: " + string.Join(", ", undeclared));
            Assert.Equal(ruleTypes.OrderBy(t => t.FullName).ToList(), All.Select(d => d.RuleType).OrderBy(t => t.FullName).ToList());
            Assert.Equal(All.Select(d => d.Rule).OfType<IAdminRule>().ToList(), ReadinessEvaluator.AdminRules);
            Assert.Equal(All.Where(d => d.TenantWide).Select(d => d.Id), ReadinessEvaluator.TenantRules.Select(r => r.Id));
        }

        [Fact]
        public void Ids_are_unique_in_order_and_match_the_class_names()
        {
            Assert.Equal(All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal), All.Select(d => d.Id));
            foreach (var d in All)
            {
                Assert.Matches(new Regex("^SSPR[0-9]{3}$"), d.Id);
                // Sspr003NoMobilePhone is SSPR003: the file and the id cannot disagree.
                Assert.StartsWith("Sspr" + d.Id.Substring(4), d.RuleType.Name, StringComparison.Ordinal);
                Assert.NotEmpty(d.Severities);
            }
        }

        [Fact]
        public void Every_finding_has_its_title_remediation_and_reference()
        {
            foreach (var d in All)
            {
                foreach (var suffix in new[] { "_Title", "_Remediation", "_Reference" })
                {
                    Assert.NotEqual(d.Id + suffix, Texts.Get(d.Id + suffix));
                }

                Assert.StartsWith("https://", Texts.Get(d.Id + "_Reference"), StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Self_service_findings_are_the_ones_that_become_Info_under_the_Disabled_posture()
        {
            // An admin with only a number without country code in a two-gate tenant: SSPR002, SSPR003, SSPR004, SSPR009 fire.
            var t = new TenantBuilder { CustomDomain = true };
            var backup = t.User("backup");
            t.Assign(backup, RoleIds.GlobalAdmin);
            var other = t.User("other");
            t.Assign(other, RoleIds.GlobalAdmin);
            var a = t.User("a", new[] { Phone("4255550123") });
            t.Assign(a, RoleIds.HelpdeskAdmin);
            var data = t.Build();

            var any = new ReadinessEvaluator(data).Evaluate(a);
            var disabled = new ReadinessEvaluator(data, new ReadinessOptions { ExpectedAdminSspr = ExpectedAdminSspr.Disabled }).Evaluate(a);
            Assert.Contains(any.Findings, f => f.Severity != FindingSeverity.Info);
            foreach (var finding in any.Findings.Where(f => f.Severity != FindingSeverity.Info))
            {
                var declared = FindingCatalog.Find(finding.Id)!;
                var after = disabled.Findings.First(f => f.Id == finding.Id);
                Assert.Equal(declared.SelfService ? FindingSeverity.Info : finding.Severity, after.Severity);
            }

            Assert.Contains(any.Findings, f => FindingCatalog.Find(f.Id)!.SelfService);
        }

        [Fact]
        public void A_finding_emitted_with_an_undeclared_severity_or_id_is_a_programming_error()
        {
            Assert.Equal(FindingSeverity.Error, Findings.Create("SSPR003", FindingSeverity.Error, "x").Severity);
            Assert.Throws<InvalidOperationException>(() => Findings.Create("SSPR003", FindingSeverity.Warning, "x"));
            Assert.Throws<InvalidOperationException>(() => Findings.Create("SSPR999", FindingSeverity.Error, "x"));
        }

        [Fact]
        public void Diagnosis_symptoms_come_from_the_rule_classes()
        {
            var catalog = DiagnosisCatalog.Default;
            Assert.Equal(All.Where(d => d.Symptoms.Count > 0).Select(d => d.Id).OrderBy(x => x), catalog.FindingSymptoms.Keys.OrderBy(x => x));
            foreach (var d in All.Where(d => d.Symptoms.Count > 0))
            {
                Assert.Equal(d.Symptoms, catalog.FindingSymptoms[d.Id]);
            }

            Assert.Equal(new[] { DiagnosisSymptom.NoSmsReceived }, catalog.FindingSymptoms["SSPR003"]);
            Assert.False(catalog.FindingSymptoms.ContainsKey("SSPR011"));
        }

        [Fact]
        public void Diagnosis_data_names_only_declared_findings()
        {
            var json = ReadRepoFile("src", "SsprTools.Core", "Data", "diagnosis-data.json");
            foreach (Match m in Regex.Matches(json, "\"(SSPR[0-9]{3})\""))
            {
                Assert.True(FindingCatalog.Find(m.Groups[1].Value) != null, "diagnosis-data.json names " + m.Groups[1].Value + ", which no rule class declares");
            }

            // And the loader refuses a cause that names an undeclared finding.
            var broken = json.Replace("\"findings\": [\"SSPR013\"]", "\"findings\": [\"SSPR999\"]");
            Assert.NotEqual(json, broken);
            var error = Assert.Throws<InvalidDataException>(() => DiagnosisCatalog.Parse(broken));
            Assert.Contains("SSPR999", error.Message);
        }

        /// <summary>docs/findings.md: one row per declared finding, in id order, its metadata columns as declared.</summary>
        [Fact]
        public void Docs_findings_table_matches_the_declarations()
        {
            var rows = ReadRepoFile("docs", "findings.md").Split('\n')
                .Select(l => l.TrimEnd('\r'))
                .Where(l => Regex.IsMatch(l, @"^\| SSPR[0-9]{3} \|"))
                .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
                .ToList();
            var problems = new List<string>();
            var documented = rows.Select(r => r[1]).ToList();
            if (!documented.SequenceEqual(All.Select(d => d.Id)))
            {
                problems.Add($"docs/findings.md lists [{string.Join(" ", documented)}]; the rule classes declare [{string.Join(" ", All.Select(d => d.Id))}].");
            }

            foreach (var d in All)
            {
                var expected = MetadataCells(d);
                var row = rows.FirstOrDefault(r => r[1] == d.Id);
                var have = row == null ? null : row.Skip(1).Take(expected.Length).ToArray();
                if (have == null || !have.SequenceEqual(expected) || row!.Length < expected.Length + 3 || row[expected.Length + 1].Length == 0)
                {
                    problems.Add($"docs/findings.md row for {d.Id} should start: | {string.Join(" | ", expected)} | <fires when> |");
                }
            }

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        /// <summary>Id | Severity | Scope | Self-service | Explains, as docs/findings.md shows them.</summary>
        private static string[] MetadataCells(FindingDefinition d) => new[]
        {
            d.Id,
            string.Join(", ", d.Severities),
            d.TenantWide ? "Tenant and admin" : "Admin",
            d.SelfService ? "Yes" : "No",
            d.Symptoms.Count == 0 ? "—" : string.Join(", ", d.Symptoms),
        };

        private static string ReadRepoFile(params string[] parts)
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "SsprTools.sln")))
            {
                dir = dir.Parent;
            }

            Assert.NotNull(dir);
            return File.ReadAllText(Path.Combine(new[] { dir!.FullName }.Concat(parts).ToArray()));
        }
    }
}
