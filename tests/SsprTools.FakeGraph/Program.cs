using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SsprTools.FakeGraph
{
    /// <summary>
    /// Standalone mode:
    /// dotnet run --project tests/SsprTools.FakeGraph -- --fixture samples/contoso.snapshot.json [--port 5000] [--latency-ms 50]
    ///   [--throttle-rate 0.1] [--server-error-rate 0.05] [--retry-after 1] [--page-size 100] [--seed 42] [--token T]
    ///   [--no-registration-license] [--no-pim-license] [--no-audit-license] [--mask-phones] [--ignore-stdin]
    /// License switches default to the snapshot's "collection" block (FakeGraphOptions.ForFixture).
    /// Prints "Fake Graph listening on http://127.0.0.1:PORT" and runs until Ctrl+C, SIGTERM or stdin closes
    /// (--ignore-stdin: only Ctrl+C/SIGTERM, for background processes whose stdin is /dev/null).
    /// </summary>
    internal static class Program
    {
        private const string Usage =
            "Usage: SsprTools.FakeGraph --fixture <snapshot.json> [--port N] [--latency-ms N] [--throttle-rate F] [--server-error-rate F] " +
            "[--retry-after N] [--page-size N] [--seed N] [--token T] [--no-registration-license] [--no-pim-license] [--no-audit-license] " +
            "[--mask-phones] [--ignore-stdin]";

        public static async Task<int> Main(string[] args)
        {
            string? fixture = null;
            int port = 0;
            bool watchStdin = true;
            var settings = new List<Action<FakeGraphOptions>>();
            try
            {
                for (int i = 0; i < args.Length; i++)
                {
                    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                    switch (args[i].ToLowerInvariant())
                    {
                        case "--fixture":
                            fixture = Value();
                            break;
                        case "--port":
                            port = int.Parse(Value(), CultureInfo.InvariantCulture);
                            break;
                        case "--latency-ms":
                            double latencyMs = double.Parse(Value(), CultureInfo.InvariantCulture);
                            settings.Add(o => o.Latency = TimeSpan.FromMilliseconds(latencyMs));
                            break;
                        case "--throttle-rate":
                            double throttleRate = double.Parse(Value(), CultureInfo.InvariantCulture);
                            settings.Add(o => o.ThrottleRate = throttleRate);
                            break;
                        case "--server-error-rate":
                            double errorRate = double.Parse(Value(), CultureInfo.InvariantCulture);
                            settings.Add(o => o.ServerErrorRate = errorRate);
                            break;
                        case "--retry-after":
                            int retryAfter = int.Parse(Value(), CultureInfo.InvariantCulture);
                            settings.Add(o => o.RetryAfterSeconds = retryAfter);
                            break;
                        case "--page-size":
                            int pageSize = int.Parse(Value(), CultureInfo.InvariantCulture);
                            settings.Add(o => o.PageSize = pageSize);
                            break;
                        case "--seed":
                            int seed = int.Parse(Value(), CultureInfo.InvariantCulture);
                            settings.Add(o => o.RandomSeed = seed);
                            break;
                        case "--token":
                            string token = Value();
                            settings.Add(o => o.ExpectedBearerToken = token);
                            break;
                        case "--no-registration-license":
                            settings.Add(o => o.RegistrationReportLicensed = false);
                            break;
                        case "--no-pim-license":
                            settings.Add(o => o.PimLicensed = false);
                            break;
                        case "--no-audit-license":
                            settings.Add(o => o.AuditLicensed = false);
                            break;
                        case "--mask-phones":
                            settings.Add(o => o.MaskPhoneNumbers = true);
                            break;
                        case "--ignore-stdin":
                            watchStdin = false;
                            break;
                        case "-h":
                        case "--help":
                            Console.WriteLine(Usage);
                            return 0;
                        default:
                            throw new ArgumentException($"Unknown argument '{args[i]}'.");
                    }
                }

                if (fixture is null)
                {
                    throw new ArgumentException("--fixture is required.");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine(ex.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }

            if (!File.Exists(fixture))
            {
                Console.Error.WriteLine($"Fixture not found: {fixture}");
                return 2;
            }

            var fixtureNode = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(fixture).ConfigureAwait(false),
                documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
            if (fixtureNode is not System.Text.Json.Nodes.JsonObject fixtureObject)
            {
                Console.Error.WriteLine($"{fixture} is not a JSON object.");
                return 2;
            }

            // License switches follow the snapshot's "collection" block; command-line flags win.
            FakeGraphOptions options = FakeGraphOptions.ForFixture(fixtureObject);
            foreach (Action<FakeGraphOptions> apply in settings)
            {
                apply(options);
            }

            await using FakeGraphServer server = await FakeGraphServer.StartAsync(fixtureObject, options, port).ConfigureAwait(false);
            Console.WriteLine($"Fake Graph listening on {server.BaseAddress.GetLeftPart(UriPartial.Authority)}");
            Console.Out.Flush();

            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.TrySetResult();
            };
            AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                stop.TrySetResult();
            });

            if (watchStdin)
            {
                var reader = new Thread(() =>
                {
                    try
                    {
                        using Stream stdin = Console.OpenStandardInput();
                        var buffer = new byte[256];
                        while (stdin.Read(buffer, 0, buffer.Length) > 0)
                        {
                        }
                    }
                    catch (IOException)
                    {
                    }

                    stop.TrySetResult();
                })
                {
                    IsBackground = true,
                    Name = "stdin watcher",
                };
                reader.Start();
            }

            await stop.Task.ConfigureAwait(false);
            Console.WriteLine("Fake Graph stopping.");
            return 0;
        }
    }
}
