using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SsprTools.FakeGraph
{
    /// <summary>One request as the engine sees it (top-level or inside a $batch).</summary>
    internal sealed record EngineRequest(
        string Method,
        string Target,
        string? Authorization,
        string? Body,
        string ClientRequestId,
        FakeGraphOptions Options);

    internal sealed record EngineResult(GraphResponse Response, bool IsBatch, int InnerRequestCount);

    /// <summary>Routing and handlers of the fake Graph v1.0 API. All handlers run under one lock (the data is in memory).</summary>
    internal sealed partial class GraphEngine
    {
        public const string JsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
        private const string BatchInnerJsonContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
        private const int MaxBatchRequests = 20;
        private const int MaxOrClauses = 15;

        private readonly object _sync;
        private readonly TenantStore _store;
        private readonly FakeTenantState _state;
        private readonly FaultInjector _faults = new FaultInjector();
        private readonly List<RequestLogEntry> _innerLog;
        private long _batchCount;

        public GraphEngine(object sync, TenantStore store, FakeTenantState state, List<RequestLogEntry> innerLog)
        {
            _sync = sync;
            _store = store;
            _state = state;
            _innerLog = innerLog;
        }

        /// <summary>Graph root served, e.g. "http://127.0.0.1:54321" (no trailing slash). Set once the port is bound.</summary>
        public string Root { get; set; } = "http://127.0.0.1";

        private string V1 => Root + "/v1.0";

        private string Metadata(string context) => V1 + "/$metadata#" + context;

        public EngineResult Handle(EngineRequest request)
        {
            lock (_sync)
            {
                try
                {
                    return HandleCore(request);
                }
                catch (GraphException ex)
                {
                    return new EngineResult(ErrorResponse(ex, request.ClientRequestId), false, 0);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A bug in the fake must still produce a logged, Graph-shaped answer.
                    return new EngineResult(ErrorResponse(Internal(ex), request.ClientRequestId), false, 0);
                }
            }
        }

        private EngineResult HandleCore(EngineRequest request)
        {
            SplitTarget(request.Target, out string path, out string? query);
            string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Decode).ToArray();
            if (segments.Length == 0 || !string.Equals(segments[0], "v1.0", StringComparison.OrdinalIgnoreCase))
            {
                string version = segments.Length == 0 ? "" : segments[0];
                throw GraphException.BadRequest($"Invalid version: {version}. The fake Graph server serves v1.0 only.");
            }

            CheckToken(request);

            string[] rest = segments.Skip(1).ToArray();
            if (rest.Length == 1 && string.Equals(rest[0], "$batch", StringComparison.OrdinalIgnoreCase))
            {
                if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
                {
                    throw GraphException.MethodNotAllowed();
                }

                return HandleBatch(request);
            }

            string relative = "/" + string.Join('/', rest) + (query is null ? "" : "?" + query);
            GraphResponse? fault = Inject(request.Options, request.Method, relative, request.ClientRequestId);
            if (fault is not null)
            {
                return new EngineResult(fault, false, 0);
            }

            return new EngineResult(Dispatch(request.Method, rest, query, request.Body, request.ClientRequestId, request.Options, inBatch: false), false, 0);
        }

        private void CheckToken(EngineRequest request)
        {
            string? expected = request.Options.ExpectedBearerToken;
            if (expected is null)
            {
                return;
            }

            string? header = request.Authorization;
            GraphException Unauthorized(string message)
            {
                var ex = new GraphException(401, "InvalidAuthenticationToken", message);
                ex.Headers["WWW-Authenticate"] =
                    "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";
                return ex;
            }

            if (string.IsNullOrWhiteSpace(header))
            {
                throw Unauthorized("Access token is empty.");
            }

            const string scheme = "Bearer ";
            if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ||
                !string.Equals(header.Substring(scheme.Length).Trim(), expected, StringComparison.Ordinal))
            {
                throw Unauthorized("Access token validation failure. Invalid audience.");
            }
        }

        private GraphResponse? Inject(FakeGraphOptions options, string method, string relativeUrl, string clientRequestId)
        {
            GraphResponse? limited = ReportLimit(options, relativeUrl, clientRequestId);
            if (limited is not null)
            {
                return limited;
            }

            Fault fault = _faults.Decide(options, method, relativeUrl);
            if (fault == Fault.None)
            {
                return null;
            }

            string retry = Math.Max(0, options.RetryAfterSeconds).ToString(CultureInfo.InvariantCulture);
            var ex = fault == Fault.Throttle
                ? new GraphException(429, "TooManyRequests", "Too many requests. Wait for the number of seconds in the Retry-After header, then retry.")
                : new GraphException(503, "ServiceUnavailable", "The service is temporarily unavailable. Retry the request later.");
            ex.Headers["Retry-After"] = retry;
            return ErrorResponse(ex, clientRequestId);
        }

        /// <summary>Graph's identity reports limit (reports/*, auditLogs/*): at most N requests in any 10 s; more → 429 with the
        /// seconds until the window frees. Requests answered 429 do not count.</summary>
        private GraphResponse? ReportLimit(FakeGraphOptions options, string relativeUrl, string clientRequestId)
        {
            if (options.ReportRequestsPer10Seconds is not int limit || limit <= 0)
            {
                return null;
            }

            string p = relativeUrl.TrimStart('/');
            if (!p.StartsWith("reports/", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("auditLogs/", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            DateTimeOffset now = DateTimeOffset.UtcNow;
            while (_reportTimes.Count > 0 && now - _reportTimes.Peek() >= ReportWindow)
            {
                _reportTimes.Dequeue();
            }

            if (_reportTimes.Count < limit)
            {
                _reportTimes.Enqueue(now);
                return null;
            }

            ReportRequestsRefused++;
            double wait = Math.Max(1, Math.Ceiling((ReportWindow - (now - _reportTimes.Peek())).TotalSeconds));
            var ex = new GraphException(429, "TooManyRequests", "Too many requests to the reports API. Wait for the number of seconds in the Retry-After header, then retry.");
            ex.Headers["Retry-After"] = wait.ToString(CultureInfo.InvariantCulture);
            return ErrorResponse(ex, clientRequestId);
        }

        private static readonly TimeSpan ReportWindow = TimeSpan.FromSeconds(10);
        private readonly Queue<DateTimeOffset> _reportTimes = new Queue<DateTimeOffset>();

        /// <summary>Report requests answered 429 by <see cref="FakeGraphOptions.ReportRequestsPer10Seconds"/>.</summary>
        public int ReportRequestsRefused { get; private set; }

        public GraphResponse ErrorResponse(GraphException ex, string clientRequestId)
        {
            var response = new GraphResponse(ex.Status, GraphErrors.Body(ex.Code, ex.Message, Guid.NewGuid().ToString(), clientRequestId, DateTimeOffset.UtcNow));
            foreach (var (k, v) in ex.Headers)
            {
                response.Headers[k] = v;
            }

            return response;
        }

        // ------------------------------------------------------------------ $batch

        private EngineResult HandleBatch(EngineRequest request)
        {
            JsonArray requests;
            try
            {
                JsonNode? root = string.IsNullOrWhiteSpace(request.Body) ? null : JsonNode.Parse(request.Body);
                requests = (root as JsonObject)?["requests"] as JsonArray ?? throw GraphException.BadRequest("Invalid batch payload format.");
            }
            catch (JsonException)
            {
                throw GraphException.BadRequest("Invalid batch payload format.");
            }

            if (requests.Count == 0)
            {
                throw GraphException.BadRequest("Invalid batch payload format: the batch contains no requests.");
            }

            if (requests.Count > MaxBatchRequests)
            {
                throw GraphException.BadRequest($"Invalid batch payload format: the number of requests ({requests.Count}) exceeds the limit of {MaxBatchRequests}.");
            }

            var parsed = new List<(string Id, string Method, string Url, JsonObject? Headers, JsonNode? Body, string[] DependsOn)>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonNode? node in requests)
            {
                if (node is not JsonObject r)
                {
                    throw GraphException.BadRequest("Invalid batch payload format.");
                }

                string? id = r["id"] switch
                {
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
                    _ => null,
                };
                string? method = TenantStore.Str(r, "method");
                string? url = TenantStore.Str(r, "url");
                if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(method) || string.IsNullOrEmpty(url))
                {
                    throw GraphException.BadRequest("Invalid batch payload format: every request needs an id, a method and a url.");
                }

                if (!ids.Add(id))
                {
                    throw GraphException.BadRequest($"Invalid batch payload format: the request id '{id}' is used more than once.");
                }

                string[] dependsOn = TenantStore.Strings(r["dependsOn"]).ToArray();
                parsed.Add((id, method, url, r["headers"] as JsonObject, r["body"], dependsOn));
            }

            foreach (var p in parsed)
            {
                foreach (string d in p.DependsOn)
                {
                    if (!ids.Contains(d))
                    {
                        throw GraphException.BadRequest($"Invalid batch payload format: request '{p.Id}' depends on unknown request '{d}'.");
                    }
                }
            }

            var statusById = new Dictionary<string, int>(StringComparer.Ordinal);
            var responses = new List<JsonObject>();
            foreach (var p in parsed)
            {
                GraphResponse inner = ExecuteInner(p.Method, p.Url, p.Headers, p.Body, p.DependsOn, statusById, request);
                statusById[p.Id] = inner.Status;
                var item = new JsonObject { ["id"] = p.Id, ["status"] = inner.Status };
                var headers = new JsonObject();
                foreach (var (k, v) in inner.Headers)
                {
                    headers[k] = v;
                }

                if (inner.Body is not null)
                {
                    headers["Content-Type"] = BatchInnerJsonContentType;
                }

                item["headers"] = headers;
                if (inner.Body is not null)
                {
                    item["body"] = inner.Body;
                }

                responses.Add(item);
                _innerLog.Add(new RequestLogEntry(DateTimeOffset.UtcNow, p.Method.ToUpperInvariant(), DecodeForLog(p.Url), inner.Status, false, 0,
                    IsWrite(p.Method) ? BodyText(p.Body) : null,
                    request.Authorization is null ? null : Scheme(request.Authorization)));
            }

            // Graph may answer in any order; clients must correlate by id.
            long batchNo = ++_batchCount;
            Random rng = request.Options.RandomSeed is int seed
                ? new Random((int)(FaultInjector.Unit(seed, "$batch", batchNo) * int.MaxValue))
                : Random.Shared;
            for (int i = responses.Count - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (responses[i], responses[j]) = (responses[j], responses[i]);
            }

            var envelope = new JsonObject { ["responses"] = new JsonArray(responses.Select(r => (JsonNode)r).ToArray()) };
            return new EngineResult(new GraphResponse(200, envelope), true, parsed.Count);
        }

        private GraphResponse ExecuteInner(string method, string url, JsonObject? headers, JsonNode? body, string[] dependsOn,
            Dictionary<string, int> statusById, EngineRequest outer)
        {
            string clientRequestId = headers is not null && headers.FirstOrDefault(h => string.Equals(h.Key, "client-request-id", StringComparison.OrdinalIgnoreCase)).Value is JsonValue crid
                && crid.GetValueKind() == JsonValueKind.String
                ? crid.GetValue<string>()
                : outer.ClientRequestId;
            try
            {
                foreach (string d in dependsOn)
                {
                    if (!statusById.TryGetValue(d, out int s) || s < 200 || s > 299)
                    {
                        throw new GraphException(424, "FailedDependency", $"The request depends on request '{d}', which did not succeed.");
                    }
                }

                string relative = NormalizeBatchUrl(url);
                string? bodyText = body is null ? null : BodyText(body);
                if (bodyText is not null && (headers is null || !headers.Any(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))))
                {
                    throw GraphException.BadRequest("Write request id with body requires a 'Content-Type' header.");
                }

                GraphResponse? fault = Inject(outer.Options, method, relative, clientRequestId);
                if (fault is not null)
                {
                    return fault;
                }

                SplitTarget(relative, out string path, out string? query);
                string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Decode).ToArray();
                return Dispatch(method, segments, query, bodyText, clientRequestId, outer.Options, inBatch: true);
            }
            catch (GraphException ex)
            {
                return ErrorResponse(ex, clientRequestId);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return ErrorResponse(Internal(ex), clientRequestId);
            }
        }

        private static GraphException Internal(Exception ex) =>
            new GraphException(500, "generalException", $"Fake Graph server error: {ex.GetType().Name}: {ex.Message}");

        private static string NormalizeBatchUrl(string url)
        {
            string u = url.Trim();
            if (u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || u.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                u = new Uri(u).PathAndQuery;
            }

            if (!u.StartsWith('/'))
            {
                u = "/" + u;
            }

            if (u.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase))
            {
                u = u.Substring(5);
            }

            return u;
        }

        // ------------------------------------------------------------------ helpers

        internal static void SplitTarget(string target, out string path, out string? query)
        {
            int q = target.IndexOf('?');
            path = q < 0 ? target : target.Substring(0, q);
            query = q < 0 ? null : target.Substring(q + 1);
        }

        private static string Decode(string s)
        {
            try
            {
                return Uri.UnescapeDataString(s);
            }
            catch (UriFormatException)
            {
                return s;
            }
        }

        internal static string DecodeForLog(string target) => Decode(target);

        internal static bool IsWrite(string method) =>
            !string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase) && !string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);

        /// <summary>"Bearer" for a bearer header, "Other" for anything else: the credential itself is never kept.</summary>
        internal static string Scheme(string authorization) =>
            authorization.TrimStart().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? "Bearer" : "Other";

        private static string? BodyText(JsonNode? body) =>
            body switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => body.ToJsonString(),
            };
    }
}
