using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SsprTools.Core.Readiness;

namespace SsprTools.Core.Diagnosis
{
    /// <summary>The validity windows: the knowledge-base article's and current Microsoft guidance's.</summary>
    public sealed class ValidityWindows
    {
        public TimeSpan ArticleCode { get; init; } = TimeSpan.FromMinutes(10);
        public TimeSpan ArticleFlow { get; init; } = TimeSpan.FromMinutes(60);
        public TimeSpan CurrentCode { get; init; } = TimeSpan.FromMinutes(5);
        public TimeSpan CurrentSession { get; init; } = TimeSpan.FromMinutes(15);
        public TimeSpan Block { get; init; } = TimeSpan.FromHours(24);
    }

    /// <summary>A named cause of the catalog (data file Data/diagnosis-data.json).</summary>
    public sealed class CauseDefinition
    {
        public string Id { get; init; } = "";
        /// <summary>audit (matched from a resultReason), timing, steps (read from the order of steps), unseen (the data cannot see it).</summary>
        public string Kind { get; init; } = "";
        /// <summary>nl (learn.microsoft.com/troubleshoot/azure/entra/entra-id/user-prov-sync/no-email-or-sms-sspr), nb (the Invalid Security Code article; learn.microsoft.com/entra/identity/authentication/passwords-faq) or docs (Microsoft's SSPR documentation).</summary>
        public string Article { get; init; } = "";
        /// <summary>Findings that confirm the cause for an account: the first one the account has becomes the CauseId.</summary>
        public IReadOnlyList<string> Findings { get; init; } = Array.Empty<string>();
        /// <summary>Alternatives, each a list of normalized phrases that must all occur in the resultReason.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Match { get; init; } = Array.Empty<IReadOnlyList<string>>();
        public ResetOutcome? Outcome { get; init; }
        public IReadOnlyList<DiagnosisSymptom> Symptoms { get; init; } = Array.Empty<DiagnosisSymptom>();
        /// <summary>Listed among OtherPossibleCauses for its symptoms when the data does not confirm it.</summary>
        public bool PossibleWhenUnseen { get; init; }
        /// <summary>The final cause is decided by the timing (CodeExpired or CodeMismatch).</summary>
        public bool ResolvedByTiming { get; init; }

        public bool Matches(string normalizedText) =>
            Match.Any(alternative => alternative.All(phrase => normalizedText.IndexOf(phrase, StringComparison.Ordinal) >= 0));
    }

    public sealed class MethodDefinition
    {
        public string Id { get; init; } = "";
        public IReadOnlyList<string> Phrases { get; init; } = Array.Empty<string>();
        public bool SendsCode { get; init; }
    }

