using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using SsprTools.Core.Sources;
using SsprTools.Core.Text;

namespace SsprTools.Core.Graph.Transport
{
    /// <summary>One $batch inner answer: the parsed body, or why there is none.</summary>
    internal sealed class BatchResult<T>
    {
        public T? Value { get; set; }
        public GraphFailure? Failure { get; set; }

        /// <summary>Why there is no value: the failure, or an empty answer (which Graph should never send).</summary>
        public GraphFailure WhyNoValue => Failure ?? new GraphFailure(502, null, "empty answer inside $batch");
    }

    /// <summary>
    /// How one read talks to Graph, whatever it asks: errors mapped to SsprExceptions, paging (@odata.nextLink, loops detected,
    /// $top=999 with a fallback), $batch (20 a batch, inner 429/503/504 sent again after their Retry-After), and the bound on
    /// requests in flight (-ThrottleLimit). The per-question readers (Graph/Readers) are built on it; it knows no question.
    /// </summary>
    internal sealed class GraphTransport
    {
        public const int BatchSize = 20;
        /// <summary>Ids per "in" filter: the directory's limit of OR-ed clauses.</summary>
        public const int FilterChunk = 15;
        /// <summary>$top of list calls: the most Graph allows for directory collections (the default page is 100).</summary>
        public const int PageTop = 999;
        private const int MaxBatchRounds = 10;
        private static readonly Regex TopRefusal = new Regex(@"\btop\b|page size", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private volatile bool topRefused;

        public GraphTransport(SsprConnection connection, IScanObserver observer, int parallelism, CancellationToken cancellationToken)
        {
            Connection = connection;
            Client = connection.Client;
            Observer = observer;
            Parallelism = Math.Max(1, parallelism);
            Ct = cancellationToken;
        }

        public SsprConnection Connection { get; }
        public GraphServiceClient Client { get; }
        public IScanObserver Observer { get; }
        public int Parallelism { get; }
        public CancellationToken Ct { get; }
        public Uri Endpoint => Connection.GraphEndpoint;

        /// <summary>$top for list calls: <see cref="PageTop"/>, or none once an endpoint refused it.</summary>
        public int? Top => topRefused ? (int?)null : PageTop;

        /// <summary>The first page of a list with $top=999 (fewer round trips than the default 100); a 400 that names $top
        /// (an endpoint without $top) gets the call again without it, and the rest of the read does without.</summary>
        public async Task<TPage?> FirstPage<TPage>(Func<int?, Task<TPage?>> get) where TPage : class
        {
            if (topRefused)
            {
                return await get(null).ConfigureAwait(false);
            }

            try
            {
                return await get(PageTop).ConfigureAwait(false);
            }
            catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status == 400 && TopRefusal.IsMatch((f.Code ?? "") + " " + (f.Message ?? "")))
            {
                topRefused = true;
                Observer.Verbose("$top refused (" + f + "); reading default-size pages.");
                return await get(null).ConfigureAwait(false);
            }
        }

