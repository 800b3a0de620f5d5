using System;
using System.Net;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

using SsprTools.Core.Text;

namespace SsprTools.Core.Graph
{
    /// <summary>Builds the Azure.Identity credential for each sign-in mode.</summary>
    internal static class CredentialFactory
    {
        /// <summary>The public client Microsoft Graph PowerShell signs in with, used when -ClientId is not given for a user sign-in.</summary>
        public const string DefaultPublicClientId = "14d82eec-204b-4c2f-b7e8-296a70dab67e";

        public static TokenCredential Create(SignInRequest request, Action<string> prompt)
        {
            var authority = request.Cloud.AuthorityHost;
            switch (request.AuthType)
            {
                case SsprAuthType.InteractiveBrowser:
                    return new InteractiveBrowserCredential(new InteractiveBrowserCredentialOptions
                    {
                        TenantId = request.TenantId ?? "organizations",
                        ClientId = request.ClientId ?? DefaultPublicClientId,
                        AuthorityHost = authority,
                    });
                case SsprAuthType.DeviceCode:
                    return new DeviceCodeCredential(new DeviceCodeCredentialOptions
                    {
                        TenantId = request.TenantId ?? "organizations",
                        ClientId = request.ClientId ?? DefaultPublicClientId,
                        AuthorityHost = authority,
                        DeviceCodeCallback = (info, ct) =>
                        {
                            prompt(info.Message);
                            return Task.CompletedTask;
                        },
                    });
                case SsprAuthType.ClientSecret:
                    RequireAppIdentity(request, "-ClientSecret");
                    return new ClientSecretCredential(request.TenantId, request.ClientId, Plain(request.ClientSecret!),
                        new ClientSecretCredentialOptions { AuthorityHost = authority });
                case SsprAuthType.Certificate:
                    RequireAppIdentity(request, request.Certificate != null ? "-Certificate" : "-CertificateThumbprint");
                    var certificate = request.Certificate ?? FindCertificate(request.CertificateThumbprint!);
                    return new ClientCertificateCredential(request.TenantId, request.ClientId, certificate,
                        new ClientCertificateCredentialOptions { AuthorityHost = authority });
                case SsprAuthType.ManagedIdentity:
                    var id = string.IsNullOrEmpty(request.ManagedIdentityClientId)
                        ? ManagedIdentityId.SystemAssigned
                        : ManagedIdentityId.FromUserAssignedClientId(request.ManagedIdentityClientId);
                    return new ManagedIdentityCredential(new ManagedIdentityCredentialOptions(id) { AuthorityHost = authority });
                case SsprAuthType.AccessToken:
                    return new StaticTokenCredential(Plain(request.AccessToken!));
                case SsprAuthType.WorkloadIdentity:
                    return WorkloadIdentity(request, Environment.GetEnvironmentVariable, null);
                default:
                    throw new ArgumentOutOfRangeException(nameof(request));
            }
        }

        /// <summary>The environment variables Azure.Identity's WorkloadIdentityCredential reads; parameters win over them.</summary>
        public const string TenantVariable = "AZURE_TENANT_ID";
        public const string ClientVariable = "AZURE_CLIENT_ID";
        public const string TokenFileVariable = "AZURE_FEDERATED_TOKEN_FILE";
        public const string AuthorityVariable = "AZURE_AUTHORITY_HOST";

