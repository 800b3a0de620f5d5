using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace SsprTools.Init
{
    /// <summary>
    /// Living beside other modules. Only the cmdlet assembly SsprTools.dll, this one and SsprTools.LoadContext.dll sit in
    /// the module root; SsprTools.Core and all its dependencies (Microsoft.Graph, Kiota, Azure.Identity, MSAL, …) sit in
    /// dependencies/. The manifest imports this assembly as a nested module, so this runs before PowerShell reflects over
    /// SsprTools.dll (whose cmdlets name SsprTools.Core types).
    /// PowerShell 7: they load into the module's own AssemblyLoadContext, so the versions Az.Accounts or
    /// Microsoft.Graph.Authentication put in the session first are neither used nor disturbed.
    /// Windows PowerShell 5.1 (.NET Framework, one load context): AppDomain.AssemblyResolve finds them in dependencies/.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal const string DependencyFolderName = "dependencies";

        private static readonly bool IsCoreClr = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") != null;

        internal static string ModuleFolder { get; } = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        internal static string DependencyFolder { get; } = Path.Combine(ModuleFolder, DependencyFolderName);

        public void OnImport()
        {
            if (IsCoreClr)
            {
                InstallLoadContext();
            }
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnFramework;
                AppDomain.CurrentDomain.AssemblyResolve += ResolveOnFramework;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsCoreClr)
            {
                UninstallLoadContext();
            }
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnFramework;
            }
        }

        // Separate methods: SsprTools.LoadContext (built on System.Runtime.Loader) is only touched on .NET (Core).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void InstallLoadContext()
        {
            SsprTools.LoadContext.ModuleIsolation.Install(DependencyFolder);
            try
            {
                EngineTypes.Register(SsprTools.LoadContext.ModuleIsolation.LoadEngine());
            }
            catch (Exception e) when (e is TargetInvocationException || e is MemberAccessException || e is ArgumentException)
            {
                // A PowerShell without type accelerators: the cmdlets work; only [SsprTools.*] literals in scripts do not resolve.
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void UninstallLoadContext()
        {
            EngineTypes.Unregister();
            SsprTools.LoadContext.ModuleIsolation.Uninstall();
        }

        /// <summary>.NET Framework: an assembly the default probing did not find, if dependencies/ has it (satellites under their culture).</summary>
        private static Assembly? ResolveOnFramework(object? sender, ResolveEventArgs args)
        {
            AssemblyName name;
            try
            {
                name = new AssemblyName(args.Name);
            }
            catch (Exception e) when (e is ArgumentException || e is FileLoadException)
            {
                return null;
            }

            var simple = name.Name;
            if (string.IsNullOrEmpty(simple) || simple.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || simple.Contains(".."))
            {
                return null;
            }

            var culture = name.CultureName;
            var path = string.IsNullOrEmpty(culture)
                ? Path.Combine(DependencyFolder, simple + ".dll")
                : Path.Combine(Path.Combine(DependencyFolder, culture), simple + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            // Already loaded from there (another version was asked for: the binding redirect .NET Framework lacks here).
            var full = Path.GetFullPath(path);
            foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (!loaded.IsDynamic && string.Equals(SafeLocation(loaded), full, StringComparison.OrdinalIgnoreCase))
                {
                    return loaded;
                }
            }

            return Assembly.LoadFrom(full);
        }

        private static string SafeLocation(Assembly assembly)
        {
            try
            {
                return assembly.Location;
            }
            catch (NotSupportedException)
            {
                return string.Empty;
            }
        }
    }

    /// <summary>
    /// PowerShell 7 resolves [TypeName] only in the default load context, and SsprTools.Core's public types (the output
    /// objects [SsprTools.AdminReadiness], [SsprTools.Finding], …, and the enums the cmdlets take) now live in the module's
    /// own context. They are registered as type accelerators under their full names, so scripts keep writing
    /// [SsprTools.AdminReadiness]@{ … } as before; Remove-Module takes them away again.
    /// </summary>
    internal static class EngineTypes
    {
        private static readonly object Sync = new object();
        private static readonly System.Collections.Generic.List<string> Registered = new System.Collections.Generic.List<string>();

        public static void Register(Assembly engine)
        {
            var accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
            var add = accelerators?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(Type) }, null);
            var get = accelerators?.GetProperty("Get", BindingFlags.Public | BindingFlags.Static);
            if (add == null || get == null)
            {
                return;
            }

            lock (Sync)
            {
                var existing = get.GetValue(null) as System.Collections.IDictionary;
                foreach (var type in engine.GetExportedTypes())
                {
                    var name = type.FullName;
                    if (type.IsNested || string.IsNullOrEmpty(name) || (existing != null && existing.Contains(name!)))
                    {
                        continue;
                    }

                    add.Invoke(null, new object[] { name!, type });
                    Registered.Add(name!);
                }
            }
        }

        public static void Unregister()
        {
            var accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
            var remove = accelerators?.GetMethod("Remove", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null);
            lock (Sync)
            {
                foreach (var name in Registered)
                {
                    remove?.Invoke(null, new object[] { name });
                }

                Registered.Clear();
            }
        }
    }
}
