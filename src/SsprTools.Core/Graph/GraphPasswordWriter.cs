using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using SsprTools.Core.Reset;
using SsprTools.Core.Sources;
using SsprTools.Core.Text;

namespace SsprTools.Core.Graph
{
    /// <summary>One password to set: whose, the secret, and what to say when Graph refuses.</summary>
    public sealed class PasswordWrite
    {
        public string UserId { get; init; } = "";
        public string UserPrincipalName { get; init; } = "";
        public SecureString Password { get; init; } = new SecureString();
        public bool ForceChangePasswordNextSignIn { get; init; } = true;
        /// <summary>Entra roles that may reset this account (named in a 403).</summary>
        public IReadOnlyList<string> RolesThatMayReset { get; init; } = Array.Empty<string>();
    }

    /// <summary>
    /// The admin-assisted reset's only write: PATCH /users/{id} {"passwordProfile":{…}} (learn.microsoft.com/graph/api/user-update; works delegated and
    /// app-only), sent through the connection's Graph client, so it gets the same retries (429/503 with Retry-After),
    /// the same one-line -Verbose per call (method, path, status: never the body) and the same error mapping as the reads.
    /// The password is never a managed string: the JSON body is encoded from the SecureString's characters straight into a
    /// byte buffer this class owns and zeroes after the request.
    /// </summary>
    public sealed class GraphPasswordWriter
    {
        /// <summary>The least-privileged permission for PATCH passwordProfile (User.ReadWrite.All alone is not enough).</summary>
        public const string Permission = "User-PasswordProfile.ReadWrite.All";

        private readonly SsprConnection connection;

        public GraphPasswordWriter(SsprConnection connection)
        {
            this.connection = connection;
        }