        /// <summary>
        /// Workload identity federation: Azure.Identity's WorkloadIdentityCredential exchanges the federated token in a file
        /// (GitHub Actions' OIDC token, an Azure DevOps service connection's idToken, a Kubernetes projected token) for a
        /// Microsoft Graph token of the app registration that trusts it. No secret is stored or printed: the file is read
        /// by Azure.Identity each time it needs a token, and only its path is ever shown. -TenantId, -ClientId and
        /// -FederatedTokenFile win over AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE; AZURE_AUTHORITY_HOST
        /// is used only for the Global cloud (an explicit -Environment picks its own authority).
        /// </summary>
        internal static TokenCredential WorkloadIdentity(SignInRequest request, Func<string, string?> environment, HttpPipelineTransport? transport)
        {
            string? Env(string name)
            {
                var value = environment(name);
                return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
            }

            var tenant = request.TenantId ?? Env(TenantVariable);
            var client = request.ClientId ?? Env(ClientVariable);
            var file = request.FederatedTokenFile ?? Env(TokenFileVariable);
            var missing = new System.Collections.Generic.List<string>();
            if (string.IsNullOrEmpty(tenant))
            {
                missing.Add("-TenantId (" + TenantVariable + ")");
            }

            if (string.IsNullOrEmpty(client))
            {
                missing.Add("-ClientId (" + ClientVariable + ")");
            }

            if (string.IsNullOrEmpty(file))
            {
                missing.Add("-FederatedTokenFile (" + TokenFileVariable + ")");
            }

            if (missing.Count > 0)
            {
                throw new SsprException("WorkloadIdentityIncomplete", SsprErrorKind.InvalidArgument,
                    Texts.Format("Graph_WorkloadIdentityIncomplete", string.Join(", ", missing)), Texts.Get("Graph_WorkloadIdentityIncomplete_Action"));
            }

            var path = System.IO.Path.GetFullPath(file!);
            if (!System.IO.File.Exists(path))
            {
                throw new SsprException("FederatedTokenFileNotFound", SsprErrorKind.ObjectNotFound,
                    Texts.Format("Graph_FederatedTokenFileNotFound", path), Texts.Get("Graph_FederatedTokenFileNotFound_Action"), path);
            }

            var authority = request.Cloud.AuthorityHost;
            var fromEnvironment = Env(AuthorityVariable);
            if (request.Cloud.Name == GraphCloud.Global.Name && fromEnvironment != null)
            {
                if (!Uri.TryCreate(fromEnvironment, UriKind.Absolute, out var host) || host.Scheme != Uri.UriSchemeHttps)
                {
                    throw new SsprException("AuthorityHostInvalid", SsprErrorKind.InvalidArgument,
                        Texts.Format("Graph_AuthorityHostInvalid", AuthorityVariable, fromEnvironment), Texts.Format("Graph_AuthorityHostInvalid_Action", AuthorityVariable));
                }

                authority = host;
            }

            var options = new WorkloadIdentityCredentialOptions
            {
                TenantId = tenant,
                ClientId = client,
                TokenFilePath = path,
                AuthorityHost = authority,
            };
            if (transport != null)
            {
                options.Transport = transport;
            }

            return new WorkloadIdentityCredential(options);
        }

        internal static string Plain(SecureString secure) => new NetworkCredential(string.Empty, secure).Password;

        private static void RequireAppIdentity(SignInRequest request, string parameter)
        {
            if (string.IsNullOrEmpty(request.TenantId) || string.IsNullOrEmpty(request.ClientId))
            {
                throw new SsprException("AppIdentityRequired", SsprErrorKind.InvalidArgument,
                    Texts.Format("Graph_AppIdentityRequired", parameter), Texts.Format("Graph_AppIdentityRequired_Action", parameter));
            }
        }

        private static X509Certificate2 FindCertificate(string thumbprint)
        {
            var clean = thumbprint.Replace(" ", string.Empty).Trim();
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                try
                {
                    using var store = new X509Store(StoreName.My, location);
                    store.Open(OpenFlags.ReadOnly);
                    var found = store.Certificates.Find(X509FindType.FindByThumbprint, clean, validOnly: false);
                    foreach (var cert in found)
                    {
                        if (cert.HasPrivateKey)
                        {
                            return cert;
                        }
                    }
                }
                catch (Exception e) when (e is System.Security.Cryptography.CryptographicException || e is PlatformNotSupportedException)
                {
                    // This store does not exist on this platform: try the next.
                }
            }

            throw new SsprException("CertificateNotFound", SsprErrorKind.ObjectNotFound,
                Texts.Format("Graph_CertificateNotFound", clean), Texts.Get("Graph_CertificateNotFound_Action"), clean);
        }
    }

    /// <summary>A token given by the user (-AccessToken): returned as is, never refreshed.</summary>
    internal sealed class StaticTokenCredential : TokenCredential
    {
        private readonly AccessToken token;

        public StaticTokenCredential(string token)
        {
            var claims = JwtClaims.Read(token);
            this.token = new AccessToken(token, claims.ExpiresOn ?? DateTimeOffset.MaxValue);
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(token);
    }
}
