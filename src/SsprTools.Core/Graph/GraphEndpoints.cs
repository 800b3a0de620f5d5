using System;
using System.Net;

using SsprTools.Core.Text;

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
                throw Invalid(endpoint, Texts.Get("Graph_InvalidEndpoint_NotAbsolute"));
            }

            if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw Invalid(endpoint, Texts.Get("Graph_InvalidEndpoint_Parts"));
            }

            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                return Normalize(uri);
            }

            if (uri.Scheme != Uri.UriSchemeHttp)
            {
                throw Invalid(endpoint, Texts.Get("Graph_InvalidEndpoint_Scheme"));
            }

            if (!IsLoopback(uri))
            {
                throw new SsprException("InsecureGraphEndpoint", SsprErrorKind.InvalidArgument,
                    Texts.Format("Graph_InsecureEndpoint", uri.Host), Texts.Format("Graph_InsecureEndpoint_Action", uri.Authority), endpoint);
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
                Texts.Format("Graph_InvalidEndpoint", endpoint, why), Texts.Get("Graph_InvalidEndpoint_Action"), endpoint);
    }
}
