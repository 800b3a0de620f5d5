using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SsprTools.FakeGraph;

namespace SsprTools.Bench
{
    /// <summary>
    /// Issue 8 benchmark. The parent process generates each tenant, serves it through the fake Graph (50 ms a request)
    /// and counts requests in the server's log; every measurement runs in a fresh child process (this exe with --child …),
    /// so its peak working set is that of one PowerShell engine + module doing one scan (or of the naive client), not of
    /// the fake server holding 100,000 users, nor of an earlier measurement.
    /// </summary>
    public static class Program
    {
        private const int Seed = 20261124;
        private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);

        public static async Task<int> Main(string[] args)
        {
            try
            {
                if (args.Length > 0 && args[0] == "--child")
                {
                    return await ChildAsync(args).ConfigureAwait(false);
                }

                return await ParentAsync(args).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine(e);
                return 1;
            }
        }

        // ==================================================================== parent

        private sealed class Settings
        {
            public List<int> Sizes { get; set; } = new List<int> { 200, 2000, 10000 };
            public List<int> ThrottledSizes { get; set; } = new List<int> { 2000 };
            public int NaiveSample { get; set; } = 100;
            public int NaiveFullUpTo { get; set; } = 200;
            public int? ThrottleLimit { get; set; }
            public string? Output { get; set; }
            public bool Quick { get; set; }
            public List<int> CommandSizes { get; set; } = new List<int> { 2000 };
        }

        private sealed class CommandRow
        {
            public int Admins { get; set; }
            public string Name { get; set; } = "";
            public int Requests { get; set; }
            public int Inner { get; set; }
            public int Reports { get; set; }
            public double Ms { get; set; }
            public long PeakWs { get; set; }
            public long PeakGc { get; set; }
            public string Error { get; set; } = "";
        }

