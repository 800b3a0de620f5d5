using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SsprTools.FakeGraph
{
    /// <summary>
    /// A fake Microsoft Graph v1.0 endpoint on 127.0.0.1 (Kestrel), serving a SsprTools tenant snapshot (schemaVersion 1)
    /// in Graph's wire format. Requests go to {BaseAddress}v1.0/...
    /// </summary>
    public sealed class FakeGraphServer : IAsyncDisposable
    {
        private static readonly JsonSerializerOptions WriteOptions = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        private readonly object _sync = new object();
        private readonly object _logSync = new object();
        private readonly List<RequestLogEntry> _log = new List<RequestLogEntry>();
        private readonly List<RequestLogEntry> _innerLog = new List<RequestLogEntry>();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly GraphEngine _engine;
        private WebApplication? _app;
        private int _disposed;
        private int _inFlight;
        private int _maxInFlight;

        private FakeGraphServer(JsonObject fixture, FakeGraphOptions options)
        {
            Options = options;
            var store = new TenantStore(fixture);
            State = new FakeTenantState(_sync, store);
            _engine = new GraphEngine(_sync, store, State, _innerLog);
            BaseAddress = new Uri("http://127.0.0.1/");
        }

        /// <summary>The Graph root, e.g. http://127.0.0.1:54321/ (requests go to {root}v1.0/...).</summary>
        public Uri BaseAddress { get; private set; }

        /// <summary>Live options; changes apply to the next request.</summary>
        public FakeGraphOptions Options { get; }

        /// <summary>Passwords set, operations started, current user data.</summary>
        public FakeTenantState State { get; }

        /// <summary>Every top-level HTTP request (a $batch is one entry), in arrival order. A copy.</summary>
        public IReadOnlyList<RequestLogEntry> Requests
        {
            get
            {
                lock (_logSync)
                {
                    return _log.ToArray();
                }
            }
        }

        /// <summary>Every request executed inside a $batch (IsBatch false, PathAndQuery = the inner url). A copy.</summary>
        public IReadOnlyList<RequestLogEntry> BatchInnerRequests
        {
            get
            {
                lock (_sync)
                {
                    return _innerLog.ToArray();
                }
            }
        }

        public static Task<FakeGraphServer> StartAsync(string fixturePath, FakeGraphOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(fixturePath);
            string text = File.ReadAllText(fixturePath);
            JsonNode? node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (node is not JsonObject fixture)
            {
                throw new InvalidDataException($"'{fixturePath}' is not a JSON object (a SsprTools snapshot).");
            }

            return StartAsync(fixture, options);
        }

        public static Task<FakeGraphServer> StartAsync(JsonObject fixture, FakeGraphOptions? options = null) =>
            StartAsync(fixture, options, port: 0);

        /// <summary>Starts on a given port (0 = any free port).</summary>
        public static async Task<FakeGraphServer> StartAsync(JsonObject fixture, FakeGraphOptions? options, int port)
        {
            ArgumentNullException.ThrowIfNull(fixture);
            var server = new FakeGraphServer((JsonObject)fixture.DeepClone(), options ?? new FakeGraphOptions());
            await server.StartCoreAsync(port).ConfigureAwait(false);
            return server;
        }

        public void ClearLog()
        {
            lock (_logSync)
            {
                _log.Clear();
            }

            lock (_sync)
            {
                _innerLog.Clear();
            }
        }

        /// <summary>Number of top-level requests (matching the predicate, if any).</summary>
        public int CountRequests(Func<RequestLogEntry, bool>? predicate = null)
        {
            lock (_logSync)
            {
                return predicate is null ? _log.Count : _log.Count(predicate);
            }
        }

        /// <summary>The most top-level requests the server was handling at the same time (latency included) since start or
        /// <see cref="ResetConcurrency"/>: how many calls a client had in flight at once.</summary>
        public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

        /// <summary>Requests being handled right now.</summary>
        public int ConcurrentRequests => Volatile.Read(ref _inFlight);

        /// <summary>Report requests refused by <see cref="FakeGraphOptions.ReportRequestsPer10Seconds"/> so far.</summary>
        public int ReportRequestsRefused
        {
            get
            {
                lock (_sync)
                {
                    return _engine.ReportRequestsRefused;
                }
            }
        }

        public void ResetConcurrency() => Interlocked.Exchange(ref _maxInFlight, Volatile.Read(ref _inFlight));

        private async Task StartCoreAsync(int port)
        {
            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(FakeGraphServer).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, port);
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            });
            builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));

            WebApplication app = builder.Build();
            app.Run(HandleAsync);
            await app.StartAsync().ConfigureAwait(false);
            _app = app;

            IServerAddressesFeature? addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
            string? address = addresses?.Addresses.FirstOrDefault();
            if (address is null)
            {
                throw new InvalidOperationException("Kestrel did not report the address it is listening on.");
            }

            var bound = new Uri(address);
            BaseAddress = new Uri($"http://127.0.0.1:{bound.Port}/");
            _engine.Root = $"http://127.0.0.1:{bound.Port}";
        }

        private async Task HandleAsync(HttpContext context)
        {
            int now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            // A request stops counting as in flight when its answer starts to go out (after the latency): a client that
            // has read the answer and sends its next request must not see both counted at once.
            int left = 0;
            void Leave()
            {
                if (Interlocked.Exchange(ref left, 1) == 0)
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }

            try
            {
                await HandleCoreAsync(context, Leave).ConfigureAwait(false);
            }
            finally
            {
                Leave();
            }
        }

        private async Task HandleCoreAsync(HttpContext context, Action leave)
        {
            HttpRequest request = context.Request;
            string method = request.Method;
            string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString).ToString();
            string? body = null;
            if (GraphEngine.IsWrite(method))
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            }

            string? authorization = request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null;
            string clientRequestId = request.Headers.TryGetValue("client-request-id", out var crid) && crid.Count > 0 ? crid.ToString() : Guid.NewGuid().ToString();
            FakeGraphOptions options = Options;

            EngineResult result = _engine.Handle(new EngineRequest(method, target, authorization, body, clientRequestId, options));
            GraphResponse response = result.Response;

            // Log before anything is sent, so a client that sees the answer also sees the log entry.
            lock (_logSync)
            {
                _log.Add(new RequestLogEntry(
                    DateTimeOffset.UtcNow,
                    method.ToUpperInvariant(),
                    GraphEngine.DecodeForLog(target),
                    response.Status,
                    result.IsBatch,
                    result.InnerRequestCount,
                    body,
                    authorization is null ? null : GraphEngine.Scheme(authorization)));
            }

            TimeSpan delay = options.Latency + (options.HangFor ?? TimeSpan.Zero);
            if (delay > TimeSpan.Zero)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                try
                {
                    await Task.Delay(delay, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    context.Abort();
                    return;
                }
            }

            leave();
            HttpResponse http = context.Response;
            http.StatusCode = response.Status;
            http.Headers["request-id"] = Guid.NewGuid().ToString();
            http.Headers["client-request-id"] = clientRequestId;
            http.Headers["x-ms-ags-diagnostic"] = "{\"ServerInfo\":{\"DataCenter\":\"Fake\",\"Slice\":\"E\",\"Ring\":\"0\",\"ScaleUnit\":\"000\",\"RoleInstance\":\"FAKEGRAPH\"}}";
            foreach (var (name, value) in response.Headers)
            {
                http.Headers[name] = value;
            }

            if (response.Body is null)
            {
                return;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(response.Body.ToJsonString(WriteOptions));
            http.ContentType = GraphEngine.JsonContentType;
            if (options.TruncateResponses)
            {
                int cut = Math.Max(1, bytes.Length / 2);
                await http.Body.WriteAsync(bytes.AsMemory(0, cut), context.RequestAborted).ConfigureAwait(false);
                return;
            }

            http.ContentLength = bytes.Length;
            if (options.StallBodyFor is TimeSpan stall && stall > TimeSpan.Zero && bytes.Length > 1)
            {
                int half = bytes.Length / 2;
                await http.Body.WriteAsync(bytes.AsMemory(0, half), context.RequestAborted).ConfigureAwait(false);
                await http.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                try
                {
                    await Task.Delay(stall, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    context.Abort();
                    return;
                }

                await http.Body.WriteAsync(bytes.AsMemory(half), context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await http.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            await _stopping.CancelAsync().ConfigureAwait(false);
            if (_app is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _app.StopAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                await _app.DisposeAsync().ConfigureAwait(false);
            }

            _stopping.Dispose();
        }
    }
}