        /// <summary>One call; any failure becomes the SsprException that names what was read.</summary>
        public async Task<T?> Call<T>(string what, string path, Func<Task<T?>> call) where T : class
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw GraphErrors.Map(e, what, path, Endpoint);
            }
        }

        /// <summary><see cref="PagesRaw"/>, failures mapped.</summary>
        public async Task<List<TItem>> Pages<TPage, TItem>(string what, string path, Func<Task<TPage?>> first, Func<string, Task<TPage?>> next,
            Func<TPage, List<TItem>?> items, Func<TPage, string?> nextLink) where TPage : class
        {
            try
            {
                return await PagesRaw(first, next, items, nextLink).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw GraphErrors.Map(e, what, path, Endpoint);
            }
        }

        /// <summary>Every page of a collection, following @odata.nextLink; a link seen twice is a loop, not more data.</summary>
        public async Task<List<TItem>> PagesRaw<TPage, TItem>(Func<Task<TPage?>> first, Func<string, Task<TPage?>> next,
            Func<TPage, List<TItem>?> items, Func<TPage, string?> nextLink) where TPage : class
        {
            var all = new List<TItem>();
            var page = await first().ConfigureAwait(false);
            if (page == null)
            {
                return all;
            }

            all.AddRange(items(page) ?? new List<TItem>());
            await FollowAsync(nextLink(page), next, p => all.AddRange(items(p) ?? new List<TItem>()), nextLink).ConfigureAwait(false);
            return all;
        }

        /// <summary>The further pages after a first one (e.g. one that came inside a $batch), one after another; before each page,
        /// <paramref name="keepGoing"/> (when given) may end the paging because what was read is enough.</summary>
        public async Task FollowAsync<TPage>(string? link, Func<string, Task<TPage?>> next, Action<TPage> take, Func<TPage, string?> nextLink,
            Func<bool>? keepGoing = null) where TPage : class
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (!string.IsNullOrEmpty(link) && (keepGoing == null || keepGoing()))
            {
                if (!seen.Add(link!))
                {
                    throw new SsprException("GraphPagingLoop", SsprErrorKind.InvalidData,
                        Texts.Get("Graph_PagingLoop"), Texts.Get("Graph_InvalidResponse_Action"), link);
                }

                var page = await next(link!).ConfigureAwait(false);
                if (page == null)
                {
                    break;
                }

                take(page);
                link = nextLink(page);
            }
        }

        /// <summary>
        /// GETs through $batch, 20 a batch, a few batches at once. Inner 429/503/504 answers are sent again in a new batch
        /// after the longest Retry-After among them (the SDK retries only whole HTTP calls, not the requests inside a batch).
        /// </summary>
        public async Task<Dictionary<string, BatchResult<T>>> BatchAsync<T>(List<(string Key, RequestInformation Info)> requests, string what,
            ParsableFactory<T> factory) where T : IParsable, new()
        {
            if (requests.Count == 1)
            {
                // One request: sent as itself (a $batch of one costs a request more, and Graph's throttling counts both).
                var only = requests[0];
                try
                {
                    var value = await Client.RequestAdapter.SendAsync(only.Info, factory, ErrorMapping, Ct).ConfigureAwait(false);
                    return new Dictionary<string, BatchResult<T>>(StringComparer.OrdinalIgnoreCase) { [only.Key] = new BatchResult<T> { Value = value } };
                }
                catch (Exception e) when (GraphFailure.From(e) is GraphFailure f && f.Status != 401 && f.Status != 429)
                {
                    // As inside a $batch: the caller decides what this answer means (a 429 the SDK gave up on is mapped below).
                    return new Dictionary<string, BatchResult<T>>(StringComparer.OrdinalIgnoreCase) { [only.Key] = new BatchResult<T> { Failure = f } };
                }
                catch (Exception e)
                {
                    throw GraphErrors.Map(e, what, only.Info.URI.AbsolutePath, Endpoint);
                }
            }

            var results = new ConcurrentDictionary<string, BatchResult<T>>(StringComparer.OrdinalIgnoreCase);
            var pending = requests;
            for (var round = 0; pending.Count > 0; round++)
            {
                if (round >= MaxBatchRounds)
                {
                    throw GraphErrors.Throttled(what, null);
                }

                var retry = new ConcurrentBag<(string Key, RequestInformation Info)>();
                var wait = TimeSpan.Zero;
                var waitLock = new object();
                await ForEachAsync(Chunk(pending, BatchSize).ToList(), async chunk =>
                {
                    var content = new BatchRequestContentCollection(Client, BatchSize);
                    var byStep = new Dictionary<string, (string Key, RequestInformation Info)>(StringComparer.Ordinal);
                    for (var i = 0; i < chunk.Count; i++)
                    {
                        var stepId = (i + 1).ToString(CultureInfo.InvariantCulture);
                        await content.AddBatchRequestStepAsync(chunk[i].Info, stepId).ConfigureAwait(false);
                        byStep[stepId] = chunk[i];
                    }

                    var response = await Call(what, "$batch", () => Client.Batch.PostAsync(content, Ct)).ConfigureAwait(false);
                    var codes = await response!.GetResponsesStatusCodesAsync().ConfigureAwait(false);
                    var summary = new SortedDictionary<int, int>();
                    foreach (var pair in byStep)
                    {
                        var status = codes.TryGetValue(pair.Key, out var code) ? (int)code : 0;
                        summary[status] = summary.TryGetValue(status, out var n) ? n + 1 : 1;
                        if (status >= 200 && status < 300)
                        {
                            using var ok = await response.GetResponseByIdAsync(pair.Key).ConfigureAwait(false);
                            results[pair.Value.Key] = new BatchResult<T> { Value = await Parse(ok, factory).ConfigureAwait(false) };
                            continue;
                        }

                        using var message = await response.GetResponseByIdAsync(pair.Key).ConfigureAwait(false);
                        if (status == 429 || status == 503 || status == 504 || status == 0)
                        {
                            var after = message == null ? TimeSpan.FromSeconds(1) : RetryAfter.Of(message, DateTimeOffset.UtcNow) ?? TimeSpan.FromSeconds(2);
                            lock (waitLock)
                            {
                                wait = after > wait ? after : wait;
                            }

                            retry.Add(pair.Value);
                            continue;
                        }

                        results[pair.Value.Key] = new BatchResult<T> { Failure = await FailureOf(message, status).ConfigureAwait(false) };
                    }

                    Observer.Verbose("  $batch of " + chunk.Count + " x " + what + ": " +
                        string.Join(", ", summary.Select(s => s.Value + " x " + s.Key)));
                }).ConfigureAwait(false);

                pending = retry.ToList();
                if (pending.Count > 0)
                {
                    var delay = wait > TimeSpan.FromSeconds(60) ? TimeSpan.FromSeconds(60) : wait;
                    Observer.Verbose("  " + pending.Count + " request(s) inside the batch were throttled; retrying after " + delay.TotalSeconds + " s");
                    await Task.Delay(delay, Ct).ConfigureAwait(false);
                }
            }

            return new Dictionary<string, BatchResult<T>>(results, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Graph's error body (as the SDK's request builders map it) for requests sent without a builder.</summary>
        private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping = new Dictionary<string, ParsableFactory<IParsable>>
        {
            { "XXX", Microsoft.Graph.Models.ODataErrors.ODataError.CreateFromDiscriminatorValue },
        };

        /// <summary>An inner batch body as a Graph model, whatever Content-Type the inner answer declares.</summary>
        private async Task<T?> Parse<T>(HttpResponseMessage? message, ParsableFactory<T> factory) where T : IParsable
        {
            if (message?.Content == null)
            {
                return default;
            }

            using var stream = await message.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var node = await new JsonParseNodeFactory().GetRootParseNodeAsync("application/json", stream, Ct).ConfigureAwait(false);
            return node.GetObjectValue(factory);
        }

        private static async Task<GraphFailure> FailureOf(HttpResponseMessage? message, int status)
        {
            string? code = null, text = null;
            if (message?.Content != null)
            {
                try
                {
                    var body = await message.Content.ReadAsStringAsync().ConfigureAwait(false);
                    using var doc = JsonDocument.Parse(body);
                    if (doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                    {
                        code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                        text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    }
                }
                catch (JsonException)
                {
                }
            }

            return new GraphFailure(status, code, text);
        }

        /// <summary>Runs the work for each item, at most <see cref="Parallelism"/> at once.</summary>
        public async Task ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task> work)
        {
            using var gate = new SemaphoreSlim(Parallelism);
            var tasks = items.Select(async item =>
            {
                await gate.WaitAsync(Ct).ConfigureAwait(false);
                try
                {
                    await work(item).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        public static IEnumerable<List<T>> Chunk<T>(IReadOnlyList<T> items, int size)
        {
            for (var i = 0; i < items.Count; i += size)
            {
                yield return items.Skip(i).Take(size).ToList();
            }
        }

        /// <summary>An OData string literal.</summary>
        public static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

        /// <summary>A refusal of an optional read (not 401, not throttling, not a server error): noted, not fatal.</summary>
        public static bool IsOptionalReadFailure(GraphFailure f) => f.Status >= 400 && f.Status < 500 && f.Status != 401 && f.Status != 429;
    }
}
