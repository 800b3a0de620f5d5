using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SsprTools.Core.Model;
using SsprTools.Core.Text;

namespace SsprTools.Core.Comparison
{
    /// <summary>
    /// What changed between two evaluated scans of one tenant: one ReadinessChange per account whose result differs.
    /// Both scans must have been evaluated by the same rules and postures (ReadinessScan.Evaluate with one
    /// ReadinessOptions), so a newer module or another posture never shows up as drift; what remains is the tenant's
    /// own change. A check that one side could not evaluate (an older snapshot without the data, a permission missing
    /// on one run) is reported in NotComparable, never as a finding added or resolved.
    /// </summary>
    public static class ReadinessComparer
    {
        private static readonly Regex CheckId = new Regex(@"SSPR(\d{3})(?:\s*[-–]\s*SSPR(\d{3}))?", RegexOptions.CultureInvariant);

        /// <summary>Changes in a stable order: who lost their way back in first, then new and removed accounts, then the rest; by UPN within each.</summary>
        public static IReadOnlyList<ReadinessChange> Compare(ReadinessScan reference, ReadinessScan difference)
        {
            if (reference == null)
            {
                throw new ArgumentNullException(nameof(reference));
            }

            if (difference == null)
            {
                throw new ArgumentNullException(nameof(difference));
            }

            var referenceTenant = reference.Status.TenantId;
            var differenceTenant = difference.Status.TenantId;
            if (!string.IsNullOrEmpty(referenceTenant) && !string.IsNullOrEmpty(differenceTenant)
                && !string.Equals(referenceTenant, differenceTenant, StringComparison.OrdinalIgnoreCase))
            {
                throw new SsprException("CompareTenantMismatch", SsprErrorKind.InvalidArgument,
                    Texts.Format("Compare_TenantMismatch", Label(reference.Status), Label(difference.Status)),
                    Texts.Get("Compare_TenantMismatch_Action"));
            }

            var changes = new List<ReadinessChange>();
            var unmatched = new List<AdminReadiness>(reference.Results);
            foreach (var after in difference.Results)
            {
                var before = FindMatch(unmatched, after);
                if (before == null)
                {
                    changes.Add(Added(after, reference));
                    continue;
                }

                unmatched.Remove(before);
                var change = Changed(before, after);
                if (change != null)
                {
                    changes.Add(change);
                }
            }

            changes.AddRange(unmatched.Select(before => Removed(before, difference)));
            return changes
                .OrderBy(c => Rank(c))
                .ThenBy(c => c.UserPrincipalName, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }

        /// <summary>The finding ids a "not evaluated" note names before its colon: "SSPR002, SSPR003, SSPR009: …" or
        /// "SSPR004-SSPR007, SSPR014: …". Notes about something other than findings (e.g. "SelfServiceReady: …") name none.</summary>
        public static IReadOnlyCollection<string> CheckIdsOf(string note)
        {
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(note))
            {
                return ids;
            }

            var colon = note.IndexOf(':');
            var label = colon < 0 ? note : note.Substring(0, colon);
            foreach (Match m in CheckId.Matches(label))
            {
                var first = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var last = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : first;
                for (var n = first; n <= last && n - first < 100; n++)
                {
                    ids.Add("SSPR" + n.ToString("000", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return ids;
        }

        private static int Rank(ReadinessChange c) =>
            c.LostRecovery ? 0
            : c.Change == ReadinessChangeKind.Added ? 1
            : c.Change == ReadinessChangeKind.Removed ? 2
            : c.Change == ReadinessChangeKind.BecameRecoverable ? 3
            : 4;

        private static string Label(TenantStatus status) =>
            string.IsNullOrEmpty(status.TenantName) ? status.TenantId : status.TenantName + " (" + status.TenantId + ")";

        /// <summary>The same account: by object id when both sides have one (a renamed UPN is the same admin), else by UPN.</summary>
        private static AdminReadiness? FindMatch(List<AdminReadiness> candidates, AdminReadiness after)
        {
            if (!string.IsNullOrEmpty(after.UserId))
            {
                var byId = candidates.FirstOrDefault(b => string.Equals(b.UserId, after.UserId, StringComparison.OrdinalIgnoreCase));
                if (byId != null)
                {
                    return byId;
                }
            }

            return candidates.FirstOrDefault(b =>
                (string.IsNullOrEmpty(b.UserId) || string.IsNullOrEmpty(after.UserId))
                && string.Equals(b.UserPrincipalName, after.UserPrincipalName, StringComparison.OrdinalIgnoreCase));
        }

        private static ReadinessChange Added(AdminReadiness after, ReadinessScan reference)
        {
            var notes = new List<string>();
            if (EligibleOnly(after) && reference.Collection.RoleEligibilities != CollectionStates.Available)
            {
                notes.Add(Texts.Get("Compare_EligibilitiesNotReadReference"));
            }

            return new ReadinessChange
            {
                UserPrincipalName = after.UserPrincipalName,
                DisplayName = after.DisplayName,
                Change = ReadinessChangeKind.Added,
                FindingsAdded = after.Findings ?? Array.Empty<Finding>(),
                NotComparable = notes.ToArray(),
                After = after,
            };
        }

        private static ReadinessChange Removed(AdminReadiness before, ReadinessScan difference)
        {
            var notes = new List<string>();
            if (EligibleOnly(before) && difference.Collection.RoleEligibilities != CollectionStates.Available)
            {
                notes.Add(Texts.Get("Compare_EligibilitiesNotReadDifference"));
            }

            return new ReadinessChange
            {
                UserPrincipalName = before.UserPrincipalName,
                DisplayName = before.DisplayName,
                Change = ReadinessChangeKind.Removed,
                NotComparable = notes.ToArray(),
                Before = before,
            };
        }

        // SSPR015: every admin role of the account is PIM-eligible only.
        private static bool EligibleOnly(AdminReadiness r) => (r.Findings ?? Array.Empty<Finding>()).Any(f => f.Id == "SSPR015");

        private static ReadinessChange? Changed(AdminReadiness before, AdminReadiness after)
        {
            var notBefore = Labelled(before.NotEvaluated);
            var notAfter = Labelled(after.NotEvaluated);
            var idsNotBefore = new HashSet<string>(notBefore.Values.SelectMany(n => n.Ids), StringComparer.Ordinal);
            var idsNotAfter = new HashSet<string>(notAfter.Values.SelectMany(n => n.Ids), StringComparer.Ordinal);

            var added = Except(after.Findings, before.Findings);
            var resolved = Except(before.Findings, after.Findings);

            var notComparable = new List<string>();
            // A note whose label the other side lacks is a check only one side could not evaluate; the same label on both
            // sides is a check neither could evaluate, which is no change.
            foreach (var note in notBefore.Where(n => !notAfter.ContainsKey(n.Key)))
            {
                notComparable.Add(Texts.Format("Compare_NotEvaluatedReference", note.Value.Text));
            }

            foreach (var note in notAfter.Where(n => !notBefore.ContainsKey(n.Key)))
            {
                notComparable.Add(Texts.Format("Compare_NotEvaluatedDifference", note.Value.Text));
            }

            // A finding that appears where the reference could not run its check is not new, only newly seen; one that
            // disappears where the difference could not run its check is not resolved, only unseen.
            var reallyAdded = added.Where(f => !idsNotBefore.Contains(f.Id)).ToArray();
            var reallyResolved = resolved.Where(f => !idsNotAfter.Contains(f.Id)).ToArray();

            ReadinessChangeKind kind;
            if (before.Recoverable && !after.Recoverable)
            {
                kind = ReadinessChangeKind.BecameUnrecoverable;
            }
            else if (!before.Recoverable && after.Recoverable)
            {
                kind = ReadinessChangeKind.BecameRecoverable;
            }
            else if (reallyAdded.Length > 0 || reallyResolved.Length > 0 || notComparable.Count > 0)
            {
                kind = ReadinessChangeKind.FindingsChanged;
            }
            else
            {
                return null;
            }

            return new ReadinessChange
            {
                UserPrincipalName = after.UserPrincipalName,
                DisplayName = after.DisplayName ?? before.DisplayName,
                Change = kind,
                FindingsAdded = reallyAdded,
                FindingsResolved = reallyResolved,
                NotComparable = notComparable.ToArray(),
                Before = before,
                After = after,
            };
        }

        /// <summary>Findings of <paramref name="left"/> without a counterpart in <paramref name="right"/>, matched by id and
        /// severity (a multiset: two SSPR004 before and one after is one resolved). The detail text is not compared, so a
        /// redacted snapshot compares with a live scan, and a wrong number replaced by another wrong number is no change.</summary>
        private static Finding[] Except(Finding[]? left, Finding[]? right)
        {
            var remaining = (right ?? Array.Empty<Finding>()).GroupBy(Key).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var result = new List<Finding>();
            foreach (var f in left ?? Array.Empty<Finding>())
            {
                var key = Key(f);
                if (remaining.TryGetValue(key, out var count) && count > 0)
                {
                    remaining[key] = count - 1;
                }
                else
                {
                    result.Add(f);
                }
            }

            return result.ToArray();
        }

        private static string Key(Finding f) => f.Id + "|" + f.Severity;

        private sealed class Note
        {
            public Note(string text, IReadOnlyCollection<string> ids)
            {
                Text = text;
                Ids = ids;
            }

            public string Text { get; }
            public IReadOnlyCollection<string> Ids { get; }
        }

        /// <summary>Not-evaluated notes keyed by their label (the part before the colon: the checks they name).</summary>
        private static Dictionary<string, Note> Labelled(string[]? notes)
        {
            var map = new Dictionary<string, Note>(StringComparer.Ordinal);
            foreach (var note in notes ?? Array.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(note))
                {
                    continue;
                }

                var colon = note.IndexOf(':');
                var label = (colon < 0 ? note : note.Substring(0, colon)).Trim();
                if (!map.ContainsKey(label))
                {
                    var ids = new HashSet<string>(CheckIdsOf(note), StringComparer.Ordinal);
                    if (label == "AssistedResetBy")
                    {
                        // Who may reset the account is uncertain (e.g. group owners not read): so is SSPR011, "no one can".
                        ids.Add("SSPR011");
                    }

                    map[label] = new Note(note, ids);
                }
            }

            return map;
        }
    }
}
