using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using SsprTools.Core.Sources;

using SsprTools.Core.Text;

namespace SsprTools.Core.Graph
{
    /// <summary>Connect-SsprGraph's work: build the credential, get a token, verify it with one cheap call (GET /organization).</summary>
    public static class GraphConnector
    {
        public static async Task<SsprConnection> ConnectAsync(SignInRequest request, IScanObserver observer, CancellationToken cancellationToken)
        {
            try
            {
                return await ConnectCoreAsync(request, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is OperationCanceledException))
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        private static async Task<SsprConnection> ConnectCoreAsync(SignInRequest request, IScanObserver observer, CancellationToken cancellationToken)
        {
            GraphCallContext.Set(observer);
            var cloud = request.Cloud;
            var endpoint = GraphEndpoints.Validate((request.GraphEndpoint ?? cloud.GraphRoot).ToString());
            TokenCredential credential;
            try
            {
                credential = CredentialFactory.Create(request, GraphCallContext.Prompt);
            }
            catch (ArgumentException e)
            {
                // Azure.Identity validates tenant and client ids before any request: say so, as the user's mistake it is.
                // Its messages name the parameter, never a secret's value.
                throw new SsprException("InvalidSignInParameter", SsprErrorKind.InvalidArgument,
                    Texts.Format("Graph_InvalidSignInParameter", e.Message), Texts.Get("Graph_InvalidSignInParameter_Action"), e.ParamName);
            }

            var appOnly = request.AuthType != SsprAuthType.InteractiveBrowser && request.AuthType != SsprAuthType.DeviceCode;
            var requested = (request.Scopes != null && request.Scopes.Count > 0 ? request.Scopes : SsprConnection.DefaultScopes)
                .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            var tokenScopes = appOnly
                ? new[] { cloud.DefaultScope }
                : requested.Select(cloud.ScopeFor).Concat(new[] { cloud.ScopeFor("User.Read") }).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

            AccessToken token;
            try
            {
                observer.Verbose("Signing in (" + request.AuthType + ", " + cloud.Name + ", authority " + cloud.AuthorityHost + ")");
                token = await credential.GetTokenAsync(new TokenRequestContext(tokenScopes), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AuthenticationFailedException || e is CredentialUnavailableException)
            {
                throw GraphErrors.SignIn(e, request.AuthType);
            }

            var claims = JwtClaims.Read(token.Token);
            var scopes = claims.Scopes.Count > 0 ? claims.Scopes : (appOnly ? Array.Empty<string>() : requested);
            if (claims.ExpiresOn is DateTimeOffset exp && exp < DateTimeOffset.UtcNow && request.AuthType == SsprAuthType.AccessToken)
            {
                observer.Warning(Texts.Format("Graph_TokenExpired", exp.ToString("u")));
            }

            var account = claims.Account;
            var provisional = new SsprConnection(claims.TenantId ?? request.TenantId ?? "", account, request.AuthType, cloud, endpoint, scopes, credential, tokenScopes, request.RequestTimeout);
            var tenantId = provisional.TenantId;
            var client = GraphClients.Create(provisional);
            try
            {
                var page = await client.Organization.GetAsync(r => r.QueryParameters.Select = new[] { "id", "displayName" }, cancellationToken).ConfigureAwait(false);
                var org = page?.Value?.FirstOrDefault();
                if (org?.Id != null)
                {
                    tenantId = org.Id;
                    observer.Verbose("Connected to " + (org.DisplayName ?? org.Id) + " (" + org.Id + ")");
                }
            }
            catch (Exception e)
            {
                var failure = GraphFailure.From(e);
                if (failure != null && failure.Status == 403)
                {
                    // The endpoint and the token work; this permission is only missing for the organization read.
                    observer.Warning(Texts.Get("Graph_ConnectedNoOrganization"));
                }
                else
                {
                    throw GraphErrors.Map(e, Texts.Get("GraphWhat_Organization"), "organization", endpoint);
                }
            }
            finally
            {
                client.Dispose();
            }

            return new SsprConnection(tenantId, account, request.AuthType, cloud, endpoint, scopes, credential, tokenScopes, request.RequestTimeout);
        }
    }
}
