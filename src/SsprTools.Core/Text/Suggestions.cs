using System;
using System.Collections.Generic;
using System.Linq;
using SsprTools.Core.Model;

namespace SsprTools.Core.Text
{
    /// <summary>"Did you mean": the closest names by edit distance, for a UPN that is not in the tenant.</summary>
    public static class Suggestions
    {
        /// <summary>The ObjectNotFound error for a name the tenant does not have, with the closest UPNs as suggestions.</summary>
        public static SsprException UnknownUser(TenantData data, string upn, string actionKey = "UnknownUser_Action")
        {
            var message = Texts.Format("UnknownUser", upn, data.Tenant.DisplayName);
            var closest = Closest(upn, data.Users.Select(u => u.UserPrincipalName));
            if (closest.Count > 0)
            {
                message += Texts.Format("UnknownUser_Suggest", string.Join(", ", closest));
            }

            return new SsprException("UserNotFound", SsprErrorKind.ObjectNotFound, message, Texts.Get(actionKey), upn);
        }

        public static IReadOnlyList<string> Closest(string wanted, IEnumerable<string> candidates, int max = 3)
        {
            var w = wanted.ToLowerInvariant();
            var limit = Math.Max(3, w.Length / 3);
            return candidates
                .Select(c => (Name: c, Distance: Distance(w, c.ToLowerInvariant())))
                .Where(x => x.Distance <= limit)
                .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
                .Take(max)
                .Select(x => x.Name)
                .ToList();
        }

        /// <summary>Levenshtein distance; candidate names are short, so the quadratic cost is fine.</summary>
        public static int Distance(string a, string b)
        {
            if (a.Length > 256 || b.Length > 256)
            {
                return int.MaxValue;
            }

            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                var swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }
}