        /// <summary>
        /// Who is asking, from the claims of the connection's token: the signed-in user's object id ("oid") and tenant-wide
        /// role template ids ("wids"). App-only and opaque tokens give <see cref="CallerInfo.Unknown"/>.
        /// </summary>
        public async Task<CallerInfo> GetCallerAsync(CancellationToken cancellationToken)
        {
            AccessToken token;
            try
            {
                token = await connection.Credential.GetTokenAsync(new TokenRequestContext(connection.TokenScopes.ToArray()), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AuthenticationFailedException || e is CredentialUnavailableException)
            {
                throw GraphErrors.SignIn(e, connection.AuthType);
            }

            var claims = JwtClaims.Read(token.Token);
            if (!claims.IsJwt)
            {
                return CallerInfo.Unknown;
            }

            if (claims.IsAppOnly)
            {
                // An application: no signed-in user, and its wids miss roles scoped to administrative units, so they cannot
                // prove a refusal. Graph decides; a 403 names the roles its service principal needs.
                return CallerInfo.Unknown;
            }

            return new CallerInfo
            {
                UserId = claims.ObjectId,
                UserPrincipalName = claims.Account,
                RoleIds = claims.RoleTemplateIds,
            };
        }

        /// <summary>The permission of the delegated resetPassword action.</summary>
        public const string MethodsPermission = "UserAuthenticationMethod.ReadWrite.All";

        /// <summary>The password authentication method's id: the same for every user (learn.microsoft.com/graph/api/authenticationmethod-resetpassword).</summary>
        public const string PasswordMethodId = "28c10230-6103-485e-b985-444c60001490";

        /// <summary>How long to wait for a resetPassword operation before reporting it as still running.</summary>
        internal static TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Whether the delegated resetPassword action fits better than PATCH passwordProfile: a synchronized account (the action
        /// takes the password through writeback to on-premises AD), a signed-in user (the action is not available app-only), the
        /// connection holds UserAuthenticationMethod.ReadWrite.All, and the user is to change the password at the next sign-in
        /// (the action always asks for that).
        /// </summary>
        public bool PrefersResetPasswordAction(CallerInfo caller, bool targetSynced, bool forceChange) =>
            targetSynced && forceChange && caller.UserId != null && connection.HasScope(MethodsPermission);

        /// <summary>
        /// POST /users/{id}/authentication/methods/{password method}/resetPassword {"newPassword":…} → 202 + Location; polls the
        /// operation until it succeeds or fails. Delegated only, never the caller's own account (the planner refuses that first).
        /// </summary>
        public async Task<DateTimeOffset> ResetPasswordActionAsync(PasswordWrite write, IScanObserver observer, CancellationToken cancellationToken)
        {
            GraphCallContext.Set(observer);
            var client = connection.Client;
            var body = PasswordProfileBody.EncodeNewPassword(write.Password);
            string? location;
            TimeSpan wait;
            try
            {
                var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
                var info = client.Users[write.UserId].Authentication.Methods[PasswordMethodId].ResetPassword
                    .ToPostRequestInformation(new Microsoft.Graph.Users.Item.Authentication.Methods.Item.ResetPassword.ResetPasswordPostRequestBody());
                info.SetStreamContent(new MemoryStream(body.Buffer, 0, body.Length, false, false), "application/json");
                info.AddRequestOptions(new[] { headers });
                var errors = new Dictionary<string, ParsableFactory<IParsable>> { ["XXX"] = ODataError.CreateFromDiscriminatorValue };
                await client.RequestAdapter.SendNoContentAsync(info, errors, cancellationToken).ConfigureAwait(false);
                location = Header(headers, "Location");
                var after = Transport.RetryAfter.Parse(Header(headers, "Retry-After"), DateTimeOffset.UtcNow);
                wait = after is TimeSpan a ? (a > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : a) : TimeSpan.FromSeconds(1);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is SsprException))
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception e)
            {
                throw Redacted(MapFailure(e, write, connection.GraphEndpoint, MethodsPermission), write.Password);
            }
            finally
            {
                body.Clear();
            }

            if (string.IsNullOrEmpty(location))
            {
                // Accepted without an operation to follow: nothing more to wait for.
                return DateTimeOffset.UtcNow;
            }

            var what = Texts.Format("GraphWhat_PasswordReset", write.UserPrincipalName);
            var deadline = DateTimeOffset.UtcNow + OperationTimeout;
            while (true)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                LongRunningOperation? operation;
                try
                {
                    operation = await client.Users[write.UserId].Authentication.Operations["operation"].WithUrl(location!).GetAsync(null, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is SsprException))
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, what, "users/" + write.UserId + "/authentication/operations", connection.GraphEndpoint);
                }

