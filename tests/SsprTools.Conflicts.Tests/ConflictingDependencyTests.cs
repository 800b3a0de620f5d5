using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using SsprTools.FakeGraph;
using SsprTools.Module.Tests;
using Xunit;

namespace SsprTools.Conflicts.Tests
{
    /// <summary>
    /// Other modules came first: Azure.Core, MSAL, Microsoft.Graph.Core and Kiota of other versions are already in the
    /// default load context (as after Import-Module Az.Accounts / Microsoft.Graph.Authentication). SsprTools must still
    /// import, connect and scan, on its own copies of those assemblies, loaded from its dependencies folder into its own
    /// AssemblyLoadContext.
    /// </summary>
    public class ConflictingDependencyTests
    {
        private const string TenantId = "11111111-2222-3333-4444-555555555555";

        /// <summary>The versions this process carries; none is the module's.</summary>
        private static readonly string[] Contested =
        {
            "Azure.Core", "Microsoft.Identity.Client", "Microsoft.Graph.Core", "Microsoft.Kiota.Abstractions",
            "Microsoft.Kiota.Http.HttpClientLibrary", "Microsoft.Kiota.Serialization.Json", "Microsoft.IdentityModel.Abstractions",
        };

        private static readonly Dictionary<string, Assembly> Preloaded = Preload();

