using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace SsprTools.Module.Tests
{
    /// <summary>
    /// Headless Chromium (Debian's chromium package) for the report's end-to-end test. Found at $SSPR_CHROMIUM,
    /// /usr/bin/chromium or on PATH (chromium, chromium-browser); null when absent (or SSPR_CHROMIUM=none), and the
    /// test then skips itself.
    /// </summary>
    public sealed class Chromium
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

        private Chromium(string executable)
        {
            Executable = executable;
        }

        public string Executable { get; }

        public static Chromium? Find()
        {
            // SSPR_CHROMIUM names the browser to use; a name that does not exist (e.g. "none") turns the test off.
            var fromEnv = Environment.GetEnvironmentVariable("SSPR_CHROMIUM");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return File.Exists(fromEnv) ? new Chromium(fromEnv) : null;
            }

            var candidates = new List<string>();

            candidates.Add("/usr/bin/chromium");
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                candidates.Add(Path.Combine(dir, "chromium"));
                candidates.Add(Path.Combine(dir, "chromium-browser"));
            }

            foreach (var c in candidates)
            {
                if (File.Exists(c))
                {
                    return new Chromium(c);
                }
            }

            return null;
        }

        /// <summary>The DOM after the page's scripts ran.</summary>
        public string DumpDom(string file, string fragment = "") =>
            Run(new List<string> { "--dump-dom", Url(file, fragment) });

        public void Screenshot(string file, string png, int width = 1280, int height = 2000, string fragment = "")
        {
            Run(new List<string> { "--screenshot=" + png, $"--window-size={width},{height}", "--hide-scrollbars", Url(file, fragment) });
        }

        private static string Url(string file, string fragment) => new Uri(Path.GetFullPath(file)).AbsoluteUri + fragment;

        private string Run(List<string> pageArgs)
        {
            var profile = Directory.CreateTempSubdirectory("sspr-chromium").FullName;
            try
            {
                var psi = new ProcessStartInfo(Executable)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var a in new[]
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio",
                    "--user-data-dir=" + profile,
                })
                {
                    psi.ArgumentList.Add(a);
                }

                foreach (var a in pageArgs)
                {
                    psi.ArgumentList.Add(a);
                }

                using var process = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds} s: {string.Join(' ', pageArgs)}");
                }

                Task.WaitAll(stdout, stderr);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {stderr.Result}");
                }

                return stdout.Result;
            }
            finally
            {
                try
                {
                    Directory.Delete(profile, true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
