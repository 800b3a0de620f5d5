using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using SsprTools.Core.Graph;
using Xunit;

namespace SsprTools.Core.Tests
{
    /// <summary>
    /// Workload identity federation (Connect-SsprGraph -FederatedTokenFile / -WorkloadIdentity): the credential Azure.Identity
    /// builds sends the right tenant, client and federated token. No network: the token request goes to an in-process
    /// handler that records it and answers like Microsoft Entra ID.
    /// </summary>
    public sealed class WorkloadIdentityTests : IDisposable
    {
        private const string Tenant = "4c1a7e52-8f3d-4b6a-9e21-7d0c5b3f9a18";
        private const string Client = "0a1b2c3d-1111-2222-3333-444455556666";
        private const string FederatedToken = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIn0.c2lnbmF0dXJl";
        private readonly string folder = Directory.CreateTempSubdirectory("sspr-wif").FullName;
        private readonly string tokenFile;

        public WorkloadIdentityTests()
        {
            tokenFile = Path.Combine(folder, "federated-token");
            File.WriteAllText(tokenFile, FederatedToken);
        }

        public void Dispose() => Directory.Delete(folder, true);

        /// <summary>Records every request; answers the token endpoint with a Graph token and instance discovery with metadata.</summary>
        private sealed class EntraStub : HttpMessageHandler
        {
            public List<(Uri Uri, string Body)> Requests { get; } = new List<(Uri, string)>();

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var body = request.Content == null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
                Requests.Add((request.RequestUri!, body));
                string json;
                if (request.RequestUri!.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
                {
                    json = "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"ext_expires_in\":3600,\"access_token\":\"graph-token\"}";
                }
                else if (request.RequestUri.AbsolutePath.Contains("/discovery/instance"))
                {
                    var host = request.RequestUri.Host;
                    json = "{\"tenant_discovery_endpoint\":\"https://" + host + "/" + Tenant + "/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\","
                        + "\"metadata\":[{\"preferred_network\":\"" + host + "\",\"preferred_cache\":\"" + host + "\",\"aliases\":[\"" + host + "\"]}]}";
                }
                else
                {
                    return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{}") };
                }

                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            }
        }

        private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
            name => values.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

        private static (EntraStub Stub, AccessToken Token) SignIn(SignInRequest request, Func<string, string?> env)
        {
            var stub = new EntraStub();
            var credential = CredentialFactory.WorkloadIdentity(request, env, new HttpClientTransport(new HttpClient(stub)));
            var token = credential.GetToken(new TokenRequestContext(new[] { "https://graph.microsoft.com/.default" }), CancellationToken.None);
            return (stub, token);
        }

        private static Dictionary<string, string> Form(string body) =>
            body.Split('&').Select(p => p.Split(new[] { '=' }, 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));

