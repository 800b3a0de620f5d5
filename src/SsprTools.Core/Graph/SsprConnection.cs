using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;

namespace SsprTools.Core.Graph
{
    /// <summary>How Connect-SsprGraph signs in.</summary>
    public enum SsprAuthType
    {
        InteractiveBrowser,
        DeviceCode,
        ClientSecret,
        Certificate,
        ManagedIdentity,
        AccessToken,
        /// <summary>Workload identity federation: an app registration's federated credential trusts a token from GitHub
        /// Actions, Azure DevOps, Kubernetes …, read from a file (Azure.Identity's WorkloadIdentityCredential).</summary>
        WorkloadIdentity,
    }

    /// <summary>What Connect-SsprGraph was asked for. Secrets stay SecureString / certificate objects until the credential is built.</summary>
    public sealed class SignInRequest
    {
        public SsprAuthType AuthType { get; init; } = SsprAuthType.InteractiveBrowser;
        public string? TenantId { get; init; }
        public string? ClientId { get; init; }
        public IReadOnlyList<string>? Scopes { get; init; }
        public GraphCloud Cloud { get; init; } = GraphCloud.Global;
        /// <summary>Overrides the cloud's Graph root (validated by <see cref="GraphEndpoints.Validate"/>).</summary>
        public Uri? GraphEndpoint { get; init; }
        public SecureString? ClientSecret { get; init; }
        public string? CertificateThumbprint { get; init; }
        public X509Certificate2? Certificate { get; init; }
        public string? ManagedIdentityClientId { get; init; }
        public SecureString? AccessToken { get; init; }
        /// <summary>The federated token file (workload identity); null: AZURE_FEDERATED_TOKEN_FILE.</summary>
        public string? FederatedTokenFile { get; init; }
        /// <summary>How long one HTTP attempt may take before the command stops with GraphTimeout (default <see cref="SsprConnection.DefaultRequestTimeout"/>).</summary>
        public TimeSpan? RequestTimeout { get; init; }
    }

    /// <summary>
    /// A signed-in Microsoft Graph connection. Shown as SsprTools.Connection: TenantId, Account, AuthType, Environment,
    /// GraphEndpoint, Scopes. The credential is internal and never printed or serialized.
    /// </summary>
    public sealed class SsprConnection
    {
        /// <summary>Least-privilege read scopes of a scan (docs/graph.md), plus group and unit membership reads.</summary>
        public static readonly IReadOnlyList<string> DefaultScopes = new[]
        {
            "Policy.Read.All", "RoleManagement.Read.Directory", "User.Read.All", "UserAuthenticationMethod.Read.All", "AuditLog.Read.All",
            "GroupMember.Read.All", "AdministrativeUnit.Read.All",
        };

        /// <summary>One HTTP attempt's limit when Connect-SsprGraph -TimeoutSec is not given (what Microsoft Graph PowerShell uses).</summary>
        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(100);

        internal SsprConnection(string tenantId, string? account, SsprAuthType authType, GraphCloud cloud, Uri graphEndpoint,
            IReadOnlyList<string> scopes, TokenCredential credential, IReadOnlyList<string> tokenScopes, TimeSpan? requestTimeout = null)
        {
            RequestTimeout = requestTimeout is TimeSpan t && t > TimeSpan.Zero ? t : DefaultRequestTimeout;
            TenantId = tenantId;
            Account = account;
            AuthType = authType;
            Cloud = cloud;
            GraphEndpoint = graphEndpoint;
            Scopes = scopes;
            Credential = credential;
            TokenScopes = tokenScopes;
            ConnectedAt = DateTimeOffset.UtcNow;
            Reports = new ReportPacer(ReportClocks.For(graphEndpoint));
            client = new Lazy<Microsoft.Graph.GraphServiceClient>(() => GraphClients.Create(this), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        private readonly Lazy<Microsoft.Graph.GraphServiceClient> client;

        /// <summary>The last whole-tenant read, served again for a few minutes (Get-SsprStatus after a scan); -Refresh bypasses it.</summary>
        internal TenantReadCache ReadCache { get; } = new TenantReadCache();

        /// <summary>Accounts' SSPR audit events read in the last minute (Get-SsprActivity right after Get-SsprDiagnosis).</summary>
        internal AuditReadCache AuditCache { get; } = new AuditReadCache();

        /// <summary>The connection's pacer of the reports API (Graph counts that limit per app and tenant).</summary>
        internal ReportPacer Reports { get; }

        /// <summary>One Graph client (and HTTP connection pool) per connection.</summary>
        internal Microsoft.Graph.GraphServiceClient Client => client.Value;

        public string TenantId { get; }
        public string? Account { get; }
        public SsprAuthType AuthType { get; }
        public string Environment => Cloud.Name;
        /// <summary>The Graph root requests go to (without /v1.0).</summary>
        public Uri GraphEndpoint { get; }
        /// <summary>Permissions the token carries (scp/roles) or, when they cannot be read, the ones requested.</summary>
        public IReadOnlyList<string> Scopes { get; }
        public DateTimeOffset ConnectedAt { get; }
        /// <summary>How long one HTTP attempt may take (Connect-SsprGraph -TimeoutSec); a slower answer stops the command with GraphTimeout.</summary>
        public TimeSpan RequestTimeout { get; }

        internal GraphCloud Cloud { get; }
        internal TokenCredential Credential { get; }
        /// <summary>What is asked of the credential: {root}/.default or {root}/{permission}.</summary>
        internal IReadOnlyList<string> TokenScopes { get; }

        internal bool HasScope(string permission) => Scopes.Any(s => string.Equals(s, permission, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => (Account ?? "?") + " @ " + TenantId + " (" + GraphEndpoint + ")";
    }
}