        private static Settings Parse(string[] args)
        {
            var s = new Settings();
            static List<int> Ints(string v) => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x.Trim(), CultureInfo.InvariantCulture)).ToList();
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--sizes": s.Sizes = Ints(args[++i]); break;
                    case "--throttled-sizes": s.ThrottledSizes = Ints(args[++i]); break;
                    case "--command-sizes": s.CommandSizes = Ints(args[++i]); break;
                    case "--naive-sample": s.NaiveSample = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--naive-full-up-to": s.NaiveFullUpTo = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--throttle-limit": s.ThrottleLimit = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--output": s.Output = args[++i]; break;
                    case "--dump":
                        // Diagnostics: write the generated tenant of one size as a snapshot file, then stop.
                        var n = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        File.WriteAllText(args[++i], TenantGenerator.Generate(n, Seed).Fixture.ToJsonString());
                        Environment.Exit(0);
                        break;
                    case "--quick":
                        s.Quick = true;
                        s.Sizes = new List<int> { 200 };
                        s.ThrottledSizes = new List<int> { 200 };
                        s.CommandSizes = new List<int> { 200 };
                        s.NaiveSample = 20;
                        s.NaiveFullUpTo = 0;
                        break;
                    case "-h":
                    case "--help":
                        Console.WriteLine("SsprTools.Bench [--sizes 200,2000,10000] [--throttled-sizes 200,2000] [--naive-sample 100] [--naive-full-up-to 200] [--throttle-limit N] [--quick] [--output docs/benchmarks.md]");
                        Environment.Exit(0);
                        break;
                    default: throw new ArgumentException("Unknown argument " + args[i]);
                }
            }

            return s;
        }

        private sealed class Row
        {
            public int Admins { get; set; }
            public int Users { get; set; }
            public string Variant { get; set; } = "";
            public int ScanRequests { get; set; }
            public int ScanInner { get; set; }
            public double ScanMs { get; set; }
            public long ScanPeakWs { get; set; }
            public long ScanBaseWs { get; set; }
            public long ScanPeakGc { get; set; }
            public int Evaluated { get; set; }
            public int MaxConcurrent { get; set; }
            public int ReportRequests { get; set; }
            public double NaiveRequests { get; set; }
            public double NaiveMs { get; set; }
            public long NaivePeakWs { get; set; }
            public bool NaiveExtrapolated { get; set; }
            public int NaiveSampled { get; set; }
            public string Breakdown { get; set; } = "";
        }

        private static async Task<int> ParentAsync(string[] args)
        {
            var settings = Parse(args);
            var repo = FindRepoRoot();
            var manifest = Path.Combine(repo, "out", "SsprTools", "SsprTools.psd1");
            if (!File.Exists(manifest))
            {
                throw new FileNotFoundException("Build the module first (dotnet build -c Release): " + manifest);
            }

            Console.WriteLine($"SsprTools benchmark — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, latency {Latency.TotalMilliseconds} ms a request");
            var token = MakeToken();
            var rows = new List<Row>();
            var commandRows = new List<CommandRow>();
            var temp = Directory.CreateTempSubdirectory("sspr-bench-");
            try
            {
                var startup = await RunChildAsync(new[] { "startup", "--module", manifest, "--sample", Path.Combine(repo, "samples", "contoso.snapshot.json") }, token).ConfigureAwait(false);
                Console.WriteLine($"Startup: engine {D(startup, "runspaceMs"):F0} ms, Import-Module {D(startup, "importMs"):F0} ms, sample scan {D(startup, "sampleScanMs"):F0} ms (again {D(startup, "sampleScanWarmMs"):F0} ms)");

                foreach (var size in settings.Sizes)
                {
                    var watch = Stopwatch.StartNew();
                    var tenant = TenantGenerator.Generate(size, Seed);
                    var adminFile = Path.Combine(temp.FullName, "admins-" + size + ".txt");
                    File.WriteAllLines(adminFile, tenant.AdminIds);
                    var options = new FakeGraphOptions
                    {
                        Latency = Latency,
                        PageSize = 100,
                        MaxPageSize = 999,
                        ExpectedBearerToken = token,
                        RetryAfterSeconds = 1,
                        RandomSeed = Seed,
                        ReportRequestsPer10Seconds = 5,
                    };
                    await using var server = await FakeGraphServer.StartAsync(tenant.Fixture, options).ConfigureAwait(false);
                    await WarmAsync(server, token, tenant.AdminIds[0]).ConfigureAwait(false);
                    var users = tenant.Users;
                    Console.WriteLine($"\n{size} admins among {users} users ({tenant.Assignments} assignments, {tenant.Eligibilities} eligible, {tenant.Groups} groups, {tenant.Units} units) — generated, served and warmed up in {watch.Elapsed.TotalSeconds:F1} s (11 s of it letting the reports window run out)");
                    tenant = null;
                    GC.Collect();

                    foreach (var throttled in new[] { false, true })
                    {
                        if (throttled && !settings.ThrottledSizes.Contains(size))
                        {
                            continue;
                        }

                        server.Options.ThrottleRate = throttled ? 0.1 : 0;
                        var row = new Row { Admins = size, Users = users, Variant = throttled ? "1 in 10 throttled" : "no throttling" };

                        // (a) the module
                        server.ClearLog();
                        server.ResetConcurrency();
                        var scanArgs = new List<string> { "scan", "--module", manifest, "--endpoint", server.BaseAddress.ToString() };
                        if (settings.ThrottleLimit is int limit)
                        {
                            scanArgs.AddRange(new[] { "--throttle-limit", limit.ToString(CultureInfo.InvariantCulture) });
                        }

                        var scan = await RunChildAsync(scanArgs.ToArray(), token).ConfigureAwait(false);
                        var (from, to) = (DateTimeOffset.Parse(S(scan, "start"), CultureInfo.InvariantCulture), DateTimeOffset.Parse(S(scan, "end"), CultureInfo.InvariantCulture));
                        var top = server.Requests.Where(r => r.At >= from && r.At <= to).ToList();
                        row.ScanRequests = top.Count;
                        row.ScanInner = server.BatchInnerRequests.Count(r => r.At >= from && r.At <= to);
                        row.ReportRequests = top.Count(r => r.PathAndQuery.Contains("/reports/", StringComparison.OrdinalIgnoreCase)) +
                            server.BatchInnerRequests.Count(r => r.At >= from && r.At <= to && r.PathAndQuery.Contains("reports/", StringComparison.OrdinalIgnoreCase));
                        row.MaxConcurrent = server.MaxConcurrentRequests;
                        row.ScanMs = D(scan, "scanMs");
                        row.ScanPeakWs = (long)D(scan, "peakWorkingSet");
                        row.ScanBaseWs = (long)D(scan, "workingSetBeforeScan");
                        row.ScanPeakGc = (long)D(scan, "peakGcHeap");
                        row.Evaluated = (int)D(scan, "results");
                        row.Breakdown = string.Join(", ", top.GroupBy(r => Kind(r.PathAndQuery)).OrderByDescending(g => g.Count()).Select(g => g.Key + " " + g.Count()));
                        Console.WriteLine($"  [{row.Variant}] module: {row.ScanRequests} requests ({row.ScanInner} inside batches), {row.ScanMs / 1000:F2} s, peak WS {Mb(row.ScanPeakWs)} (before scan {Mb(row.ScanBaseWs)}), peak GC heap {Mb(row.ScanPeakGc)}, {row.Evaluated} results, max {row.MaxConcurrent} requests in flight, {row.ReportRequests} report requests");
                        Console.WriteLine("    " + row.Breakdown);

                        // (b) the naive script
                        var full = size <= settings.NaiveFullUpTo;
                        var sample = full ? size : Math.Min(settings.NaiveSample, size);
                        server.ClearLog();
                        var naive = await RunChildAsync(new[] { "naive", "--endpoint", server.BaseAddress.ToString(), "--admins", adminFile, "--sample", sample.ToString(CultureInfo.InvariantCulture) }, token).ConfigureAwait(false);
                        var sampled = (int)D(naive, "sampled");
                        var perAdminMs = D(naive, "loopMs") / Math.Max(1, sampled);
                        var perAdminRequests = D(naive, "loopRequests") / Math.Max(1, sampled);
                        row.NaiveSampled = sampled;
                        row.NaiveExtrapolated = sampled < size;
                        row.NaiveMs = D(naive, "listMs") + perAdminMs * size;
                        row.NaiveRequests = D(naive, "listRequests") + perAdminRequests * size;
                        row.NaivePeakWs = (long)D(naive, "peakWorkingSet");
                        Console.WriteLine($"  [{row.Variant}] naive: {(row.NaiveExtrapolated ? "extrapolated from " + sampled + " admins: " : "")}{row.NaiveRequests:F0} requests, {row.NaiveMs / 1000:F1} s, peak WS {Mb(row.NaivePeakWs)}; ratio (b)/(a) {row.NaiveMs / row.ScanMs:F0}x in time, {row.NaiveRequests / row.ScanRequests:F0}x in requests");
                        rows.Add(row);
                    }

                    server.Options.ThrottleRate = 0;

                    if (settings.CommandSizes.Contains(size))
                    {
                        // (c) one session, one connection: repeated scans, the status after them, and the one-admin questions.
                        var admins = File.ReadAllLines(adminFile);
                        var one = admins[size / 2];
                        var other = admins[size / 3];
                        // A new session starts with the reports window free: wait until the earlier runs' report calls have left
                        // the fake's 10-second window (the new process's pacer cannot know about them).
                        var lastReport = server.Requests.Where(r => r.PathAndQuery.Contains("/reports/", StringComparison.OrdinalIgnoreCase) ||
                            r.PathAndQuery.Contains("/auditLogs/", StringComparison.OrdinalIgnoreCase)).Select(r => r.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
                        var free = lastReport == DateTimeOffset.MinValue ? TimeSpan.Zero : lastReport + TimeSpan.FromSeconds(11) - DateTimeOffset.UtcNow;
                        if (free > TimeSpan.Zero)
                        {
                            await Task.Delay(free).ConfigureAwait(false);
                        }

                        server.ClearLog();
                        var child = await RunChildAsync(new[] { "commands", "--module", manifest, "--endpoint", server.BaseAddress.ToString(), "--admin", one, "--other", other }, token).ConfigureAwait(false);
                        foreach (var c in child["commands"].EnumerateArray())
                        {
                            var from = DateTimeOffset.Parse(c.GetProperty("start").GetString()!, CultureInfo.InvariantCulture);
                            var to = DateTimeOffset.Parse(c.GetProperty("end").GetString()!, CultureInfo.InvariantCulture);
                            var top = server.Requests.Where(r => r.At >= from && r.At <= to).ToList();
                            var inner = server.BatchInnerRequests.Where(r => r.At >= from && r.At <= to).ToList();
                            var cr = new CommandRow
                            {
                                Admins = size,
                                Name = c.GetProperty("name").GetString()!,
                                Requests = top.Count,
                                Inner = inner.Count,
                                Reports = top.Count(r => r.PathAndQuery.Contains("/reports/", StringComparison.OrdinalIgnoreCase) || r.PathAndQuery.Contains("/auditLogs/", StringComparison.OrdinalIgnoreCase)),
                                Ms = c.GetProperty("ms").GetDouble(),
                                PeakWs = (long)c.GetProperty("peakWorkingSet").GetDouble(),
                                PeakGc = (long)c.GetProperty("peakGcHeap").GetDouble(),
                                Error = c.GetProperty("errors").GetString() ?? "",
                            };
                            commandRows.Add(cr);
                            Console.WriteLine($"  [session] {cr.Name}: {cr.Requests} requests ({cr.Inner} inside batches, {cr.Reports} to reports/audit), {cr.Ms / 1000:F2} s, process peak WS {Mb(cr.PeakWs)}, peak GC heap {Mb(cr.PeakGc)}{(cr.Error.Length > 0 ? ", error: " + cr.Error : "")}");
                        }

                        var naiveRow = rows.LastOrDefault(r => r.Admins == size && r.Variant == "no throttling");
                        if (naiveRow != null)
                        {
                            Console.WriteLine($"  [session] per-admin script, same run: {naiveRow.NaiveRequests:F0} requests, {naiveRow.NaiveMs / 1000:F1} s, peak WS {Mb(naiveRow.NaivePeakWs)}");
                        }
                    }
                }

                var output = settings.Output ?? Path.Combine(repo, "docs", "benchmarks.md");
                WriteMarkdown(output, settings, startup, rows, commandRows);
                Console.WriteLine("\nWritten to " + output);
                return 0;
            }
            finally
            {
                try
                {
                    temp.Delete(true);
                }
                catch (IOException)
                {
                }
            }
        }

        /// <summary>
        /// The fake builds its indexes and report rows on first use, and its code is compiled on first call: one request to each
        /// kind of endpoint a scan uses, so that the first measured scan does not pay the fake's start-up (real Graph has none).
        /// Then the reports window is let run out and the log cleared.
        /// </summary>
        private static async Task WarmAsync(FakeGraphServer server, string token, string adminId)
        {
            using var http = new System.Net.Http.HttpClient { BaseAddress = server.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            foreach (var path in new[]
            {
                "v1.0/roleManagement/directory/roleAssignments?$expand=principal&$top=999",
                "v1.0/roleManagement/directory/roleEligibilitySchedules?$expand=principal&$top=999",
                "v1.0/groups?$filter=isAssignableToRole eq true&$top=999",
                "v1.0/directory/administrativeUnits?$top=999",
                "v1.0/users?$filter=id in ('" + adminId + "')",
                "v1.0/users/" + adminId + "/authentication/methods",
                "v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin eq true&$top=999",
            })
            {
                using var response = await http.GetAsync(path).ConfigureAwait(false);
            }

            var batch = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/" + adminId + "/authentication/methods\"}]}";
            using (var content = new System.Net.Http.StringContent(batch, Encoding.UTF8, "application/json"))
            using (await http.PostAsync("v1.0/$batch", content).ConfigureAwait(false))
            {
            }

            await Task.Delay(TimeSpan.FromSeconds(11)).ConfigureAwait(false);
            server.ClearLog();
        }

        private static string Kind(string path)
        {
            var p = path.StartsWith("/v1.0/", StringComparison.Ordinal) ? path.Substring(6) : path.TrimStart('/');
            var q = p.IndexOf('?');
            var bare = q >= 0 ? p.Substring(0, q) : p;
            if (bare == "$batch")
            {
                return "$batch";
            }

            var parts = bare.Split('/');
            return string.Join("/", parts.Select(s => Guid.TryParse(s, out _) ? "{id}" : s));
        }

        private static void WriteMarkdown(string path, Settings settings, Dictionary<string, JsonElement> startup, List<Row> rows, List<CommandRow> commandRows)
        {
            var sb = new StringBuilder();
            sb.AppendLine("<!-- bench:begin (written by bench/SsprTools.Bench; edit the text outside these markers) -->");
            sb.AppendLine($"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}), " +
                $"{Latency.TotalMilliseconds:F0} ms injected latency a request, fake Graph page size 100 (up to 999 with `$top`), seed {Seed}" +
                (settings.ThrottleLimit is int l ? $", -ThrottleLimit {l}" : ", default -ThrottleLimit") + (settings.Quick ? ", --quick" : "") + ".");
            sb.AppendLine();
            sb.AppendLine($"Startup (fresh process, hosted engine): runspace {D(startup, "runspaceMs"):F0} ms, `Import-Module` {D(startup, "importMs"):F0} ms, " +
                $"`Test-SsprAdminReadiness -SnapshotPath samples/contoso.snapshot.json` {D(startup, "sampleScanMs"):F0} ms the first time, {D(startup, "sampleScanWarmMs"):F0} ms the second; peak working set {Mb((long)D(startup, "peakWorkingSet"))}.");
            sb.AppendLine();
            var t = rows.FirstOrDefault(r => r.Admins == 2000 && r.Variant == "no throttling");
            var big = rows.FirstOrDefault(r => r.Admins == 10000 && r.Variant == "no throttling");
            sb.AppendLine("| target | measured | met |");
            sb.AppendLine("|---|---|---|");
            if (t != null)
            {
                var perTen = 10.0 * t.ScanRequests / t.Admins;
                sb.AppendLine($"| ≤ 1 HTTP request per 10 admins (2,000 admins) | {perTen:F2} per 10 admins ({t.ScanRequests} requests) | {(perTen <= 1 ? "yes" : "no")} |");
                sb.AppendLine($"| wall time ≥ 30× lower than the naive reference (2,000 admins) | {t.NaiveMs / t.ScanMs:F0}× ({t.ScanMs / 1000:F1} s vs {Fmt(t.NaiveMs)}{(t.NaiveExtrapolated ? ", extrapolated" : "")}) | {(t.NaiveMs / t.ScanMs >= 30 ? "yes" : "no")} |");
                sb.AppendLine($"| peak working set < 300 MB (2,000 admins) | {Mb(t.ScanPeakWs)} | {(t.ScanPeakWs < 300L * 1048576 ? "yes" : "no")} |");
            }

            if (t != null && big != null)
            {
                var growth = (double)big.ScanRequests / t.ScanRequests;
                sb.AppendLine($"| 2,000 → 10,000 admins: requests grow with admins (5×), not users | {t.ScanRequests} → {big.ScanRequests} requests ({growth:F2}×; per 10 admins {10.0 * t.ScanRequests / t.Admins:F2} → {10.0 * big.ScanRequests / big.Admins:F2}) | {(growth <= 5.5 ? "yes" : "no")} |");
            }

            sb.AppendLine($"| `Import-Module` < 1 s (hosted engine, fresh process) | {D(startup, "importMs"):F0} ms | {(D(startup, "importMs") < 1000 ? "yes" : "no")} |");
            sb.AppendLine($"| scan of samples/contoso.snapshot.json < 1 s | {D(startup, "sampleScanMs"):F0} ms first, {D(startup, "sampleScanWarmMs"):F0} ms again | {(D(startup, "sampleScanMs") < 1000 ? "yes" : "no")} |");
            sb.AppendLine();
            sb.AppendLine("| admins / users | variant | (a) requests | (a) inner | (a) requests per 10 admins | (a) wall | (a) peak WS (before scan) | (a) peak GC heap | (b) requests | (b) wall | (b) peak WS | (b)/(a) wall | (b)/(a) requests |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in rows)
            {
                var ex = r.NaiveExtrapolated ? "*" : "";
                sb.AppendLine($"| {r.Admins:N0} / {r.Users:N0} | {r.Variant} | {r.ScanRequests:N0} | {r.ScanInner:N0} | {10.0 * r.ScanRequests / r.Admins:F2} | {r.ScanMs / 1000:F2} s | {Mb(r.ScanPeakWs)} ({Mb(r.ScanBaseWs)}) | {Mb(r.ScanPeakGc)} | " +
                    $"{r.NaiveRequests:N0}{ex} | {Fmt(r.NaiveMs)}{ex} | {Mb(r.NaivePeakWs)} | {r.NaiveMs / r.ScanMs:F0}× | {r.NaiveRequests / r.ScanRequests:F0}× |");
            }

            sb.AppendLine();
            if (rows.Any(r => r.NaiveExtrapolated))
            {
                sb.AppendLine("\\* extrapolated linearly: the naive client listed the role assignments in full, then read " +
                    string.Join(", ", rows.Where(r => r.NaiveExtrapolated).Select(r => $"{r.NaiveSampled} of {r.Admins:N0} admins ({r.Variant})").Distinct()) +
                    "; requests and time of the per-admin loop are scaled by admins / sampled. Its peak working set is that of the sampled run.");
                sb.AppendLine();
            }

            sb.AppendLine("Requests of each module scan, by path (a `$batch` counts once):");
            sb.AppendLine();
            foreach (var r in rows)
            {
                sb.AppendLine($"- {r.Admins:N0} admins, {r.Variant}: {r.Breakdown}; at most {r.MaxConcurrent} requests in flight; {r.ReportRequests} to the reports API.");
            }

            foreach (var group in commandRows.GroupBy(c => c.Admins))
            {
                var naive = rows.LastOrDefault(r => r.Admins == group.Key && r.Variant == "no throttling");
                sb.AppendLine();
                sb.AppendLine($"One session, one connection, {group.Key:N0} admins (issue 13): each command measured on its own; requests counted in the fake Graph's log " +
                    "(top level, and inside `$batch`); peak working set is the process's so far (one engine for every command), GC heap peak is the command's own.");
                sb.AppendLine();
                sb.AppendLine("| command | requests | inside `$batch` | top level + inner | reports/audit | wall | process peak WS | GC heap peak |");
                sb.AppendLine("|---|---|---|---|---|---|---|---|");
                foreach (var c in group)
                {
                    sb.AppendLine($"| `{c.Name}` | {c.Requests:N0} | {c.Inner:N0} | {c.Requests + c.Inner:N0} | {c.Reports} | {c.Ms / 1000:F2} s | {Mb(c.PeakWs)} | {Mb(c.PeakGc)} |" +
                        (c.Error.Length > 0 ? " error: " + c.Error.Replace("|", "/") : ""));
                }

                if (naive != null)
                {
                    sb.AppendLine($"| per-admin script (same run, {(naive.NaiveExtrapolated ? "extrapolated" : "measured")}) | {naive.NaiveRequests:N0} | – | {naive.NaiveRequests:N0} | – | {Fmt(naive.NaiveMs)} | {Mb(naive.NaivePeakWs)} | – |");
                    var first = group.FirstOrDefault();
                    if (first != null && first.Ms > 0)
                    {
                        sb.AppendLine();
                        sb.AppendLine($"The per-admin script takes **{naive.NaiveMs / first.Ms:F0}×** the session's first scan ({Fmt(naive.NaiveMs)} against {first.Ms / 1000:F2} s; issue 13 asks at least 60×).");
                    }
                }
            }

            sb.AppendLine("<!-- bench:end -->");
            var block = sb.ToString();
            var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
            var begin = text.IndexOf("<!-- bench:begin", StringComparison.Ordinal);
            var end = text.IndexOf("<!-- bench:end -->", StringComparison.Ordinal);
            text = begin >= 0 && end > begin
                ? text.Substring(0, begin) + block + text.Substring(end + "<!-- bench:end -->".Length).TrimStart('\r', '\n').Insert(0, "\n")
                : text.TrimEnd() + "\n\n" + block;
            File.WriteAllText(path, text);
        }

        private static string Fmt(double ms) => ms >= 120_000 ? (ms / 60_000).ToString("F1", CultureInfo.InvariantCulture) + " min" : (ms / 1000).ToString("F1", CultureInfo.InvariantCulture) + " s";

        private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture) + " MB";

        private static double D(Dictionary<string, JsonElement> d, string key) => d.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

        private static string S(Dictionary<string, JsonElement> d, string key) => d[key].GetString()!;

        private static async Task<Dictionary<string, JsonElement>> RunChildAsync(string[] args, string token)
        {
            var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
            var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                psi.ArgumentList.Add(typeof(Program).Assembly.Location);
            }

            psi.ArgumentList.Add("--child");
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["SSPR_BENCH_TOKEN"] = token;
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + self);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            var text = await stdout.ConfigureAwait(false);
            var err = await stderr.ConfigureAwait(false);
            var line = text.Split('\n').LastOrDefault(l => l.StartsWith("{", StringComparison.Ordinal));
            if (process.ExitCode != 0 || line == null)
            {
                throw new InvalidOperationException($"Child {string.Join(' ', args.Take(1))} failed ({process.ExitCode}): {err}\n{text}");
            }

            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(line)!;
        }

        // ==================================================================== children

        private static async Task<int> ChildAsync(string[] args)
        {
            string? Arg(string name)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }

            var token = Environment.GetEnvironmentVariable("SSPR_BENCH_TOKEN") ?? "";
            Dictionary<string, object> result;
            using var sampler = new HeapSampler();
            switch (args[1])
            {
                case "naive":
                    var admins = File.ReadAllLines(Arg("--admins")!).Where(l => l.Length > 0).ToList();
                    result = await NaiveClient.RunAsync(new Uri(Arg("--endpoint")!), token, admins, int.Parse(Arg("--sample")!, CultureInfo.InvariantCulture)).ConfigureAwait(false);
                    break;
                case "scan":
                    result = Scan(Arg("--module")!, new Uri(Arg("--endpoint")!), token, Arg("--throttle-limit"), sampler);
                    break;
                case "startup":
                    result = Startup(Arg("--module")!, Arg("--sample")!);
                    break;
                case "commands":
                    result = Commands(Arg("--module")!, new Uri(Arg("--endpoint")!), token, Arg("--admin")!, Arg("--other") ?? Arg("--admin")!, sampler);
                    break;
                default:
                    throw new ArgumentException("Unknown child " + args[1]);
            }

            using var me = Process.GetCurrentProcess();
            me.Refresh();
            result["peakWorkingSet"] = me.PeakWorkingSet64;
            result["peakGcHeap"] = sampler.Peak;
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }

        private static Runspace OpenRunspace()
        {
            var iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            var runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            return runspace;
        }

        private static Collection Invoke(Runspace runspace, string script, IDictionary<string, object>? variables = null)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            foreach (var v in variables ?? new Dictionary<string, object>())
            {
                runspace.SessionStateProxy.SetVariable(v.Key, v.Value);
            }

            ps.AddScript(script);
            var output = ps.Invoke();
            if (ps.Streams.Error.Count > 0)
            {
                throw new InvalidOperationException(script + ": " + ps.Streams.Error[0]);
            }

            return new Collection(output.Count, output);
        }

        private sealed record Collection(int Count, System.Collections.ObjectModel.Collection<PSObject> Items);

        private static Dictionary<string, object> Startup(string manifest, string sample)
        {
            var watch = Stopwatch.StartNew();
            using var runspace = OpenRunspace();
            var runspaceMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            Invoke(runspace, "Import-Module $m -ErrorAction Stop", new Dictionary<string, object> { ["m"] = manifest });
            var importMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var first = Invoke(runspace, "Test-SsprAdminReadiness -SnapshotPath $p", new Dictionary<string, object> { ["p"] = sample });
            var scanMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            Invoke(runspace, "Test-SsprAdminReadiness -SnapshotPath $p", new Dictionary<string, object> { ["p"] = sample });
            var warmMs = watch.Elapsed.TotalMilliseconds;
            return new Dictionary<string, object>
            {
                ["runspaceMs"] = runspaceMs,
                ["importMs"] = importMs,
                ["sampleScanMs"] = scanMs,
                ["sampleScanWarmMs"] = warmMs,
                ["sampleResults"] = first.Count,
            };
        }

        private static Dictionary<string, object> Scan(string manifest, Uri endpoint, string token, string? throttleLimit, HeapSampler sampler)
        {
            using var runspace = OpenRunspace();
            Invoke(runspace, "Import-Module $m -ErrorAction Stop", new Dictionary<string, object> { ["m"] = manifest });
            Invoke(runspace, "Connect-SsprGraph -AccessToken $t -GraphEndpoint $e | Out-Null", new Dictionary<string, object> { ["t"] = Secure(token), ["e"] = endpoint.ToString() });
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using (var me = Process.GetCurrentProcess())
            {
                sampler.Reset();
                var before = me.WorkingSet64;
                var start = DateTimeOffset.UtcNow;
                var watch = Stopwatch.StartNew();
                var verboseLog = Environment.GetEnvironmentVariable("SSPR_BENCH_VERBOSE");
                var output = Invoke(runspace, "Test-SsprAdminReadiness" + (throttleLimit != null ? " -ThrottleLimit " + int.Parse(throttleLimit, CultureInfo.InvariantCulture) : "") +
                    (verboseLog != null ? " -Verbose 4>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $vlog.Add([DateTime]::UtcNow.ToString('HH:mm:ss.fff') + ' ' + $_.Message) } else { $_ } }" : ""),
                    verboseLog != null ? new Dictionary<string, object> { ["vlog"] = new List<string>() } : null);
                var ms = watch.Elapsed.TotalMilliseconds;
                var end = DateTimeOffset.UtcNow;
                if (verboseLog != null)
                {
                    // The command's own start and end around its verbose lines: what is not Graph time shows between them.
                    var lines = new List<string> { start.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " (command started)" };
                    lines.AddRange((List<string>)runspace.SessionStateProxy.GetVariable("vlog"));
                    lines.Add(end.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " (command ended, " + output.Count + " results)");
                    File.WriteAllLines(verboseLog, lines);
                }

                return new Dictionary<string, object>
                {
                    ["start"] = start.ToString("o", CultureInfo.InvariantCulture),
                    ["end"] = end.ToString("o", CultureInfo.InvariantCulture),
                    ["scanMs"] = ms,
                    ["results"] = output.Count,
                    ["workingSetBeforeScan"] = before,
                };
            }
        }

        /// <summary>The commands a person runs in one session, one connection, each measured on its own (issue 13): three scans
        /// (the 2nd and 3rd with -Refresh, so they read again), Get-SsprStatus after them (the kept read), and the one-admin
        /// questions. Peak working set is the process's peak so far (one engine for all of them); GC heap peak is per command.</summary>
        private static Dictionary<string, object> Commands(string manifest, Uri endpoint, string token, string admin, string other, HeapSampler sampler)
        {
            using var runspace = OpenRunspace();
            Invoke(runspace, "Import-Module $m -ErrorAction Stop", new Dictionary<string, object> { ["m"] = manifest });
            Invoke(runspace, "Connect-SsprGraph -AccessToken $t -GraphEndpoint $e | Out-Null", new Dictionary<string, object> { ["t"] = Secure(token), ["e"] = endpoint.ToString() });
            var commands = new (string Name, string Script)[]
            {
                // In the order of issue 13's table: what a person at a prompt runs, one command after another.
                ("Test-SsprAdminReadiness (1st scan)", "Test-SsprAdminReadiness"),
                ("Test-SsprAdminReadiness (2nd scan)", "Test-SsprAdminReadiness"),
                ("Test-SsprAdminReadiness (3rd scan)", "Test-SsprAdminReadiness"),
                ("Test-SsprAdminReadiness -UserPrincipalName <one>", "Test-SsprAdminReadiness -UserPrincipalName $a"),
                ("Reset-AdminPassword <one> -WhatIf", "Reset-AdminPassword -UserPrincipalName $a -WhatIf"),
                ("Get-SsprStatus (after the scans)", "Get-SsprStatus"),
                ("Get-SsprDiagnosis <one> NoEmailReceived", "Get-SsprDiagnosis $a NoEmailReceived"),
                ("Get-SsprActivity -UserPrincipalName <one>", "Get-SsprActivity -UserPrincipalName $a"),
                // Then reading everything again on purpose: each of these pays Graph's reports limit (5 calls per 10 s) anew.
                ("Test-SsprAdminReadiness -Refresh", "Test-SsprAdminReadiness -Refresh"),
                ("Test-SsprAdminReadiness -Refresh (again)", "Test-SsprAdminReadiness -Refresh"),
                ("Get-SsprStatus -Refresh", "Get-SsprStatus -Refresh"),
                // A person who opens a session to ask about one admin: a new connection once the reports window is free
                // (not measured), then the four one-admin commands for another admin.
                ("", "[System.Threading.Thread]::Sleep(11000); Connect-SsprGraph -AccessToken $t -GraphEndpoint $e | Out-Null"),
                ("Test-SsprAdminReadiness -UserPrincipalName <other> (new connection)", "Test-SsprAdminReadiness -UserPrincipalName $b"),
                ("Reset-AdminPassword <other> -WhatIf (new connection)", "Reset-AdminPassword -UserPrincipalName $b -WhatIf"),
                ("Get-SsprDiagnosis <other> NoEmailReceived (new connection)", "Get-SsprDiagnosis $b NoEmailReceived"),
                ("Get-SsprActivity -UserPrincipalName <other> (new connection)", "Get-SsprActivity -UserPrincipalName $b"),
            };
            runspace.SessionStateProxy.SetVariable("t", Secure(token));
            runspace.SessionStateProxy.SetVariable("e", endpoint.ToString());
            runspace.SessionStateProxy.SetVariable("b", other);
            var list = new List<Dictionary<string, object>>();
            foreach (var (name, script) in commands)
            {
                if (name.Length == 0)
                {
                    Invoke(runspace, script);
                    continue;
                }

                GC.Collect();
                GC.WaitForPendingFinalizers();
                sampler.Reset();
                var start = DateTimeOffset.UtcNow;
                var watch = Stopwatch.StartNew();
                using var ps = PowerShell.Create();
                ps.Runspace = runspace;
                runspace.SessionStateProxy.SetVariable("a", admin);
                ps.AddScript(script);
                var output = ps.Invoke();
                var ms = watch.Elapsed.TotalMilliseconds;
                var end = DateTimeOffset.UtcNow;
                using var me = Process.GetCurrentProcess();
                me.Refresh();
                list.Add(new Dictionary<string, object>
                {
                    ["name"] = name,
                    ["start"] = start.ToString("o", CultureInfo.InvariantCulture),
                    ["end"] = end.ToString("o", CultureInfo.InvariantCulture),
                    ["ms"] = ms,
                    ["results"] = output.Count,
                    ["errors"] = ps.Streams.Error.Count > 0 ? ps.Streams.Error[0].ToString() : "",
                    ["peakWorkingSet"] = me.PeakWorkingSet64,
                    ["peakGcHeap"] = sampler.Peak,
                });
            }

            return new Dictionary<string, object> { ["commands"] = list };
        }

        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text)
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }

        /// <summary>Samples the GC heap size every 10 ms; Peak is the largest seen since the last Reset.</summary>
        private sealed class HeapSampler : IDisposable
        {
            private readonly Timer timer;
            private long peak;

            public HeapSampler()
            {
                timer = new Timer(_ => Sample(), null, 0, 10);
            }

            public long Peak
            {
                get
                {
                    Sample();
                    return Interlocked.Read(ref peak);
                }
            }

            public void Reset() => Interlocked.Exchange(ref peak, 0);

            // SSPR_BENCH_HEAPLOG=file: a timeline (UTC time, GC heap MB, working set MB) every 100 ms, to see which phase of a
            // command holds the memory.
            private readonly string? timeline = Environment.GetEnvironmentVariable("SSPR_BENCH_HEAPLOG");
            private int ticks;

            private void Sample()
            {
                var now = GC.GetTotalMemory(false);
                if (timeline != null && Interlocked.Increment(ref ticks) % 10 == 0)
                {
                    using var me = Process.GetCurrentProcess();
                    File.AppendAllText(timeline, DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + (now >> 20) + " " + (me.WorkingSet64 >> 20) + "\n");
                }

                long seen;
                while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
                {
                }
            }

            public void Dispose() => timer.Dispose();
        }

        // ==================================================================== helpers

        private static string MakeToken()
        {
            static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var payload = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["tid"] = "11111111-2222-3333-4444-555555555555",
                ["upn"] = "bench@contoso.com",
                ["scp"] = "Policy.Read.All RoleManagement.Read.Directory User.Read.All UserAuthenticationMethod.Read.All AuditLog.Read.All GroupMember.Read.All AdministrativeUnit.Read.All User.Read",
                ["exp"] = DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeSeconds(),
            });
            return B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + B64(payload) + ".c2lnbmF0dXJl";
        }

        private static string FindRepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "SsprTools.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("SsprTools.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
