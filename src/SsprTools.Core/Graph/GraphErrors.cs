using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace SsprTools.Core.Graph
{
    /// <summary>What a failed Graph call said: status, Graph error code and message (never a token).</summary>
    internal sealed class GraphFailure
    {
        public GraphFailure(int status, string? code, string? message)
        {
            Status = status;
            Code = code;
            Message = message;
        }

        public int Status { get; }
        public string? Code { get; }
        public string? Message { get; }

        public static GraphFailure? From(Exception e)
        {
            switch (e)
            {
                case ODataError o:
                    return new GraphFailure(o.ResponseStatusCode, o.Error?.Code, o.Error?.Message ?? o.Message);
                case ApiException a:
                    return new GraphFailure(a.ResponseStatusCode, null, a.Message);
                default:
                    return null;
            }
        }

        public override string ToString() =>
            Status + (string.IsNullOrEmpty(Code) ? "" : " " + Code) + (string.IsNullOrEmpty(Message) ? "" : ": " + Message);
    }

    /// <summary>Turns Graph, HTTP and sign-in failures into SsprExceptions a user can act on.</summary>
    internal static class GraphErrors
    {
        /// <summary>The least-privileged permission a Graph path needs (the one to name in a 403).</summary>
        public static string PermissionFor(string path)
        {
            var p = path.TrimStart('/');
            if (p.StartsWith("v1.0/", StringComparison.OrdinalIgnoreCase))
            {
                p = p.Substring(5);
            }

            bool Starts(string prefix) => p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
            if (Starts("policies/")) return "Policy.Read.All";
            if (Starts("roleManagement/directory/roleEligibility")) return "RoleEligibilitySchedule.Read.Directory";
            if (Starts("roleManagement/")) return "RoleManagement.Read.Directory";
            if (Starts("groups")) return "GroupMember.Read.All";
            if (Starts("directory/administrativeUnits")) return "AdministrativeUnit.Read.All";
            if (Starts("users/") && p.IndexOf("/authentication", StringComparison.OrdinalIgnoreCase) > 0) return "UserAuthenticationMethod.Read.All";
            if (Starts("users")) return "User.Read.All";
            if (Starts("reports/")) return "AuditLog.Read.All";
            if (Starts("auditLogs/")) return "AuditLog.Read.All";
            if (Starts("organization")) return "Organization.Read.All";
            return "Directory.Read.All";
        }

        public static bool IsPermissionError(GraphFailure f) =>
            f.Status == 403 && !string.Equals(f.Code, NotPremiumCode, StringComparison.OrdinalIgnoreCase);

        public const string NotPremiumCode = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";
        public const string PimLicenseCode = "AadPremiumLicenseRequired";

        /// <summary>Maps any failure of a Graph read of <paramref name="path"/> (what = what was being read).</summary>
        public static Exception Map(Exception e, string what, string path, Uri endpoint)
        {
            if (e is SsprException || e is OperationCanceledException && !(e is TaskCanceledException))
            {
                return e;
            }

            var failure = GraphFailure.From(e);
            if (failure != null)
            {
                return FromFailure(failure, what, path);
            }

            if (e is AggregateException agg)
            {
                if ((agg.Message ?? "").IndexOf("retr", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return Throttled(what, e);
                }

                var inner = agg.Flatten().InnerExceptions.FirstOrDefault();
                if (inner != null)
                {
                    return Map(inner, what, path, endpoint);
                }
            }

            if (e is InvalidOperationException && (e.Message ?? "").IndexOf("retries", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return Throttled(what, e);
            }

            if (e is AuthenticationFailedException || e is CredentialUnavailableException)
            {
                return SignIn(e);
            }

            if (e is HttpRequestException)
            {
                return new SsprException("GraphConnectionError", SsprErrorKind.ConnectionError,
                    "Could not reach Microsoft Graph at " + endpoint + " while reading " + what + ": " + InnermostMessage(e),
                    "Check the network, proxy and -GraphEndpoint (" + endpoint + "), then run the command again.", endpoint.ToString(), e);
            }

            if (e is TaskCanceledException)
            {
                return new SsprException("GraphTimeout", SsprErrorKind.OperationTimeout,
                    "Microsoft Graph at " + endpoint + " did not answer in time while reading " + what + ".",
                    "Run the command again; if it persists, check the network or the Graph endpoint.", endpoint.ToString(), e);
            }

            if (e is System.Text.Json.JsonException || e is FormatException)
            {
                return new SsprException("GraphInvalidResponse", SsprErrorKind.InvalidData,
                    "Microsoft Graph at " + endpoint + " sent an answer that could not be read while reading " + what + ": " + e.Message,
                    "Run the command again; if it persists, report it with the output of -Verbose.", endpoint.ToString(), e);
            }

            return e;
        }

        public static SsprException FromFailure(GraphFailure f, string what, string path)
        {
            var detail = string.IsNullOrEmpty(f.Code) ? f.Message : f.Code + ": " + f.Message;
            switch (f.Status)
            {
                case 401:
                    return new SsprException("GraphUnauthorized", SsprErrorKind.AuthenticationFailed,
                        "Microsoft Graph rejected the access token (401 " + detail + ") while reading " + what + ". The token may have expired or be meant for another service.",
                        "Run Connect-SsprGraph again to get a new token.", what);
                case 403:
                    var permission = PermissionFor(path);
                    if (string.Equals(f.Code, NotPremiumCode, StringComparison.OrdinalIgnoreCase))
                    {
                        return new SsprException("GraphNotLicensed", SsprErrorKind.PermissionDenied,
                            "Microsoft Graph refused to return " + what + " because the tenant lacks the needed licence (403 " + detail + ").",
                            "This part needs Microsoft Entra ID P1 or P2.", what);
                    }

                    return new SsprException("GraphPermissionDenied", SsprErrorKind.PermissionDenied,
                        "Microsoft Graph denied reading " + what + " (403 " + detail + "). The connection lacks the permission " + permission + ".",
                        "Run Connect-SsprGraph -Scopes " + permission + " (with the other scopes you need), or grant the application the " + permission +
                        " permission with admin consent, then run the command again.", what);
                case 404:
                    return new SsprException("GraphNotFound", SsprErrorKind.ObjectNotFound,
                        "Microsoft Graph did not find " + what + " (404 " + detail + ").", "Check the name or id and the connected tenant (Get-SsprConnection).", what);
                case 429:
                    return Throttled(what, null);
                default:
                    if (f.Status >= 500)
                    {
                        return new SsprException("GraphServiceError", SsprErrorKind.ServiceError,
                            "Microsoft Graph failed while reading " + what + " (" + f.Status + " " + detail + ").",
                            "Run the command again later; if it persists, check the Microsoft 365 service health.", what);
                    }

                    return new SsprException("GraphRequestFailed", SsprErrorKind.InvalidData,
                        "Microsoft Graph refused the request for " + what + " (" + f.Status + " " + detail + ").",
                        "Run the command again with -Verbose; if it persists, report it with that output.", what);
            }
        }

        public static SsprException Throttled(string what, Exception? inner) =>
            new SsprException("GraphThrottled", SsprErrorKind.LimitsExceeded,
                "Microsoft Graph kept throttling the requests for " + what + " (429 Too Many Requests) after every retry.",
                "Wait a few minutes and run the command again; avoid running several scans of the same tenant at once.", what, inner);

        /// <summary>A sign-in failure from Azure.Identity; AADSTS90002-style errors mean the tenant does not exist.</summary>
        public static SsprException SignIn(Exception e)
        {
            var message = InnermostMessage(e);
            if (message.IndexOf("AADSTS90002", StringComparison.Ordinal) >= 0 || message.IndexOf("AADSTS900023", StringComparison.Ordinal) >= 0)
            {
                return new SsprException("TenantNotFound", SsprErrorKind.ObjectNotFound,
                    "Sign-in failed: the tenant does not exist or the tenant id is not valid. " + FirstLine(message),
                    "Check -TenantId: use the tenant's id (a GUID) or one of its verified domains, e.g. contoso.onmicrosoft.com, and the right -Environment.", null, e);
            }

            if (e is CredentialUnavailableException)
            {
                return new SsprException("CredentialUnavailable", SsprErrorKind.AuthenticationFailed,
                    "Sign-in is not possible here: " + FirstLine(message),
                    "Use another sign-in: -Identity works only inside Azure (Automation, Functions, VMs); interactive sign-in needs a browser (use -UseDeviceCode otherwise).", null, e);
            }

            return new SsprException("SignInFailed", SsprErrorKind.AuthenticationFailed,
                "Sign-in to Microsoft Entra ID failed: " + FirstLine(message),
                "Check -TenantId, -ClientId and the secret or certificate, then run Connect-SsprGraph again.", null, e);
        }

        private static string FirstLine(string text)
        {
            var lines = text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? text : lines.FirstOrDefault(l => l.IndexOf("AADSTS", StringComparison.Ordinal) >= 0) ?? lines[0];
        }

        private static string InnermostMessage(Exception e)
        {
            var parts = new System.Collections.Generic.List<string>();
            for (var x = e; x != null; x = x.InnerException)
            {
                if (!string.IsNullOrEmpty(x.Message) && !parts.Contains(x.Message))
                {
                    parts.Add(x.Message);
                }
            }

            return string.Join(" ", parts);
        }
    }
}