        /// <summary>Loads this process's versions into the default context, before any runspace exists.</summary>
        private static Dictionary<string, Assembly> Preload()
        {
            var loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in Contested)
            {
                var assembly = Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, name + ".dll"));
                Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(assembly));
                loaded[name] = assembly;
            }

            // Touch a type of each, as a module that uses them would.
            _ = typeof(Azure.Core.TokenCredential).FullName;
            _ = typeof(Microsoft.Identity.Client.PublicClientApplicationBuilder).FullName;
            _ = typeof(Microsoft.Graph.BaseGraphRequestAdapter).FullName;
            _ = typeof(Microsoft.Kiota.Abstractions.RequestInformation).FullName;
            return loaded;
        }

        private static string MakeToken()
        {
            static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var payload = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["tid"] = TenantId,
                ["upn"] = "scanner@contoso.com",
                ["scp"] = "Policy.Read.All RoleManagement.Read.Directory User.Read.All UserAuthenticationMethod.Read.All AuditLog.Read.All GroupMember.Read.All AdministrativeUnit.Read.All",
                ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
            });
            return B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + B64(payload) + ".c2lnbmF0dXJl";
        }

        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text)
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }

        private static Dictionary<string, string> Signatures(RunResult r) =>
            r.Output.ToDictionary(
                o => (string)o.Properties["UserPrincipalName"].Value,
                o => string.Join(",", ((object[])o.Properties["Findings"].Value).Select(f => (string)PSObject.AsPSObject(f).Properties["Id"].Value).OrderBy(x => x, StringComparer.Ordinal)) +
                    " | " + o.Properties["SelfServiceReady"].Value + " | " + o.Properties["Recoverable"].Value,
                StringComparer.OrdinalIgnoreCase);

        private static string Describe(IEnumerable<Assembly> assemblies) =>
            string.Join("; ", assemblies.Where(a => !a.IsDynamic)
                .Where(a => Contested.Concat(new[] { "SsprTools.Core", "Microsoft.Graph", "Azure.Identity", "Microsoft.Kiota.Authentication.Azure" }).Contains(a.GetName().Name))
                .Select(a => a.GetName().Name + " " + a.GetName().Version + " [" + AssemblyLoadContext.GetLoadContext(a)?.Name + "] " + a.Location));

        [Fact]
        public async Task WithOtherVersionsAlreadyLoaded_TheModuleImportsConnectsAndScans_OnItsOwnCopies()
        {
            Assert.Equal(Contested.Length, Preloaded.Count);
            var preloadedVersions = Preloaded.ToDictionary(p => p.Key, p => p.Value.GetName().Version!, StringComparer.OrdinalIgnoreCase);

            using var host = new PowerShellHost();
            var token = MakeToken();
            var options = FakeGraphOptions.ForFixture(Paths.Contoso);
            options.ExpectedBearerToken = token;
            options.PageSize = 4;
            options.RetryAfterSeconds = 0;
            await using var server = await FakeGraphServer.StartAsync(Paths.Contoso, options);

            var connect = host.Run("Connect-SsprGraph -AccessToken $t -GraphEndpoint $e", new Dictionary<string, object?>
            {
                ["t"] = Secure(token),
                ["e"] = server.BaseAddress.ToString(),
            });
            Assert.True(connect.FirstError == null, "Connect-SsprGraph: " + connect.FirstError + " " + connect.FirstError?.Exception);

            var live = host.Run("Test-SsprAdminReadiness");
            Assert.True(live.FirstError == null, "Test-SsprAdminReadiness: " + live.FirstError + " " + live.FirstError?.Exception);
            var fromFile = host.Run("Test-SsprAdminReadiness -SnapshotPath $p", new Dictionary<string, object?> { ["p"] = Paths.Contoso });
            Assert.Null(fromFile.FirstError);
            var expected = Signatures(fromFile);
            var actual = Signatures(live);
            Assert.NotEmpty(expected);
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase), actual.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase));

            // Where the module's code came from: SsprTools.dll from the module root in the default context; SsprTools.Core
            // and the Graph stack from dependencies/, all in one load context of the module's own.
            var dependencies = Path.Combine(Paths.ModuleFolder, "dependencies") + Path.DirectorySeparatorChar;
            var all = AppDomain.CurrentDomain.GetAssemblies();
            var cmdlets = all.Single(a => a.GetName().Name == "SsprTools");
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(cmdlets));
            Assert.Equal(Path.GetFullPath(Paths.ModuleFolder), Path.GetDirectoryName(cmdlets.Location));

            var core = all.Single(a => a.GetName().Name == "SsprTools.Core");
            var moduleContext = AssemblyLoadContext.GetLoadContext(core);
            Assert.NotNull(moduleContext);
            Assert.True(!ReferenceEquals(AssemblyLoadContext.Default, moduleContext), "SsprTools.Core is in the default context. Loaded: " + Describe(all));
            Assert.StartsWith(dependencies, core.Location, StringComparison.Ordinal);

            foreach (var name in Contested.Concat(new[] { "Microsoft.Graph", "Azure.Identity" }))
            {
                // What the scan used, or (MSAL: an -AccessToken connection never signs in) what the module's context
                // resolves the name to when Azure.Identity first needs it.
                var mine = moduleContext!.Assemblies.SingleOrDefault(a => a.GetName().Name == name)
                    ?? moduleContext.LoadFromAssemblyName(new AssemblyName(name));
                Assert.Same(moduleContext, AssemblyLoadContext.GetLoadContext(mine));
                Assert.StartsWith(dependencies, mine!.Location, StringComparison.Ordinal);
                if (preloadedVersions.TryGetValue(name, out var theirs))
                {
                    Assert.NotEqual(theirs, mine.GetName().Version);
                    // Theirs is untouched: still the one the default context resolves.
                    Assert.Same(Preloaded[name], AssemblyLoadContext.Default.Assemblies.Single(a => a.GetName().Name == name));
                }
            }

            // Nothing of the module's own stack leaked into the default context.
            foreach (var a in AssemblyLoadContext.Default.Assemblies)
            {
                Assert.False(a.Location.StartsWith(dependencies, StringComparison.Ordinal), a.FullName + " was loaded into the default context from " + a.Location);
            }

            // The cmdlet assembly names no Graph, Azure, Kiota or MSAL type: only the engine crosses the boundary.
            var referenced = cmdlets.GetReferencedAssemblies().Select(n => n.Name!).ToList();
            Assert.Contains("SsprTools.Core", referenced);
            Assert.DoesNotContain(referenced, n => n.StartsWith("Azure.", StringComparison.Ordinal) || n.StartsWith("Microsoft.Graph", StringComparison.Ordinal) ||
                n.StartsWith("Microsoft.Kiota", StringComparison.Ordinal) || n.StartsWith("Microsoft.Identity", StringComparison.Ordinal) || n == "PhoneNumbers");

            // Scripts still name the module's types, though PowerShell 7 resolves type names in the default context only.
            var typed = host.Run("[SsprTools.AdminReadiness]@{ UserPrincipalName = 'x@contoso.com' }");
            Assert.Null(typed.FirstError);
            Assert.Same(moduleContext, AssemblyLoadContext.GetLoadContext(Assert.Single(typed.Output).BaseObject.GetType().Assembly));

            var removed = host.Run("Remove-Module SsprTools; Import-Module $m -ErrorAction Stop; (Get-Command Test-SsprAdminReadiness).Name; [SsprTools.AdminReadiness].Name",
                new Dictionary<string, object?> { ["m"] = Paths.ModuleManifest });
            Assert.Null(removed.FirstError);
            Assert.Equal(new[] { "Test-SsprAdminReadiness", "AdminReadiness" }, removed.Output.Select(o => o.BaseObject.ToString()));
        }
    }
}
