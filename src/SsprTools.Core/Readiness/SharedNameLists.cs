using System;
using System.Collections.Generic;

namespace SsprTools.Core.Readiness
{
    /// <summary>
    /// Hands out one array per distinct list of resetter names. In a large tenant most admins are reset by the same
    /// Global and Privileged Authentication Administrators, so thousands of results would each hold their own copy
    /// of a list thousands of names long: at 10,000 admins those copies were most of a scan's memory. Results keep
    /// the full list (AssistedResetBy is never truncated); equal lists are simply the same array.
    /// </summary>
    internal sealed class SharedNameLists
    {
        private readonly Dictionary<int, List<string[]>> byHash = new Dictionary<int, List<string[]>>();
        /// <summary>Lists seen before, by identity: admins who share one resetter list (ResetAuthority hands the same list to every
        /// admin with the same allowed roles) get its names without hashing thousands of them again. Weak: a list made for one
        /// admin is not kept alive by this.</summary>
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Resetter>, string[]> byList =
            new System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Resetter>, string[]>();
        private readonly object gate = new object();

        public string[] Share(IReadOnlyList<Resetter> resetters)
        {
            if (resetters.Count == 0)
            {
                return Array.Empty<string>();
            }

            lock (gate)
            {
                if (byList.TryGetValue(resetters, out var known))
                {
                    return known;
                }
            }

            var shared = ShareByContent(resetters);
            lock (gate)
            {
                byList.Remove(resetters);
                byList.Add(resetters, shared);
            }

            return shared;
        }

        private string[] ShareByContent(IReadOnlyList<Resetter> resetters)
        {
            var hash = 17;
            foreach (var r in resetters)
            {
                hash = unchecked(hash * 31 + StringComparer.Ordinal.GetHashCode(r.User.UserPrincipalName));
            }

            lock (gate)
            {
                if (byHash.TryGetValue(hash, out var candidates))
                {
                    foreach (var candidate in candidates)
                    {
                        if (SameNames(candidate, resetters))
                        {
                            return candidate;
                        }
                    }
                }
                else
                {
                    candidates = new List<string[]>(1);
                    byHash[hash] = candidates;
                }

                var names = new string[resetters.Count];
                for (var i = 0; i < names.Length; i++)
                {
                    names[i] = resetters[i].User.UserPrincipalName;
                }

                candidates.Add(names);
                return names;
            }
        }

        private static bool SameNames(string[] names, IReadOnlyList<Resetter> resetters)
        {
            if (names.Length != resetters.Count)
            {
                return false;
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (!string.Equals(names[i], resetters[i].User.UserPrincipalName, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
