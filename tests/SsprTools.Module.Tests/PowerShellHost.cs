using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SsprTools.Module.Tests
{
    /// <summary>The real PowerShell engine with the built module imported, as a user's session would have it.</summary>
    public sealed class PowerShellHost : IDisposable
    {
        private readonly Runspace runspace;

        public PowerShellHost()
        {
            var iss = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows())
            {
                iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            }

            runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            var import = Run($"Import-Module '{Paths.ModuleManifest}' -ErrorAction Stop");
            if (import.Errors.Count > 0)
            {
                throw new InvalidOperationException("Import-Module failed: " + import.Errors[0]);
            }

            // Connections made by these tests pace the reports API without sleeping (issue 13); the pacer's own tests opt out.
            ReportPacerHook.UseVirtualClock();
        }

        public RunResult Run(string script, IDictionary<string, object?>? variables = null)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            if (variables != null)
            {
                foreach (var v in variables)
                {
                    runspace.SessionStateProxy.SetVariable(v.Key, v.Value);
                }
            }

            ps.AddScript(script);
            Exception? terminating = null;
            var output = new List<PSObject>();
            try
            {
                output.AddRange(ps.Invoke());
            }
            catch (RuntimeException e)
            {
                terminating = e;
            }

            return new RunResult(output, ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(),
                ps.Streams.Verbose.Select(v => v.Message).ToList(), ps.Streams.Progress.ToList(), terminating, ps.HadErrors);
        }

        public void Dispose() => runspace.Dispose();
    }

    public sealed class RunResult
    {
        public RunResult(List<PSObject> output, List<ErrorRecord> errors, List<string> warnings, List<string> verbose,
            List<ProgressRecord> progress, Exception? terminating, bool hadErrors)
        {
            Output = output;
            Errors = errors;
            Warnings = warnings;
            Verbose = verbose;
            Progress = progress;
            Terminating = terminating;
            HadErrors = hadErrors;
        }

        public List<PSObject> Output { get; }
        public List<ErrorRecord> Errors { get; }
        public List<string> Warnings { get; }
        public List<string> Verbose { get; }
        public List<ProgressRecord> Progress { get; }
        public Exception? Terminating { get; }
        public bool HadErrors { get; }

        /// <summary>The error, terminating or not; a terminating one carries its ErrorRecord.</summary>
        public ErrorRecord? FirstError =>
            Errors.FirstOrDefault() ?? (Terminating as IContainsErrorRecord)?.ErrorRecord;

        public T Property<T>(int index, string name) => (T)Output[index].Properties[name].Value;
    }

    public static class Paths
    {
        public static string RepoRoot { get; } = FindRepoRoot();
        public static string ModuleFolder => Path.Combine(RepoRoot, "out", "SsprTools");
        public static string ModuleManifest => Path.Combine(ModuleFolder, "SsprTools.psd1");
        public static string Sample(string name) => Path.Combine(RepoRoot, "samples", name);
        public static string Contoso => Sample("contoso.snapshot.json");
        public static string SingleAdmin => Sample("single-admin.snapshot.json");

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
