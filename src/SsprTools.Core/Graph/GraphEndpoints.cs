using System;
using System.Net;

namespace SsprTools.Core.Graph
{
    /// <summary>Checks a -GraphEndpoint before any token is sent to it.</summary>
    public static class GraphEndpoints
    {
        /// <summary>
        /// The Graph root to use: https anywhere; plain http only for a loopback address (127.0.0.0/8, ::1, localhost),
        /// so a token never travels unencrypted off the machine. Returns the root without a trailing slash.
        /// </summary>
        public static Uri Validate(string endpoint)
        {
            if (string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri))
            {
                throw Invalid(endpoint, "It is not an absolute URI such as https://graph.microsoft.com.");
            }

            if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw Invalid(endpoint, "A Graph root has no user name, query or fragment.");
            }

            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                return Normalize(uri);
            }

            if (uri.Scheme != Uri.UriSchemeHttp)
            {
                throw Invalid(endpoint, "Only https (or http to this machine) is supported.");
            }

            if (!IsLoopback(uri))
            {
                throw new SsprException("InsecureGraphEndpoint", SsprErrorKind.InvalidArgument,
                    "Refusing to send an access token over plain http to " + uri.Host + ": http is allowed only for this machine (127.0.0.1, ::1, localhost).",
                    "Use https, e.g. -GraphEndpoint https://" + uri.Authority + ", or leave -GraphEndpoint out to use the environment's Graph.", endpoint);
            }

            return Normalize(uri);
        }

        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback && string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var host = uri.Host.Trim('[', ']');
            return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
        }

        /// <summary>The root with any trailing "/" and a trailing "/v1.0" removed.</summary>
        private static Uri Normalize(Uri uri)
        {
            var text = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
            if (text.EndsWith("/v1.0", StringComparison.OrdinalIgnoreCase))
            {
                text = text.Substring(0, text.Length - "/v1.0".Length);
            }

            return new Uri(text);
        }

        private static SsprException Invalid(string endpoint, string why) =>
            new SsprException("InvalidGraphEndpoint", SsprErrorKind.InvalidArgument,
                "'" + endpoint + "' is not a usable Graph endpoint. " + why,
                "Pass the Graph root, e.g. -GraphEndpoint https://graph.microsoft.com, or http://127.0.0.1:<port> for a local test server.", endpoint);
    }
}