        private static (Uri Uri, Dictionary<string, string> Form) TokenRequest(EntraStub stub)
        {
            var r = Assert.Single(stub.Requests, x => x.Uri.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
            return (r.Uri, Form(r.Body));
        }

        [Fact]
        public void Parameters_TheTokenRequestCarriesTenantClientAndTheFilesToken()
        {
            var (stub, token) = SignIn(new SignInRequest
            {
                AuthType = SsprAuthType.WorkloadIdentity, TenantId = Tenant, ClientId = Client, FederatedTokenFile = tokenFile,
            }, Env());

            Assert.Equal("graph-token", token.Token);
            var (uri, form) = TokenRequest(stub);
            Assert.Equal("https://login.microsoftonline.com/" + Tenant + "/oauth2/v2.0/token", uri.GetLeftPart(UriPartial.Path));
            Assert.Equal(Client, form["client_id"]);
            Assert.Equal(FederatedToken, form["client_assertion"]);
            Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
            Assert.Equal("client_credentials", form["grant_type"]);
            Assert.Contains("https://graph.microsoft.com/.default", form["scope"]);
            Assert.All(stub.Requests, r => Assert.Equal("https", r.Uri.Scheme));
        }

        [Fact]
        public void EnvironmentVariables_AsAzureIdentityReadsThem()
        {
            var (stub, _) = SignIn(new SignInRequest { AuthType = SsprAuthType.WorkloadIdentity },
                Env(("AZURE_TENANT_ID", Tenant), ("AZURE_CLIENT_ID", Client), ("AZURE_FEDERATED_TOKEN_FILE", tokenFile)));

            var (uri, form) = TokenRequest(stub);
            Assert.Contains("/" + Tenant + "/", uri.AbsolutePath);
            Assert.Equal(Client, form["client_id"]);
            Assert.Equal(FederatedToken, form["client_assertion"]);
        }

        [Fact]
        public void Parameters_WinOverTheEnvironment()
        {
            var other = Path.Combine(folder, "other-token");
            File.WriteAllText(other, "other.token.value");
            var (stub, _) = SignIn(new SignInRequest
            {
                AuthType = SsprAuthType.WorkloadIdentity, TenantId = Tenant, ClientId = Client, FederatedTokenFile = tokenFile,
            }, Env(("AZURE_TENANT_ID", "99999999-0000-0000-0000-000000000009"), ("AZURE_CLIENT_ID", "nope"), ("AZURE_FEDERATED_TOKEN_FILE", other)));

            var (uri, form) = TokenRequest(stub);
            Assert.Contains("/" + Tenant + "/", uri.AbsolutePath);
            Assert.Equal(Client, form["client_id"]);
            Assert.Equal(FederatedToken, form["client_assertion"]);
        }

        [Fact]
        public void AuthorityHost_FromTheEnvironmentForGlobal_TheCloudsOwnOtherwise()
        {
            var env = Env(("AZURE_AUTHORITY_HOST", "https://login.partner.example"));
            var request = new SignInRequest { AuthType = SsprAuthType.WorkloadIdentity, TenantId = Tenant, ClientId = Client, FederatedTokenFile = tokenFile };
            var (global, _) = SignIn(request, env);
            Assert.Equal("login.partner.example", TokenRequest(global).Uri.Host);

            var (usGov, _) = SignIn(new SignInRequest
            {
                AuthType = SsprAuthType.WorkloadIdentity, TenantId = Tenant, ClientId = Client, FederatedTokenFile = tokenFile, Cloud = GraphCloud.Parse("USGov"),
            }, env);
            Assert.Equal("login.microsoftonline.us", TokenRequest(usGov).Uri.Host);

            var e = Assert.Throws<SsprException>(() => CredentialFactory.WorkloadIdentity(request, Env(("AZURE_AUTHORITY_HOST", "http://login.example")), null));
            Assert.Equal("AuthorityHostInvalid", e.ErrorId);
        }

        [Fact]
        public void Missing_TenantClientOrFile_IsOneClearError_NamingWhatIsMissing()
        {
            var e = Assert.Throws<SsprException>(() => CredentialFactory.WorkloadIdentity(
                new SignInRequest { AuthType = SsprAuthType.WorkloadIdentity, ClientId = Client }, Env(), null));

            Assert.Equal("WorkloadIdentityIncomplete", e.ErrorId);
            Assert.Equal(SsprErrorKind.InvalidArgument, e.Kind);
            Assert.Contains("-TenantId (AZURE_TENANT_ID)", e.Message);
            Assert.Contains("-FederatedTokenFile (AZURE_FEDERATED_TOKEN_FILE)", e.Message);
            Assert.DoesNotContain("-ClientId", e.Message);
            Assert.NotNull(e.RecommendedAction);
        }

        [Fact]
        public void MissingTokenFile_ObjectNotFound_AndTheTokenIsNeverInAMessage()
        {
            var missing = Path.Combine(folder, "no-token-here");
            var e = Assert.Throws<SsprException>(() => CredentialFactory.WorkloadIdentity(
                new SignInRequest { AuthType = SsprAuthType.WorkloadIdentity, TenantId = Tenant, ClientId = Client, FederatedTokenFile = missing }, Env(), null));

            Assert.Equal("FederatedTokenFileNotFound", e.ErrorId);
            Assert.Equal(SsprErrorKind.ObjectNotFound, e.Kind);
            Assert.Contains(missing, e.Message);
        }

        [Fact]
        public void CreateDispatchesToTheWorkloadIdentityCredential()
        {
            var credential = CredentialFactory.Create(new SignInRequest
            {
                AuthType = SsprAuthType.WorkloadIdentity, TenantId = Tenant, ClientId = Client, FederatedTokenFile = tokenFile,
            }, _ => { });

            Assert.IsType<Azure.Identity.WorkloadIdentityCredential>(credential);
        }
    }
}
