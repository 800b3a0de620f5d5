using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SsprTools.FakeGraph;
using Xunit;
using static SsprTools.Module.Tests.GraphCmdletTests;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Many tenants on one machine: the Graph connection belongs to a runspace, so runspaces scanning different tenants at
    /// the same time never mix. Three fake Graph tenants, each accepting only its own token; scanned side by side from
    /// separate runspaces and with ForEach-Object -Parallel inside one session.
    /// </summary>
    public sealed class ManyTenantsTests : IDisposable
    {
        private const string ContosoId = "4c1a7e52-8f3d-4b6a-9e21-7d0c5b3f9a18";
        private const string FabrikamId = "9b2e4d71-3c5a-4f08-b6e2-1a8d7c0f4e63";
        private const string NorthwindId = "7e0d5c4b-2a19-4f38-8d67-0c5b4a392817";
        private readonly TempFolder temp = new TempFolder("sspr-many");

        public void Dispose() => temp.Dispose();

        private sealed class Tenant
        {
            public Tenant(string name, string id, string domain, string token, FakeGraphServer server)
            {
                Name = name;
                Id = id;
                Domain = domain;
                Token = token;
                Server = server;
            }

            public string Name { get; }
            public string Id { get; }
            public string Domain { get; }
            public string Token { get; }
            public FakeGraphServer Server { get; }
        }

        private async Task<List<Tenant>> StartTenants()
        {
            var northwind = Path.Combine(temp.Path, "northwind.snapshot.json");
            File.WriteAllText(northwind, File.ReadAllText(Paths.Contoso).Replace(ContosoId, NorthwindId).Replace("contoso", "northwind").Replace("Contoso", "Northwind"));
            var specs = new[] { ("contoso", ContosoId, "contoso.com", Paths.Contoso), ("fabrikam", FabrikamId, "fabrikam.com", Paths.SingleAdmin), ("northwind", NorthwindId, "northwind.com", northwind) };
            var tenants = new List<Tenant>();
            foreach (var (name, id, domain, file) in specs)
            {
                var token = MakeToken(id, "scanner@" + domain, "Policy.Read.All RoleManagement.Read.Directory User.Read.All UserAuthenticationMethod.Read.All AuditLog.Read.All GroupMember.Read.All AdministrativeUnit.Read.All User.Read");
                tenants.Add(new Tenant(name, id, domain, token, await Serve(file, token: token)));
            }

            return tenants;
        }

        private static void AssertOnlyItsOwn(Tenant tenant, IEnumerable<PSObject> results)
        {
            var list = results.ToList();
            Assert.NotEmpty(list);
            foreach (var r in list)
            {
                Assert.Equal(tenant.Id, (string)r.Properties["TenantId"].Value);
                // contoso.com or contoso.onmicrosoft.com: the tenant's own domains.
                var domain = ((string)r.Properties["UserPrincipalName"].Value).Split('@')[1];
                Assert.StartsWith(tenant.Domain.Split('.')[0] + ".", domain, StringComparison.OrdinalIgnoreCase);
            }
        }

        [Fact]
        public async Task SeparateRunspaces_ScanningAtOnce_NeverMix()
        {
            var tenants = await StartTenants();
            var hosts = tenants.Select(_ => new PowerShellHost()).ToList();
            try
            {
                for (var i = 0; i < tenants.Count; i++)
                {
                    Assert.Empty(Connect(hosts[i], tenants[i].Server, tenants[i].Token).Errors);
                }

                // Three rounds, each with every tenant scanned at the same time on its own thread and runspace.
                for (var round = 0; round < 3; round++)
                {
                    var runs = tenants.Select((t, i) => Task.Run(() => hosts[i].Run("Test-SsprAdminReadiness"))).ToArray();
                    var results = await Task.WhenAll(runs);
                    for (var i = 0; i < tenants.Count; i++)
                    {
                        Assert.Null(results[i].Terminating);
                        Assert.Empty(results[i].Errors);
                        AssertOnlyItsOwn(tenants[i], results[i].Output);
                    }
                }

                // Each runspace still holds its own connection.
                for (var i = 0; i < tenants.Count; i++)
                {
                    Assert.Equal(tenants[i].Id, hosts[i].Run("(Get-SsprConnection).TenantId").Output.Single().ToString());
                }
            }
            finally
            {
                hosts.ForEach(h => h.Dispose());
                foreach (var t in tenants)
                {
                    await t.Server.DisposeAsync();
                }
            }
        }

        [Fact]
        public async Task ForEachObjectParallel_AConnectionPerRunspace()
        {
            var tenants = await StartTenants();
            using var host = new PowerShellHost();
            try
            {
                var input = tenants.Select(t => new Dictionary<string, object?>
                {
                    ["Name"] = t.Name, ["Token"] = Secure(t.Token), ["Url"] = t.Server.BaseAddress.ToString().TrimEnd('/'),
                }).ToArray();
                var r = host.Run(@"
                    $in | ForEach-Object -ThrottleLimit 3 -Parallel {
                        Import-Module $using:manifest
                        Connect-SsprGraph -AccessToken $_.Token -GraphEndpoint $_.Url -ErrorAction Stop | Out-Null
                        $name = $_.Name
                        Test-SsprAdminReadiness | ForEach-Object { [pscustomobject]@{ Tenant = $name; TenantId = $_.TenantId; UserPrincipalName = $_.UserPrincipalName } }
                        Disconnect-SsprGraph
                    }", new Dictionary<string, object?> { ["in"] = input, ["manifest"] = Paths.ModuleManifest });

                Assert.Null(r.Terminating);
                Assert.Empty(r.Errors);
                foreach (var t in tenants)
                {
                    AssertOnlyItsOwn(t, r.Output.Where(o => (string)o.Properties["Tenant"].Value == t.Name));
                }

                Assert.Equal(3, r.Output.Select(o => (string)o.Properties["Tenant"].Value).Distinct().Count());
                // The session that ran the loop was never connected.
                Assert.Empty(host.Run("Get-SsprConnection").Output);
            }
            finally
            {
                foreach (var t in tenants)
                {
                    await t.Server.DisposeAsync();
                }
            }
        }
    }
}