    /// <summary>The diagnosis tables, read once from the embedded Data/diagnosis-data.json.</summary>
    public sealed class DiagnosisCatalog
    {
        private static readonly Lazy<DiagnosisCatalog> DefaultCatalog = new Lazy<DiagnosisCatalog>(LoadEmbedded);
        private static readonly Regex NonWord = new Regex(@"[^\p{L}\p{N}_]+", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        private static readonly Regex SelfServe = new Regex(@"\bself serve\b", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        public static DiagnosisCatalog Default => DefaultCatalog.Value;

        public string Service { get; private set; } = "";
        public ValidityWindows Windows { get; private set; } = new ValidityWindows();
        /// <summary>Kind (FlowProgress, SelfServiceReset, Blocked …) → normalized activity names.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Activities { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();
        public IReadOnlyList<string> StartedWords { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<string> CompletedWords { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<IReadOnlyList<string>> SucceededPhrases { get; private set; } = Array.Empty<IReadOnlyList<string>>();
        public IReadOnlyList<IReadOnlyList<string>> AbandonedPhrases { get; private set; } = Array.Empty<IReadOnlyList<string>>();
        public IReadOnlyList<IReadOnlyList<string>> CancelledPhrases { get; private set; } = Array.Empty<IReadOnlyList<string>>();
        public IReadOnlyList<MethodDefinition> Methods { get; private set; } = Array.Empty<MethodDefinition>();
        public IReadOnlyList<CauseDefinition> Causes { get; private set; } = Array.Empty<CauseDefinition>();
        /// <summary>Finding id → the symptoms it explains, from the rule classes' [Finding] attributes.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<DiagnosisSymptom>> FindingSymptoms { get; private set; } = new Dictionary<string, IReadOnlyList<DiagnosisSymptom>>();
        /// <summary>Article cause (as the test oracle names it) → cause or finding id.</summary>
        public IReadOnlyDictionary<string, string> ArticleCauses { get; private set; } = new Dictionary<string, string>();
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Senders { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();
        public IReadOnlyDictionary<string, string> CloudHosts { get; private set; } = new Dictionary<string, string>();

        public CauseDefinition? Cause(string id) => Causes.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

        /// <summary>The first cause whose phrases occur in the text (table order decides).</summary>
        public CauseDefinition? MatchReason(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var normalized = Normalize(text!);
            return Causes.Where(c => c.Match.Count > 0).FirstOrDefault(c => c.Matches(normalized));
        }

        /// <summary>The activity kind (FlowProgress, Blocked …) of an activity name, either spelling; null when unknown.</summary>
        public string? ActivityKind(string? activity)
        {
            if (string.IsNullOrWhiteSpace(activity))
            {
                return null;
            }

            var normalized = Normalize(activity!);
            return Activities.FirstOrDefault(a => a.Value.Contains(normalized)).Key;
        }

        public bool IsSsprService(string? loggedByService) =>
            loggedByService != null && Normalize(loggedByService) == Normalize(Service);

        /// <summary>The SSPR notification senders for a Graph root (Global when unknown).</summary>
        public (string Cloud, IReadOnlyList<string> Addresses) SendersFor(string? graphRoot)
        {
            var cloud = "Global";
            if (!string.IsNullOrWhiteSpace(graphRoot))
            {
                var host = Uri.TryCreate(graphRoot, UriKind.Absolute, out var uri) ? uri.Host : graphRoot!.Trim();
                if (CloudHosts.TryGetValue(host.ToLowerInvariant(), out var known))
                {
                    cloud = known;
                }
                else if (host.EndsWith(".us", StringComparison.OrdinalIgnoreCase))
                {
                    cloud = "USGov";
                }
                else if (host.EndsWith(".cn", StringComparison.OrdinalIgnoreCase))
                {
                    cloud = "China";
                }
            }

            return (cloud, Senders.TryGetValue(cloud, out var addresses) ? addresses : Senders["Global"]);
        }

        /// <summary>Lower case, apostrophes dropped, punctuation to single spaces, "self-serve" read as "self-service".</summary>
        public static string Normalize(string text)
        {
            var s = text.ToLowerInvariant().Replace("'", "").Replace("\u2019", "").Replace("\u2018", "").Replace("`", "");
            s = NonWord.Replace(s, " ").Trim();
            return SelfServe.Replace(s, "self service");
        }

        public static bool ContainsAll(string normalized, IReadOnlyList<string> phrases) =>
            phrases.All(p => normalized.IndexOf(p, StringComparison.Ordinal) >= 0);

        public static bool ContainsWord(string normalized, string phrase) =>
            (" " + normalized + " ").IndexOf(" " + phrase + " ", StringComparison.Ordinal) >= 0;

        private static DiagnosisCatalog LoadEmbedded()
        {
            using var stream = typeof(DiagnosisCatalog).Assembly.GetManifestResourceStream("SsprTools.Core.Data.diagnosis-data.json")
                ?? throw new InvalidOperationException("The embedded diagnosis-data.json is missing from SsprTools.Core.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Parse(reader.ReadToEnd());
        }

        public static DiagnosisCatalog Parse(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var w = root.GetProperty("windows");
            var steps = root.GetProperty("steps");
            var catalog = new DiagnosisCatalog
            {
                Service = root.GetProperty("service").GetString() ?? "",
                Windows = new ValidityWindows
                {
                    ArticleCode = TimeSpan.FromMinutes(w.GetProperty("articleCodeMinutes").GetDouble()),
                    ArticleFlow = TimeSpan.FromMinutes(w.GetProperty("articleFlowMinutes").GetDouble()),
                    CurrentCode = TimeSpan.FromMinutes(w.GetProperty("currentCodeMinutes").GetDouble()),
                    CurrentSession = TimeSpan.FromMinutes(w.GetProperty("currentSessionMinutes").GetDouble()),
                    Block = TimeSpan.FromHours(w.GetProperty("blockHours").GetDouble()),
                },
                Activities = root.GetProperty("activities").EnumerateObject()
                    .ToDictionary(p => p.Name, p => (IReadOnlyList<string>)Strings(p.Value).Select(Normalize).ToList()),
                StartedWords = Strings(steps.GetProperty("started")).Select(Normalize).ToList(),
                CompletedWords = Strings(steps.GetProperty("completed")).Select(Normalize).ToList(),
                SucceededPhrases = PhraseSets(steps.GetProperty("succeeded")),
                AbandonedPhrases = PhraseSets(steps.GetProperty("abandoned")),
                CancelledPhrases = PhraseSets(steps.GetProperty("cancelled")),
                Methods = root.GetProperty("methods").EnumerateArray().Select(m => new MethodDefinition
                {
                    Id = m.GetProperty("id").GetString() ?? "",
                    Phrases = Strings(m.GetProperty("phrases")).Select(Normalize).ToList(),
                    SendsCode = m.GetProperty("sendsCode").GetBoolean(),
                }).ToList(),
                Causes = root.GetProperty("causes").EnumerateArray().Select(ParseCause).ToList(),
                // Which finding explains which symptom is declared on each rule class ([Finding(Symptoms = ...)]).
                FindingSymptoms = FindingCatalog.All.Where(d => d.Symptoms.Count > 0)
                    .ToDictionary(d => d.Id, d => d.Symptoms, StringComparer.OrdinalIgnoreCase),
                ArticleCauses = root.GetProperty("articleCauses").EnumerateObject().Where(p => !p.Name.StartsWith("_", StringComparison.Ordinal))
                    .ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                Senders = root.GetProperty("senders").EnumerateObject()
                    .ToDictionary(p => p.Name, p => (IReadOnlyList<string>)Strings(p.Value).ToList(), StringComparer.OrdinalIgnoreCase),
                CloudHosts = root.GetProperty("cloudHosts").EnumerateObject()
                    .ToDictionary(p => p.Name.ToLowerInvariant(), p => p.Value.GetString() ?? "Global"),
            };

            var duplicate = catalog.Causes.GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
            {
                throw new InvalidDataException($"diagnosis-data.json: cause '{duplicate.Key}' is defined twice.");
            }

            // A cause confirmed by findings, or an article cause mapped to a finding, names findings some rule declares.
            foreach (var cause in catalog.Causes)
            {
                var unknown = cause.Findings.FirstOrDefault(id => FindingCatalog.Find(id) == null);
                if (unknown != null)
                {
                    throw new InvalidDataException($"diagnosis-data.json: cause '{cause.Id}' names finding '{unknown}', which no rule class declares.");
                }
            }

            var unmapped = catalog.ArticleCauses.FirstOrDefault(a => catalog.Cause(a.Value) == null && FindingCatalog.Find(a.Value) == null);
            if (unmapped.Key != null)
            {
                throw new InvalidDataException($"diagnosis-data.json: article cause '{unmapped.Key}' maps to '{unmapped.Value}', which is neither a cause nor a declared finding.");
            }

            return catalog;
        }

        private static CauseDefinition ParseCause(JsonElement c)
        {
            var id = c.GetProperty("id").GetString() ?? "";
            return new CauseDefinition
            {
                Id = id,
                Kind = c.GetProperty("kind").GetString() ?? "",
                Article = c.TryGetProperty("article", out var a) ? a.GetString() ?? "" : "",
                Findings = c.TryGetProperty("findings", out var f) ? Strings(f).ToList() : new List<string>(),
                Match = c.TryGetProperty("match", out var m) ? PhraseSets(m) : Array.Empty<IReadOnlyList<string>>(),
                Outcome = c.TryGetProperty("outcome", out var o) ? (ResetOutcome)Enum.Parse(typeof(ResetOutcome), o.GetString() ?? "", true) : (ResetOutcome?)null,
                Symptoms = c.TryGetProperty("symptoms", out var s) ? Strings(s).Select(ParseSymptom).ToList() : new List<DiagnosisSymptom>(),
                PossibleWhenUnseen = c.TryGetProperty("possibleWhenUnseen", out var p) && p.GetBoolean(),
                ResolvedByTiming = c.TryGetProperty("resolvedByTiming", out var t) && t.GetBoolean(),
            };
        }

        private static DiagnosisSymptom ParseSymptom(string name) =>
            (DiagnosisSymptom)Enum.Parse(typeof(DiagnosisSymptom), name, false);

        private static IEnumerable<string> Strings(JsonElement array) =>
            array.EnumerateArray().Select(e => e.GetString() ?? "");

        private static IReadOnlyList<IReadOnlyList<string>> PhraseSets(JsonElement array) =>
            array.EnumerateArray().Select(set => (IReadOnlyList<string>)Strings(set).Select(Normalize).ToList()).ToList();
    }
}