                observer.Verbose("resetPassword operation for " + write.UserPrincipalName + ": " + (operation?.Status?.ToString() ?? "unknown"));
                switch (operation?.Status)
                {
                    case LongRunningOperationStatus.Succeeded:
                        return operation.LastActionDateTime ?? DateTimeOffset.UtcNow;
                    case LongRunningOperationStatus.Failed:
                        throw new SsprException("PasswordResetFailed", SsprErrorKind.ServiceError,
                            Texts.Format("Reset_OperationFailed", write.UserPrincipalName, operation.StatusDetail ?? "-"),
                            Texts.Get("Reset_OperationFailed_Action"), write.UserPrincipalName);
                }

                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new SsprException("PasswordResetPending", SsprErrorKind.OperationTimeout,
                        Texts.Format("Reset_OperationPending", write.UserPrincipalName, (int)OperationTimeout.TotalSeconds),
                        Texts.Get("Reset_OperationPending_Action"), write.UserPrincipalName);
                }

                wait = TimeSpan.FromSeconds(1);
            }
        }

        private static string? Header(HeadersInspectionHandlerOption option, string name)
        {
            foreach (var pair in option.ResponseHeaders)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value.FirstOrDefault();
                }
            }

            return null;
        }

        /// <summary>Sets the password; returns when Graph answered 204. Failures become SsprExceptions that never hold the password.</summary>
        public async Task<DateTimeOffset> SetPasswordProfileAsync(PasswordWrite write, IScanObserver observer, CancellationToken cancellationToken)
        {
            GraphCallContext.Set(observer);
            var client = connection.Client;
            var body = PasswordProfileBody.Encode(write.Password, write.ForceChangePasswordNextSignIn);
            try
            {
                // The SDK's request builder gives the URL and headers; the content is replaced by the owned buffer.
                var info = client.Users[write.UserId].ToPatchRequestInformation(new User());
                info.SetStreamContent(new MemoryStream(body.Buffer, 0, body.Length, false, false), "application/json");
                var errors = new Dictionary<string, ParsableFactory<IParsable>> { ["XXX"] = ODataError.CreateFromDiscriminatorValue };
                await client.RequestAdapter.SendNoContentAsync(info, errors, cancellationToken).ConfigureAwait(false);
                return DateTimeOffset.UtcNow;
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is SsprException))
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception e)
            {
                throw Redacted(MapFailure(e, write, connection.GraphEndpoint), write.Password);
            }
            finally
            {
                body.Clear();
            }
        }

        /// <summary>A failed PATCH as an error the user can act on (internal for tests).</summary>
        internal static Exception MapFailure(Exception e, PasswordWrite write, Uri endpoint, string permission = Permission)
        {
            var what = Texts.Format("GraphWhat_PasswordReset", write.UserPrincipalName);
            var failure = GraphFailure.From(e);
            if (failure == null && e is AggregateException agg && agg.Flatten().InnerExceptions.Count == 1)
            {
                failure = GraphFailure.From(agg.Flatten().InnerExceptions[0]);
            }

            if (failure != null)
            {
                var detail = string.IsNullOrEmpty(failure.Code) ? failure.Message : failure.Code + ": " + failure.Message;
                var roles = write.RolesThatMayReset.Count > 0 ? string.Join(Texts.Get("Reset_RoleListOr"), write.RolesThatMayReset) : Texts.Get("Reset_AnyResetRole");
                switch (failure.Status)
                {
                    case 403 when !string.Equals(failure.Code, GraphErrors.NotPremiumCode, StringComparison.OrdinalIgnoreCase):
                        return new SsprException("ResetPermissionDenied", SsprErrorKind.PermissionDenied,
                            Texts.Format("Reset_PermissionDenied", write.UserPrincipalName, detail, permission, roles),
                            Texts.Format("Reset_PermissionDenied_Action", permission, roles), write.UserPrincipalName);
                    case 400 when LooksLikePasswordRejection(failure):
                        return new SsprException("PasswordRejected", SsprErrorKind.InvalidArgument,
                            Texts.Format("Reset_PasswordRejected", write.UserPrincipalName, detail),
                            Texts.Get("Reset_PasswordRejected_Action"), write.UserPrincipalName);
                    case 404:
                        return new SsprException("UserNotFound", SsprErrorKind.ObjectNotFound,
                            Texts.Format("Reset_UserGone", write.UserPrincipalName, detail),
                            Texts.Get("UnknownUser_Action"), write.UserPrincipalName);
                    case 429:
                        return GraphErrors.Throttled(what, null);
                    default:
                        return GraphErrors.FromFailure(failure, what, "users/" + write.UserId);
                }
            }

            var mapped = GraphErrors.Map(e, what, "users/" + write.UserId, endpoint);
            if (mapped is SsprException ssprMapped)
            {
                return ssprMapped;
            }

            return new SsprException("PasswordResetFailed", SsprErrorKind.ServiceError,
                Texts.Format("Graph_RequestFailed", what, e.GetType().Name, e.Message), Texts.Get("Graph_RequestFailed_Action"), write.UserPrincipalName);
        }

        /// <summary>
        /// Entra's refusals of the password itself: "…does not comply with password complexity requirements…", the banned list
        /// (fuzzy policy), on-premises policy. Other 400s (a federated account, a malformed request) are reported as they are.
        /// </summary>
        private static bool LooksLikePasswordRejection(GraphFailure f)
        {
            var text = (f.Code ?? "") + " " + (f.Message ?? "");
            return new[] { "complexity", "does not comply", "doesnotcomply", "banned", "fuzzy", "too weak", "PasswordPolicy", "password policy" }
                .Any(k => text.IndexOf(k, StringComparison.OrdinalIgnoreCase) >= 0);
        }

        /// <summary>
        /// Defence in depth: if a service ever echoed the password, it must not reach an ErrorRecord. The returned exception
        /// carries no inner exception (Graph's own objects are summarised in the message instead).
        /// </summary>
        internal static Exception Redacted(Exception mapped, SecureString password)
        {
            if (!(mapped is SsprException e))
            {
                return mapped;
            }

            return SecureStrings.WithChars(password, secret =>
                new SsprException(e.ErrorId, e.Kind, Scrub(e.Message, secret)!, Scrub(e.RecommendedAction, secret), e.Target));
        }

        internal static string? Scrub(string? text, char[] secret)
        {
            if (text == null || secret.Length == 0)
            {
                return text;
            }

            var result = text;
            int at;
            while ((at = result.AsSpan().IndexOf(secret.AsSpan(), StringComparison.Ordinal)) >= 0)
            {
                result = result.Substring(0, at) + "********" + result.Substring(at + secret.Length);
            }

            return result;
        }
    }

    /// <summary>The JSON body of PATCH passwordProfile, encoded from the secret's characters into an owned, zeroable buffer.</summary>
    internal sealed class PasswordProfileBody
    {
        private PasswordProfileBody(byte[] buffer, int length)
        {
            Buffer = buffer;
            Length = length;
        }

        public byte[] Buffer { get; }
        public int Length { get; }

        public void Clear() => Array.Clear(Buffer, 0, Buffer.Length);

        /// <summary>{"passwordProfile":{"forceChangePasswordNextSignIn":…,"password":"…"}} for PATCH /users/{id}.</summary>
        public static PasswordProfileBody Encode(SecureString password, bool forceChange) =>
            EncodeWith(password, "{\"passwordProfile\":{\"forceChangePasswordNextSignIn\":" + (forceChange ? "true" : "false") + ",\"password\":\"", "\"}}");

        /// <summary>{"newPassword":"…"} for the resetPassword action.</summary>
        public static PasswordProfileBody EncodeNewPassword(SecureString password) => EncodeWith(password, "{\"newPassword\":\"", "\"}");

        private static PasswordProfileBody EncodeWith(SecureString password, string before, string after) =>
            SecureStrings.WithChars(password, chars =>
            {
                var prefix = System.Text.Encoding.ASCII.GetBytes(before);
                var suffix = System.Text.Encoding.ASCII.GetBytes(after);
                var buffer = new byte[prefix.Length + chars.Length * 6 + suffix.Length];
                var n = 0;
                foreach (var b in prefix)
                {
                    buffer[n++] = b;
                }

                foreach (var c in chars)
                {
                    if (c == '"' || c == '\\')
                    {
                        buffer[n++] = (byte)'\\';
                        buffer[n++] = (byte)c;
                    }
                    else if (c < 0x20 || c > 0x7E)
                    {
                        // JSON \uXXXX of the UTF-16 unit (surrogate pairs stay pairs). PasswordPolicy refuses these anyway.
                        const string hex = "0123456789abcdef";
                        buffer[n++] = (byte)'\\';
                        buffer[n++] = (byte)'u';
                        buffer[n++] = (byte)hex[(c >> 12) & 0xF];
                        buffer[n++] = (byte)hex[(c >> 8) & 0xF];
                        buffer[n++] = (byte)hex[(c >> 4) & 0xF];
                        buffer[n++] = (byte)hex[c & 0xF];
                    }
                    else
                    {
                        buffer[n++] = (byte)c;
                    }
                }

                foreach (var b in suffix)
                {
                    buffer[n++] = b;
                }

                return new PasswordProfileBody(buffer, n);
            });
    }
}
