using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Issue 13: the module tests need not wait out the reports API limit (5 requests per 10 s) for real. Each connection they
    /// make paces its report requests on a virtual clock (the same waits computed and logged, no sleeping), except to the fake
    /// Graph servers of the pacer's own tests, which enforce the limit on the wall clock (<see cref="RealTime"/>).
    /// The switch is internal to the module's engine (SsprTools.Core, loaded in the module's own load context): reached here by
    /// reflection, never by anything a user runs.
    /// </summary>
    internal static class ReportPacerHook
    {
        private static readonly object Sync = new object();
        private static Type? clocks;

        /// <summary>Every connection made from now on in this process paces the reports API on a virtual clock.</summary>
        public static void UseVirtualClock()
        {
            var type = Clocks();
            type.GetField("VirtualByDefault", BindingFlags.NonPublic | BindingFlags.Static)!.SetValue(null, true);
        }

        /// <summary>Connections to this endpoint pace on the wall clock (the fake Graph enforces the limit there).</summary>
        public static void RealTime(Uri endpoint)
        {
            var map = (System.Collections.Concurrent.ConcurrentDictionary<string, bool>)Clocks()
                .GetField("RealTime", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
            map[endpoint.GetLeftPart(UriPartial.Authority)] = true;
        }

        private static Type Clocks()
        {
            lock (Sync)
            {
                if (clocks != null)
                {
                    return clocks;
                }

                // The module's engine as the module loaded it: ask its load context (ModuleIsolation) for it.
                var isolation = AppDomain.CurrentDomain.GetAssemblies()
                    .Select(a => a.GetType("SsprTools.LoadContext.ModuleIsolation", throwOnError: false))
                    .FirstOrDefault(t => t != null)
                    ?? throw new InvalidOperationException("The module is not imported (SsprTools.LoadContext not loaded).");
                var engine = (Assembly)isolation.GetMethod("LoadEngine", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
                clocks = engine.GetType("SsprTools.Core.Graph.ReportClocks", throwOnError: true)!;
                return clocks;
            }
        }
    }
}
