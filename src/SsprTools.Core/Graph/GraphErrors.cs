using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

using SsprTools.Core.Text;

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

            for (var x = e; x != null; x = x.InnerException)
            {
                if (x is GraphRequestTimeoutException timeout)
                {
                    return new SsprException("GraphTimeout", SsprErrorKind.OperationTimeout,
                        Texts.Format("Graph_RequestTimeout", endpoint, what, timeout.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        Texts.Get("Graph_RequestTimeout_Action"), endpoint.ToString(), timeout);
                }
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
                    Texts.Format("Graph_ConnectionError", endpoint, what, InnermostMessage(e)),
                    Texts.Format("Graph_ConnectionError_Action", endpoint), endpoint.ToString(), e);
            }

            if (e is TaskCanceledException)
            {
                return new SsprException("GraphTimeout", SsprErrorKind.OperationTimeout,
                    Texts.Format("Graph_Timeout", endpoint, what), Texts.Get("Graph_Timeout_Action"), endpoint.ToString(), e);
            }

            if (e is System.Text.Json.JsonException || e is FormatException)
            {
                return new SsprException("GraphInvalidResponse", SsprErrorKind.InvalidData,
                    Texts.Format("Graph_InvalidResponse", endpoint, what, e.Message), Texts.Get("Graph_InvalidResponse_Action"), endpoint.ToString(), e);
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
                        Texts.Format("Graph_Unauthorized", detail, what), Texts.Get("Graph_Unauthorized_Action"), what);
                case 403:
                    var permission = PermissionFor(path);
                    if (string.Equals(f.Code, NotPremiumCode, StringComparison.OrdinalIgnoreCase))
                    {
                        return new SsprException("GraphNotLicensed", SsprErrorKind.PermissionDenied,
                            Texts.Format("Graph_NotLicensed", what, detail), Texts.Get("Graph_NotLicensed_Action"), what);
                    }

                    return new SsprException("GraphPermissionDenied", SsprErrorKind.PermissionDenied,
                        Texts.Format("Graph_PermissionDenied", what, detail, permission), Texts.Format("Graph_PermissionDenied_Action", permission), what);
                case 404:
                    return new SsprException("GraphNotFound", SsprErrorKind.ObjectNotFound,
                        Texts.Format("Graph_NotFound", what, detail), Texts.Get("Graph_NotFound_Action"), what);
                case 429:
                    return Throttled(what, null);
                default:
                    if (f.Status >= 500)
                    {
                        return new SsprException("GraphServiceError", SsprErrorKind.ServiceError,
                            Texts.Format("Graph_ServiceError", what, f.Status, detail), Texts.Get("Graph_ServiceError_Action"), what);
                    }

                    return new SsprException("GraphRequestFailed", SsprErrorKind.InvalidData,
                        Texts.Format("Graph_RequestFailed", what, f.Status, detail), Texts.Get("Graph_RequestFailed_Action"), what);
            }
        }

        public static SsprException Throttled(string what, Exception? inner) =>
            new SsprException("GraphThrottled", SsprErrorKind.LimitsExceeded,
                Texts.Format("Graph_Throttled", what), Texts.Get("Graph_Throttled_Action"), what, inner);

        /// <summary>A sign-in failure from Azure.Identity; AADSTS90002-style errors mean the tenant does not exist.</summary>
        public static SsprException SignIn(Exception e, SsprAuthType? authType = null)
        {
            var message = InnermostMessage(e);
            if (message.IndexOf("AADSTS90002", StringComparison.Ordinal) >= 0 || message.IndexOf("AADSTS900023", StringComparison.Ordinal) >= 0)
            {
                return new SsprException("TenantNotFound", SsprErrorKind.ObjectNotFound,
                    Texts.Format("Graph_TenantNotFound", FirstLine(message)), Texts.Get("Graph_TenantNotFound_Action"), null, e);
            }

            if (e is CredentialUnavailableException)
            {
                return new SsprException("CredentialUnavailable", SsprErrorKind.AuthenticationFailed,
                    Texts.Format("Graph_CredentialUnavailable", FirstLine(message)), Texts.Get("Graph_CredentialUnavailable_Action"), null, e);
            }

            var action = authType == SsprAuthType.ManagedIdentity ? "Graph_SignInFailed_ManagedIdentity_Action"
                : authType == SsprAuthType.WorkloadIdentity ? "Graph_SignInFailed_WorkloadIdentity_Action"
                : authType == SsprAuthType.InteractiveBrowser || authType == SsprAuthType.DeviceCode ? "Graph_SignInFailed_User_Action"
                : "Graph_SignInFailed_Action";
            return new SsprException("SignInFailed", SsprErrorKind.AuthenticationFailed,
                Texts.Format("Graph_SignInFailed", FirstLine(message)), Texts.Get(action), null, e);
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
