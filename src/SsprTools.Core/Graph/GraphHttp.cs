using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using SsprTools.Core.Text;

namespace SsprTools.Core.Graph
{
    /// <summary>
    /// Innermost handler of the Graph client: one Verbose line per HTTP call actually sent (retries included) to the
    /// observer of the current command: method, path and query (page tokens shortened), status, milliseconds. Never a header.
    /// </summary>
    internal sealed class GraphCallLogger : DelegatingHandler
    {
        private static readonly Regex SkipToken = new Regex(@"(\$skiptoken=)[^&]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>One pacer per client, that is per connection: Graph counts the reports limit per app and tenant.</summary>
        private readonly ReportPacer reports;

        public GraphCallLogger(ReportPacer reports)
        {
            this.reports = reports;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var observer = GraphCallContext.Observer;
            if (ReportPacer.Applies(request.RequestUri))
            {
                // A person at a prompt sees why nothing moves: the wait is announced before it starts, not only after.
                var waited = await reports.WaitTurnAsync(cancellationToken, delay => observer.Progress(GraphTenantSource.Activity,
                    Texts.Format("Graph_ReportsWait", Math.Ceiling(delay.TotalSeconds).ToString(CultureInfo.InvariantCulture), ReportPacer.Limit,
                        ReportPacer.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)), -1)).ConfigureAwait(false);
                if (waited > TimeSpan.Zero)
                {
                    observer.Verbose("Reports API limit (" + ReportPacer.Limit + " requests per " + ReportPacer.Window.TotalSeconds + " s): waited " +
                        waited.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
                }
            }

            // The bound of -ThrottleLimit: held only while the request is on the wire, never while a retry waits.
            var gate = GraphCallContext.Gate;
            if (gate != null)
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var watch = Stopwatch.StartNew();
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                observer.Verbose(Describe(request) + " -> " + (int)response.StatusCode + " " + response.ReasonPhrase + " (" +
                    watch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms)");
                return response;
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                observer.Verbose(Describe(request) + " -> failed: " + e.GetType().Name + " (" + watch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms)");
                throw;
            }
            finally
            {
                gate?.Release();
            }
        }

        internal static string Describe(HttpRequestMessage request)
        {
            var uri = request.RequestUri;
            if (uri == null)
            {
                return request.Method.Method;
            }

            var text = Uri.UnescapeDataString(uri.AbsolutePath + uri.Query);
            text = SkipToken.Replace(text, "$1…");
            if (text.Length > 300)
            {
                text = text.Substring(0, 300) + "…";
            }

            return "Graph " + request.Method.Method + " " + text;
        }
    }

    /// <summary>One HTTP attempt took longer than the connection's limit (Connect-SsprGraph -TimeoutSec).</summary>
    internal sealed class GraphRequestTimeoutException : TimeoutException
    {
        public GraphRequestTimeoutException(TimeSpan timeout)
            : base("No answer from Microsoft Graph within " + timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s.")
        {
            Timeout = timeout;
        }

        public TimeSpan Timeout { get; }
    }

    /// <summary>
    /// Innermost handler: each attempt (retries are new attempts) gets the connection's limit until Graph's whole answer, body
    /// included, is in; past it the attempt fails with <see cref="GraphRequestTimeoutException"/> instead of hanging. Ctrl+C still cancels as before.
    /// </summary>
    internal sealed class AttemptTimeoutHandler : DelegatingHandler
    {
        private readonly TimeSpan timeout;

        public AttemptTimeoutHandler(TimeSpan timeout)
        {
            this.timeout = timeout;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, limit.Token).ConfigureAwait(false);
                if (response.Content != null)
                {
                    // The body too, within the same limit: a server that sends headers and then stalls is a timeout, not a hang.
                    // (Graph answers are pages of JSON; buffering them is what the SDK's parsing does anyway.)
                    using (limit.Token.Register(() => response.Dispose()))
                    {
                        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                    }
                }

