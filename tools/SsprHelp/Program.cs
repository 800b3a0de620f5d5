using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace SsprHelp;

/// <summary>
/// Writes the module's MAML help from the built module and the Markdown in src/SsprTools/help. The build runs it
/// (tools/SsprHelp/SsprHelp.csproj, target GenerateModuleHelp); run it by hand with `dotnet build tools/SsprHelp`.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage: SsprHelp --module <SsprTools.psd1> --markdown <help folder> --out <SsprTools.dll-Help.xml> [--check]

        Imports the module into PowerShell 7.6 (hosted in-process), reads each cmdlet's parameter sets, types,
        mandatory, position, pipeline input, aliases, defaults and output types, merges them with the Markdown
        (<Cmdlet>.md) and writes the MAML that Get-Help reads.

          --check   Write nothing; exit 1 when the file at --out differs from what would be written.

        Missing or extra descriptions are printed as warnings in the form file(line): warning SSPRHELP: ...;
        the help is still written. Exit code: 0 written (or current with --check), 1 stale (--check),
        2 usage or import problems.
        """;

    public static int Main(string[] args)
    {
        string? module = null, markdown = null, output = null;
        bool check = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--module" when i + 1 < args.Length:
                    module = args[++i];
                    break;
                case "--markdown" when i + 1 < args.Length:
                    markdown = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--check":
                    check = true;
                    break;
                case "--help" or "-h" or "-?":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine("SsprHelp: unexpected argument '" + args[i] + "'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        if (module == null || markdown == null || output == null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        HelpBuild help;
        try
        {
            help = HelpGenerator.BuildFromModule(module, markdown);
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException or IOException)
        {
            // MSBuild's canonical error form, so the build shows it as an error.
            Console.Error.WriteLine($"{module}: error SSPRHELP: the help could not be generated: {e.Message}");
            return 2;
        }

        foreach (var problem in help.Problems)
        {
            Console.WriteLine(problem.ToMsBuild("warning"));
        }

        string? existing = File.Exists(output) ? File.ReadAllText(output) : null;
        if (check)
        {
            if (existing == help.Maml)
            {
                Console.WriteLine($"SsprHelp: {output} is current ({help.Cmdlets.Count} cmdlets).");
                return 0;
            }

            Console.WriteLine($"SsprHelp: {output} is stale: build again (dotnet build SsprTools.sln).");
            return 1;
        }

        if (existing != help.Maml)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            File.WriteAllText(output, help.Maml, new UTF8Encoding(false));
        }
        else
        {
            File.SetLastWriteTimeUtc(output, DateTime.UtcNow); // up to date for MSBuild's incremental check
        }

        Console.WriteLine($"SsprHelp: help for {help.Cmdlets.Count} cmdlets ({help.Cmdlets.Sum(c => c.ParameterSets.Count)} syntax lines) in {output}"
            + (help.Problems.Count > 0 ? $"; {help.Problems.Count} problem(s) in the Markdown, above" : ""));
        return 0;
    }
}
