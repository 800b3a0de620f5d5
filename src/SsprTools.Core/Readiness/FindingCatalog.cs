using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace SsprTools.Core.Readiness
{
    /// <summary>
    /// What a rule class declares about its finding, once, on the class:
    /// <c>[Finding(FindingSeverity.Error, SelfService = true, Symptoms = new[] { DiagnosisSymptom.NoSmsReceived })]</c>.
    /// The id is the class's <c>Id</c>; tenant-wide means the class implements <see cref="ITenantRule"/>. Everything
    /// else (the rule registry, the posture's self-service set, the diagnosis links, docs/findings.md) follows from it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class FindingAttribute : Attribute
    {
        /// <param name="severities">Every severity the rule emits; the first is its usual one.</param>
        public FindingAttribute(params FindingSeverity[] severities)
        {
            Severities = severities ?? Array.Empty<FindingSeverity>();
        }

        public FindingSeverity[] Severities { get; }

        /// <summary>A self-service finding: reported as Info when admin SSPR is expected to be disabled.</summary>
        public bool SelfService { get; set; }

        /// <summary>The Get-SsprDiagnosis symptoms this finding explains for the account that has it.</summary>
        public DiagnosisSymptom[] Symptoms { get; set; } = Array.Empty<DiagnosisSymptom>();
    }

    /// <summary>One finding of the catalog: the rule that produces it and what its class declares.</summary>
    public sealed class FindingDefinition
    {
        internal FindingDefinition(string id, object rule, FindingAttribute declared)
        {
            Id = id;
            Rule = rule;
            Severities = declared.Severities.Distinct().ToArray();
            SelfService = declared.SelfService;
            Symptoms = declared.Symptoms.Distinct().ToArray();
        }

        public string Id { get; }
        /// <summary>The rule instance: an <see cref="IAdminRule"/>, and an <see cref="ITenantRule"/> when tenant-wide.</summary>
        public object Rule { get; }
        public Type RuleType => Rule.GetType();
        public IReadOnlyList<FindingSeverity> Severities { get; }
        public FindingSeverity Severity => Severities[0];
        public bool SelfService { get; }
        public bool TenantWide => Rule is ITenantRule;
        public IReadOnlyList<DiagnosisSymptom> Symptoms { get; }

        /// <summary>Whether the finding may carry this severity: a declared one, or Info by the Disabled posture.</summary>
        public bool Allows(FindingSeverity severity) => Severities.Contains(severity) || (SelfService && severity == FindingSeverity.Info);
    }

    /// <summary>
    /// Every finding, in id order, found by reflection: each non-abstract class of this assembly that implements
    /// <see cref="IAdminRule"/> or <see cref="ITenantRule"/> is a rule and must carry <see cref="FindingAttribute"/>.
    /// Adding a finding is adding that class (plus its strings in the three .resx files and its tests).
    /// </summary>
    public static class FindingCatalog
    {
        private static readonly Lazy<IReadOnlyList<FindingDefinition>> Definitions = new Lazy<IReadOnlyList<FindingDefinition>>(Discover);
        private static readonly Lazy<IReadOnlyDictionary<string, FindingDefinition>> ById =
            new Lazy<IReadOnlyDictionary<string, FindingDefinition>>(() => All.ToDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase));

        public static IReadOnlyList<FindingDefinition> All => Definitions.Value;

        /// <summary>The definition of a finding id; null when no rule declares it.</summary>
        public static FindingDefinition? Find(string id) => ById.Value.TryGetValue(id, out var d) ? d : null;

        /// <summary>The rule classes of an assembly (the types the catalog is built from; tests check them).</summary>
        public static IEnumerable<Type> RuleTypes(Assembly assembly) =>
            assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract &&
                (typeof(IAdminRule).IsAssignableFrom(t) || typeof(ITenantRule).IsAssignableFrom(t)));

        private static IReadOnlyList<FindingDefinition> Discover()
        {
            var definitions = new List<FindingDefinition>();
            foreach (var type in RuleTypes(typeof(FindingCatalog).Assembly))
            {
                var declared = type.GetCustomAttribute<FindingAttribute>()
                    ?? throw new InvalidOperationException($"The rule class {type.Name} has no [Finding(...)] attribute: declare its severities, SelfService and Symptoms there.");
                if (declared.Severities.Length == 0)
                {
                    throw new InvalidOperationException($"The rule class {type.Name} declares no severity in its [Finding(...)] attribute.");
                }

                var rule = Activator.CreateInstance(type)!;
                var id = (rule as IAdminRule)?.Id ?? ((ITenantRule)rule).Id;
                definitions.Add(new FindingDefinition(id, rule, declared));
            }

            var duplicate = definitions.GroupBy(d => d.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                throw new InvalidOperationException($"Finding {duplicate.Key} is declared by more than one rule class: {string.Join(", ", duplicate.Select(d => d.RuleType.Name))}.");
            }

            return definitions.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        }
    }
}