                limit.Token.ThrowIfCancellationRequested();
                return response;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && limit.IsCancellationRequested)
            {
                response?.Dispose();
                throw new GraphRequestTimeoutException(timeout);
            }
        }
    }

    /// <summary>The time a <see cref="ReportPacer"/> reads and waits on.</summary>
    internal interface IReportClock
    {
        DateTimeOffset UtcNow { get; }
        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    /// <summary>Wall-clock time: what every connection uses.</summary>
    internal sealed class SystemReportClock : IReportClock
    {
        public static readonly SystemReportClock Instance = new SystemReportClock();
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
    }

    /// <summary>
    /// Time that passes only when the pacer waits: the pacer computes and reports the same waits as on the wall clock, but
    /// does not sleep. Only for tests against the fake Graph (see <see cref="ReportClocks"/>); never chosen in normal use.
    /// </summary>
    internal sealed class VirtualReportClock : IReportClock
    {
        private readonly object sync = new object();
        private DateTimeOffset now = DateTimeOffset.UtcNow;

        public DateTimeOffset UtcNow
        {
            get
            {
                lock (sync)
                {
                    return now;
                }
            }
        }

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (sync)
            {
                now += delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Which clock a new connection's reports pacer uses. Always the wall clock, unless a test process (the module tests, which
    /// load the module into PowerShell and reach this by reflection) sets <see cref="VirtualByDefault"/>: then connections use
    /// a <see cref="VirtualReportClock"/>, except to endpoints named in <see cref="RealTime"/> (the pacer's own tests, whose
    /// fake Graph enforces the 5-per-10-s limit on the wall clock). Nothing in the module sets either.
    /// </summary>
    internal static class ReportClocks
    {
        internal static volatile bool VirtualByDefault;
        internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> RealTime =
            new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

        public static IReportClock For(Uri graphEndpoint) =>
            VirtualByDefault && !RealTime.ContainsKey(graphEndpoint.GetLeftPart(UriPartial.Authority))
                ? new VirtualReportClock()
                : (IReportClock)SystemReportClock.Instance;
    }

    /// <summary>
    /// Graph's identity-reports limit (reports/*, auditLogs/*: 5 requests per 10 s per app per tenant, far below the rest of
    /// Graph): a request waits until fewer than <see cref="Limit"/> were sent in the last <see cref="Window"/> (plus a margin,
    /// as the server's clock starts when the request arrives). Retries count too: each is a request.
    /// </summary>
    internal sealed class ReportPacer
    {
        public const int Limit = 5;
        public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(300);
        private readonly Queue<DateTimeOffset> sent = new Queue<DateTimeOffset>();
        private readonly SemaphoreSlim turn = new SemaphoreSlim(1, 1);
        private readonly IReportClock clock;

        public ReportPacer(IReportClock? clock = null)
        {
            this.clock = clock ?? SystemReportClock.Instance;
        }

        /// <summary>Requests let through so far (each a request the reports budget paid for).</summary>
        public int Sent { get; private set; }

        public static bool Applies(Uri? uri)
        {
            if (uri == null)
            {
                return false;
            }

            var path = uri.AbsolutePath;
            return path.IndexOf("/reports/", StringComparison.OrdinalIgnoreCase) >= 0 || path.IndexOf("/auditLogs/", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        /// <summary>Waits for a free slot in the window and takes it; returns how long it waited. <paramref name="beforeWait"/> hears
        /// each wait before it starts.</summary>
        public async Task<TimeSpan> WaitTurnAsync(CancellationToken cancellationToken, Action<TimeSpan>? beforeWait = null)
        {
            var waited = TimeSpan.Zero;
            await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var now = clock.UtcNow;
                    while (sent.Count > 0 && now - sent.Peek() >= Window + Margin)
                    {
                        sent.Dequeue();
                    }

                    if (sent.Count < Limit)
                    {
                        sent.Enqueue(now);
                        Sent++;
                        return waited;
                    }

                    var delay = Window + Margin - (now - sent.Peek());
                    beforeWait?.Invoke(delay);
                    waited += delay;
                    await clock.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                turn.Release();
            }
        }
    }

    /// <summary>Adds the connection's bearer token, only for requests to the connection's own Graph endpoint.</summary>
    internal sealed class ConnectionAuthenticationProvider : IAuthenticationProvider
    {
        private readonly TokenCredential credential;
        private readonly string[] scopes;
        private readonly Uri endpoint;

        public ConnectionAuthenticationProvider(TokenCredential credential, IReadOnlyList<string> scopes, Uri endpoint)
        {
            this.credential = credential;
            this.scopes = scopes.ToArray();
            this.endpoint = endpoint;
        }

        public async Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
            CancellationToken cancellationToken = default)
        {
            var target = request.URI;
            if (!string.Equals(target.Scheme, endpoint.Scheme, StringComparison.OrdinalIgnoreCase) ||
                !string.Equals(target.Authority, endpoint.Authority, StringComparison.OrdinalIgnoreCase))
            {
                throw new SsprException("UntrustedGraphHost", SsprErrorKind.InvalidData,
                    Texts.Format("Graph_UntrustedHost", target.GetLeftPart(UriPartial.Authority), endpoint), Texts.Get("Graph_UntrustedHost_Action"), target.Host);
            }

            var token = await credential.GetTokenAsync(new TokenRequestContext(scopes), cancellationToken).ConfigureAwait(false);
            request.Headers.Remove("Authorization");
            request.Headers.Add("Authorization", "Bearer " + token.Token);
        }
    }

    /// <summary>Builds a GraphServiceClient for a connection: SDK middleware (retry with Retry-After, redirects, compression) plus the call logger.</summary>
    internal static class GraphClients
    {
        /// <summary>Attempts per request for 429/503/504 (the SDK's maximum is 10).</summary>
        public const int MaxRetries = 8;

        public static GraphServiceClient Create(SsprConnection connection)
        {
            var handlers = GraphClientFactory.CreateDefaultHandlers();
            for (var i = 0; i < handlers.Count; i++)
            {
                if (handlers[i] is RetryHandler)
                {
                    handlers[i] = new RetryHandler(new RetryHandlerOption { MaxRetry = MaxRetries, Delay = 2 });
                }
            }

            handlers.Add(new GraphCallLogger(connection.Reports));
            handlers.Add(new AttemptTimeoutHandler(connection.RequestTimeout));
            var http = GraphClientFactory.Create(handlers, "v1.0", GraphClientFactory.Global_Cloud, null, null, true);
            // Each attempt has its own limit (AttemptTimeoutHandler); the whole call, retries and Retry-After waits included, none.
            http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            var baseUrl = connection.GraphEndpoint.ToString().TrimEnd('/') + "/v1.0";
            http.BaseAddress = new Uri(baseUrl + "/");
            var auth = new ConnectionAuthenticationProvider(connection.Credential, connection.TokenScopes, connection.GraphEndpoint);
            var client = new GraphServiceClient(http, auth, baseUrl);
            // Models read from now on keep their properties compactly (a scan holds tens of thousands of them at once).
            Microsoft.Kiota.Abstractions.Store.BackingStoreFactorySingleton.Instance = Transport.CompactBackingStoreFactory.Instance;
            return client;
        }
    }
}
