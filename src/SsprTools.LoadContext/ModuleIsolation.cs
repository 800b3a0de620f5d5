using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace SsprTools.LoadContext
{
    /// <summary>
    /// PowerShell 7: SsprTools.Core and everything it needs (Microsoft.Graph, Kiota, Azure.Identity, MSAL, …) load from the
    /// module's dependencies folder into one private load context, whatever other versions other modules (Az.Accounts,
    /// Microsoft.Graph.Authentication, ExchangeOnlineManagement) already put in the default one. The cmdlet assembly stays in
    /// the default context; the only door between the two is the default context's Resolving event, which hands over
    /// SsprTools.Core alone.
    /// </summary>
    public static class ModuleIsolation
    {
        /// <summary>The assemblies the default context is sent to the module's context for: the engine, nothing else.</summary>
        private const string Engine = "SsprTools.Core";

        private static readonly object Sync = new object();
        private static ModuleLoadContext? context;
        private static bool installed;

        /// <summary>The module's context once <see cref="Install"/> ran (for diagnostics and tests).</summary>
        public static object? Context => context;

        /// <summary>Routes SsprTools.Core to the module's context. Idempotent; one context per process, whatever the imports.</summary>
        public static void Install(string dependencyFolder)
        {
            lock (Sync)
            {
                context ??= new ModuleLoadContext(Path.GetFullPath(dependencyFolder));
                if (!installed)
                {
                    AssemblyLoadContext.Default.Resolving += ResolveEngine;
                    installed = true;
                }
            }
        }

        /// <summary>SsprTools.Core, loaded (once) into the module's context. Call after <see cref="Install"/>.</summary>
        public static Assembly LoadEngine()
        {
            var target = context ?? throw new InvalidOperationException("ModuleIsolation.Install was not called.");
            return target.LoadFromAssemblyName(new AssemblyName(Engine));
        }

        /// <summary>Stops routing (Remove-Module). Assemblies already loaded stay, as in any .NET process.</summary>
        public static void Uninstall()
        {
            lock (Sync)
            {
                if (installed)
                {
                    AssemblyLoadContext.Default.Resolving -= ResolveEngine;
                    installed = false;
                }
            }
        }

        private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name)
        {
            var target = context;
            if (target == null || !string.Equals(name.Name, Engine, StringComparison.Ordinal) || !string.IsNullOrEmpty(name.CultureName))
            {
                return null;
            }

            return target.LoadFromAssemblyName(name);
        }
    }

    /// <summary>
    /// Resolves from the dependencies folder first (satellites from its culture subfolders), except what the runtime itself
    /// provides at the same or a higher version (System.*, netstandard, Microsoft.Win32.*, …): those come from the default
    /// context, so framework types stay the framework's. Anything else falls back to the default context.
    /// </summary>
    internal sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private readonly string folder;
        private readonly string runtimeFolder;
        private readonly ConcurrentDictionary<string, Version?> runtimeVersions = new ConcurrentDictionary<string, Version?>(StringComparer.OrdinalIgnoreCase);

        public ModuleLoadContext(string folder)
        {
            this.folder = folder;
            runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var simple = assemblyName.Name;
            if (string.IsNullOrEmpty(simple) || simple!.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || simple.Contains(".."))
            {
                return null;
            }

            if (!string.IsNullOrEmpty(assemblyName.CultureName))
            {
                var satellite = Path.Combine(folder, assemblyName.CultureName, simple + ".dll");
                return File.Exists(satellite) ? LoadFromAssemblyPath(satellite) : null;
            }

            if (ProvidedByRuntime(simple, assemblyName.Version))
            {
                return null;
            }

            var path = Path.Combine(folder, simple + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        private bool ProvidedByRuntime(string simple, Version? wanted)
        {
            var version = runtimeVersions.GetOrAdd(simple, n =>
            {
                var file = Path.Combine(runtimeFolder, n + ".dll");
                if (runtimeFolder.Length == 0 || !File.Exists(file))
                {
                    return null;
                }

                try
                {
                    return AssemblyName.GetAssemblyName(file).Version;
                }
                catch (Exception e) when (e is BadImageFormatException || e is IOException || e is UnauthorizedAccessException)
                {
                    return null;
                }
            });
            return version != null && (wanted == null || version >= wanted);
        }
    }
}
