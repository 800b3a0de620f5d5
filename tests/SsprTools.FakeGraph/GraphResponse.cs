using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace SsprTools.FakeGraph
{
    /// <summary>An answer before it is written to HTTP (or embedded in a $batch response).</summary>
    internal sealed class GraphResponse
    {
        public GraphResponse(int status, JsonNode? body = null)
        {
            Status = status;
            Body = body;
        }

        public int Status { get; }
        public JsonNode? Body { get; }
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public GraphResponse WithHeader(string name, string value)
        {
            Headers[name] = value;
            return this;
        }
    }

    /// <summary>Thrown by handlers; turned into Graph's error body.</summary>
    internal sealed class GraphException : Exception
    {
        public GraphException(int status, string code, string message)
            : base(message)
        {
            Status = status;
            Code = code;
        }

        public int Status { get; }
        public string Code { get; }
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public static GraphException BadRequest(string message) => new GraphException(400, "BadRequest", message);

        public static GraphException SegmentNotFound(string segment) =>
            new GraphException(400, "BadRequest", $"Resource not found for the segment '{segment}'.");

        public static GraphException ResourceNotFound(string key) =>
            new GraphException(404, "Request_ResourceNotFound",
                $"Resource '{key}' does not exist or one of its queried reference-property objects are not present.");

        public static GraphException MethodNotAllowed() =>
            new GraphException(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");

        public static GraphException UnsupportedQuery(string message) =>
            new GraphException(400, "Request_UnsupportedQuery", message);
    }

    internal static class GraphErrors
    {
        public static JsonObject Body(string code, string message, string requestId, string clientRequestId, DateTimeOffset now)
        {
            return new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = message,
                    ["innerError"] = new JsonObject
                    {
                        ["date"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                        ["request-id"] = requestId,
                        ["client-request-id"] = clientRequestId,
                    },
                },
            };
        }
    }
}
