using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using SsprTools.Commands.Infrastructure;
using SsprTools.Core;
using SsprTools.Core.Graph;

namespace SsprTools.Commands
{
    /// <summary>
    /// Connect-SsprGraph: signs in to Microsoft Graph for this runspace: interactively (default), with a device code, as an
    /// application (secret or certificate), as a managed identity, with a federated token (workload identity federation), or with an access token; in any national cloud.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "SsprGraph", DefaultParameterSetName = Interactive)]
    [OutputType("SsprTools.Connection")]
    public sealed class ConnectSsprGraphCommand : SsprCmdlet
    {
        private const string Interactive = "Interactive";
        private const string DeviceCode = "DeviceCode";
        private const string Secret = "ClientSecret";
        private const string Thumbprint = "CertificateThumbprint";
        private const string Cert = "Certificate";
        private const string Identity_ = "Identity";
        private const string Token = "AccessToken";
        private const string Federated = "FederatedToken";
        private const string Workload = "WorkloadIdentity";

        /// <summary>Tenant id (GUID) or a verified domain.</summary>
        [Parameter(ParameterSetName = Interactive)]
        [Parameter(ParameterSetName = DeviceCode)]
        [Parameter(ParameterSetName = Secret, Mandatory = true)]
        [Parameter(ParameterSetName = Thumbprint, Mandatory = true)]
        [Parameter(ParameterSetName = Cert, Mandatory = true)]
        [Parameter(ParameterSetName = Token)]
        [Parameter(ParameterSetName = Federated)]
        [Parameter(ParameterSetName = Workload)]
        [ValidateNotNullOrEmpty]
        [Alias("Tenant")]
        public string? TenantId { get; set; }

        /// <summary>Application (client) id.</summary>
        [Parameter(ParameterSetName = Interactive)]
        [Parameter(ParameterSetName = DeviceCode)]
        [Parameter(ParameterSetName = Secret, Mandatory = true)]
        [Parameter(ParameterSetName = Thumbprint, Mandatory = true)]
        [Parameter(ParameterSetName = Cert, Mandatory = true)]
        [Parameter(ParameterSetName = Federated)]
        [Parameter(ParameterSetName = Workload)]
        [ValidateNotNullOrEmpty]
        [Alias("AppId", "ApplicationId")]
        public string? ClientId { get; set; }

        /// <summary>Delegated permissions to request (user sign-in only).</summary>
        [Parameter(ParameterSetName = Interactive)]
        [Parameter(ParameterSetName = DeviceCode)]
        [ValidateNotNullOrEmpty]
        public string[]? Scopes { get; set; }

        [Parameter(ParameterSetName = DeviceCode, Mandatory = true)]
        [Alias("DeviceCode")]
        public SwitchParameter UseDeviceCode { get; set; }

        [Parameter(ParameterSetName = Secret, Mandatory = true)]
        public SecureString? ClientSecret { get; set; }

        [Parameter(ParameterSetName = Thumbprint, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        [Parameter(ParameterSetName = Cert, Mandatory = true)]
        [ValidateNotNull]
        public X509Certificate2? Certificate { get; set; }

        [Parameter(ParameterSetName = Identity_, Mandatory = true)]
        [Alias("ManagedIdentity")]
        public SwitchParameter Identity { get; set; }

        [Parameter(ParameterSetName = Identity_)]
        [ValidateNotNullOrEmpty]
        public string? ManagedIdentityClientId { get; set; }

        [Parameter(ParameterSetName = Token, Mandatory = true)]
        public SecureString? AccessToken { get; set; }

        /// <summary>Workload identity federation: the file holding the federated (OIDC) token the app registration trusts.</summary>
        [Parameter(ParameterSetName = Federated, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? FederatedTokenFile { get; set; }

        /// <summary>Workload identity federation from the environment: AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID.</summary>
        [Parameter(ParameterSetName = Workload, Mandatory = true)]
        public SwitchParameter WorkloadIdentity { get; set; }

        [Parameter]
        [ValidateSet("Global", "USGov", "USGovDoD", "China", IgnoreCase = true)]
        public string Environment { get; set; } = "Global";

        /// <summary>Graph root override; plain http only for this machine.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? GraphEndpoint { get; set; }

        /// <summary>Seconds one Graph request may take before the command stops with a GraphTimeout error (retries are new requests).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        protected override void EndProcessing()
        {
            Guard(() =>
            {
                var cloud = GraphCloud.Parse(Environment);
                // Refuse an unsafe endpoint before any credential is built or token sent.
                var endpoint = GraphEndpoint == null ? null : GraphEndpoints.Validate(GraphEndpoint);
                var request = new SignInRequest
                {
                    AuthType = AuthType(),
                    TenantId = TenantId,
                    ClientId = ClientId,
                    Scopes = Scopes,
                    Cloud = cloud,
                    GraphEndpoint = endpoint,
                    ClientSecret = ClientSecret,
                    CertificateThumbprint = CertificateThumbprint,
                    Certificate = Certificate,
                    ManagedIdentityClientId = ManagedIdentityClientId,
                    AccessToken = AccessToken,
                    FederatedTokenFile = FederatedTokenFile == null ? null : GetUnresolvedProviderPathFromPSPath(FederatedTokenFile),
                    RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
                };

                var connection = RunAsync((observer, ct) => GraphConnector.ConnectAsync(request, observer, ct));
                ConnectionStore.Set(connection);
                WriteObject(ConnectionObject(connection));
            }, TenantId);
        }

        private SsprAuthType AuthType()
        {
            switch (ParameterSetName)
            {
                case DeviceCode: return SsprAuthType.DeviceCode;
                case Secret: return SsprAuthType.ClientSecret;
                case Thumbprint:
                case Cert: return SsprAuthType.Certificate;
                case Identity_: return SsprAuthType.ManagedIdentity;
                case Token: return SsprAuthType.AccessToken;
                case Federated:
                case Workload: return SsprAuthType.WorkloadIdentity;
                default: return SsprAuthType.InteractiveBrowser;
            }
        }
    }

    /// <summary>Disconnect-SsprGraph: forgets this runspace's Graph connection.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "SsprGraph")]
    [OutputType(typeof(void))]
    public sealed class DisconnectSsprGraphCommand : SsprCmdlet
    {
        protected override void EndProcessing()
        {
            var connection = ConnectionStore.Get();
            if (connection == null)
            {
                WriteVerbose("There was no Microsoft Graph connection in this session.");
            }
            else
            {
                WriteVerbose("Disconnected from " + connection.TenantId + " (" + connection.GraphEndpoint + ").");
            }

            ConnectionStore.Set(null);
        }
    }

    /// <summary>Get-SsprConnection: who is connected to which tenant, where, with which scopes.</summary>
    [Cmdlet(VerbsCommon.Get, "SsprConnection")]
    [OutputType("SsprTools.Connection")]
    public sealed class GetSsprConnectionCommand : SsprCmdlet
    {
        protected override void EndProcessing()
        {
            var connection = ConnectionStore.Get();
            if (connection != null)
            {
                WriteObject(ConnectionObject(connection));
            }
            else
            {
                WriteVerbose("There is no Microsoft Graph connection in this session; run Connect-SsprGraph.");
            }
        }
    }
}
