using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SsprShell;

/// <summary>
/// Runs one PowerShell command line against the built SsprTools module in the PowerShell engine hosted
/// in-process, so the module can be tried where pwsh is not installed.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage: SsprShell [--module <path>] [--] <command text...>

        Runs the command text in PowerShell 7.6 (hosted in-process) after importing the SsprTools module,
        and prints the output the way pwsh would.

          --module <path>  The module folder or .psd1 to import. Default: out/SsprTools, looked for
                           above the current directory and above SsprShell itself.
          --help           Show this help.

        Exit code: 0 on success; 1 if an error was written, a terminating error happened, or the last
        output is $false (so `Test-SsprAdminReadiness -Quiet` can gate a CI job); 2 for usage problems.
        Only the Microsoft.PowerShell.Core cmdlets are available besides the module's own.

        Example:
          dotnet run --project tools/SsprShell -c Release -- "Test-SsprAdminReadiness -SnapshotPath samples/contoso.snapshot.json"
        """;

    private const string ModuleName = "SsprTools";

    public static int Main(string[] args)
    {
        var words = new List<string>();
        string? modulePath = null;
        bool optionsEnded = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (optionsEnded)
            {
                words.Add(arg);
            }
            else if (arg == "--")
            {
                optionsEnded = true;
            }
            else if (arg is "--help" or "-h" or "-?" or "/?")
            {
                Console.Out.WriteLine(Usage);
                return 0;
            }
            else if (arg == "--module")
            {
                if (i + 1 >= args.Length)
                {
                    return UsageError("--module needs a path.");
                }

                modulePath = args[++i];
            }
            else if (arg.StartsWith("--module=", StringComparison.Ordinal))
            {
                modulePath = arg["--module=".Length..];
            }
            else
            {
                words.Add(arg);
            }
        }

        string command = string.Join(' ', words);
        if (string.IsNullOrWhiteSpace(command))
        {
            return UsageError("no command given.");
        }

        string? moduleToImport;
        if (modulePath is null)
        {
            moduleToImport = FindBuiltModule();
            if (moduleToImport is null)
            {
                Console.Error.WriteLine(
                    "error: The module is not built: run `dotnet build SsprTools.sln -c Release` first "
                    + $"(no out/{ModuleName}/{ModuleName}.psd1 above {Directory.GetCurrentDirectory()}).");
                return 2;
            }
        }
        else
        {
            moduleToImport = ResolveModulePath(modulePath);
            if (moduleToImport is null)
            {
                Console.Error.WriteLine($"error: module not found: {modulePath}");
                return 2;
            }
        }

        return Run(command, moduleToImport);
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine("Run with --help for usage.");
        return 2;
    }

    /// <summary>out/SsprTools/SsprTools.psd1 above the current directory, then above this program (dotnet run's bin/).</summary>
    private static string? FindBuiltModule()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string manifest = Path.Combine(dir.FullName, "out", ModuleName, ModuleName + ".psd1");
                if (File.Exists(manifest))
                {
                    return manifest;
                }
            }
        }

        return null;
    }

    /// <summary>A folder means its same-named manifest when it has one (what Import-Module does too).</summary>
    private static string? ResolveModulePath(string path)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return full;
        }

        if (!Directory.Exists(full))
        {
            return null;
        }

        string manifest = Path.Combine(full, Path.GetFileName(Path.TrimEndingDirectorySeparator(full)) + ".psd1");
        return File.Exists(manifest) ? manifest : full;
    }

    private static int Run(string command, string module)
    {
        InitialSessionState iss = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            // The module's manifest and format file are unsigned; Linux and macOS do not enforce policy.
            iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        iss.Commands.Add(new SessionStateCmdletEntry(WatchOutputCommand.CommandName, typeof(WatchOutputCommand), null));

        var host = new ConsoleHost();
        using Runspace runspace = RunspaceFactory.CreateRunspace(host, iss);
        runspace.Open();
        using PowerShell ps = PowerShell.Create();
        ps.Runspace = runspace;

        // Imported as a step of its own so a broken module is reported as such, not as the command's failure.
        ps.AddCommand("Import-Module").AddParameter("Name", module).AddParameter("ErrorAction", ActionPreference.Stop);
        try
        {
            ps.Invoke();
        }
        catch (RuntimeException e)
        {
            Console.Error.WriteLine($"error: could not import {module}: {OneLine(e)}");
            return 2;
        }

        // What pwsh itself does with a command line: the errors merged into the output, so Out-Default
        // renders them in $ErrorView (ConciseView) in order with the output, through the host.
        ps.Commands.Clear();
        ps.AddScript(command);
        ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        var tally = new OutputTally();
        ps.AddCommand(WatchOutputCommand.CommandName).AddParameter(nameof(WatchOutputCommand.Tally), tally);
        ps.AddCommand("Out-Default");

        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            ps.BeginStop(null, null);
        };

        try
        {
            ps.Invoke();
        }
        catch (RuntimeException e)
        {
            if (host.ExitCode is int exitCode)
            {
                return exitCode;
            }

            Console.Error.WriteLine($"error: {OneLine(e)}");
            return 1;
        }

        if (host.ExitCode is int code)
        {
            return code;
        }

        if (tally.Errors > 0 || ps.HadErrors)
        {
            return 1;
        }

        // A lone [bool] last (as -Quiet returns) is the answer itself.
        return tally.Last is bool answer && !answer ? 1 : 0;
    }

    /// <summary>The message without the "At line:1 char:5" block PowerShell puts in front of parse errors.</summary>
    private static string OneLine(RuntimeException e)
    {
        string message = e is ParseException { Errors.Length: > 0 } parse
            ? $"{parse.Errors[0].Message} (line {parse.Errors[0].Extent.StartLineNumber}, char {parse.Errors[0].Extent.StartColumnNumber})"
            : e.ErrorRecord?.Exception?.Message ?? e.Message;
        return message.ReplaceLineEndings(" ").Trim();
    }
}

/// <summary>What went past on the way to Out-Default: error records, and the last object.</summary>
public sealed class OutputTally
{
    public int Errors { get; set; }

    public object? Last { get; set; }
}

/// <summary>
/// Passes everything through to Out-Default unchanged (the same PSObject, so merged error records keep
/// their error-stream mark), counting the error records and remembering the last object for the exit code.
/// </summary>
[Cmdlet(VerbsCommon.Watch, "SsprShellOutput")]
public sealed class WatchOutputCommand : Cmdlet
{
    internal const string CommandName = "Watch-SsprShellOutput";

    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true)]
    public OutputTally Tally { get; set; } = null!;

    protected override void ProcessRecord()
    {
        object? value = InputObject?.BaseObject;
        if (value is ErrorRecord)
        {
            Tally.Errors++;
        }
        else
        {
            Tally.Last = value;
        }

        WriteObject(InputObject);
    }
}
