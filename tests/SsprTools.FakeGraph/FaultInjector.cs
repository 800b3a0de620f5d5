using System;
using System.Collections.Generic;
using System.Text;

namespace SsprTools.FakeGraph
{
    internal enum Fault
    {
        None,
        Throttle,
        ServerError,
    }

    /// <summary>
    /// Decides injected 429/503 answers. With a seed, the verdict for the n-th occurrence of a given "METHOD url" is a pure
    /// function of (seed, key, n), so concurrent clients see the same faults on every run; a retry is a new occurrence.
    /// </summary>
    internal sealed class FaultInjector
    {
        private readonly object _sync = new object();
        private readonly Dictionary<string, int> _occurrences = new Dictionary<string, int>(StringComparer.Ordinal);

        public Fault Decide(FakeGraphOptions options, string method, string url)
        {
            double throttle = Math.Clamp(options.ThrottleRate, 0, 1);
            double error = Math.Clamp(options.ServerErrorRate, 0, 1);
            if (throttle <= 0 && error <= 0)
            {
                return Fault.None;
            }

            double draw;
            int? seed = options.RandomSeed;
            if (seed.HasValue)
            {
                string key = method.ToUpperInvariant() + " " + url;
                int n;
                lock (_sync)
                {
                    _occurrences.TryGetValue(key, out n);
                    _occurrences[key] = n + 1;
                }

                draw = Unit(seed.Value, key, n);
            }
            else
            {
                draw = Random.Shared.NextDouble();
            }

            if (draw < throttle)
            {
                return Fault.Throttle;
            }

            return draw < throttle + error ? Fault.ServerError : Fault.None;
        }

        /// <summary>A deterministic number in [0,1) from the seed, a key and a counter (FNV-1a + splitmix64).</summary>
        public static double Unit(int seed, string key, long n)
        {
            ulong h = 14695981039346656037UL;
            foreach (byte b in Encoding.UTF8.GetBytes(key))
            {
                h ^= b;
                h *= 1099511628211UL;
            }

            ulong x = h ^ ((ulong)(uint)seed << 32) ^ (ulong)n * 0x9E3779B97F4A7C15UL;
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            x ^= x >> 31;
            return (x >> 11) * (1.0 / (1UL << 53));
        }
    }
}
