using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace SsprHelp;

/// <summary>The MAML for a module, what it was made from, and what is missing or wrong in the Markdown.</summary>
public sealed record HelpBuild(string Maml, IReadOnlyList<CmdletMetadata> Cmdlets, IReadOnlyList<HelpMarkdown> Docs, IReadOnlyList<HelpProblem> Problems);

public static class HelpGenerator
{
    /// <summary>The cmdlet files in the help folder: Verb-Noun.md (README.md and other notes are not help).</summary>
    public static List<HelpMarkdown> LoadMarkdown(string folder) =>
        Directory.GetFiles(folder, "*-*.md").OrderBy(f => f, StringComparer.Ordinal).Select(HelpMarkdown.Load).ToList();

    /// <summary>Merges the cmdlets' metadata (from a session that imported the module) with the Markdown.</summary>
    public static HelpBuild Build(IEnumerable<CmdletInfo> cmdlets, string markdownFolder)
    {
        var metadata = cmdlets.OrderBy(c => c.Name, StringComparer.Ordinal).Select(CmdletMetadata.From).ToList();
        var docs = LoadMarkdown(markdownFolder);
        var problems = HelpCheck.Check(metadata, docs, markdownFolder);
        return new HelpBuild(MamlWriter.Write(metadata, docs), metadata, docs, problems);
    }

    /// <summary>Imports the built module (its .psd1) into a new PowerShell runspace and builds its help.</summary>
    public static HelpBuild BuildFromModule(string manifestPath, string markdownFolder)
    {
        var iss = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        using var runspace = RunspaceFactory.CreateRunspace(iss);
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module").AddParameter("Name", Path.GetFullPath(manifestPath)).AddParameter("PassThru").AddParameter("ErrorAction", "Stop");
        var module = ps.Invoke<PSModuleInfo>().FirstOrDefault()
            ?? throw new InvalidOperationException("Import-Module " + manifestPath + " returned no module.");
        ps.Commands.Clear();
        ps.AddCommand("Get-Command").AddParameter("Module", module.Name).AddParameter("CommandType", CommandTypes.Cmdlet);
        var cmdlets = ps.Invoke<CmdletInfo>();
        if (cmdlets.Count == 0)
        {
            throw new InvalidOperationException("The module " + manifestPath + " exports no cmdlet.");
        }

        return Build(cmdlets, markdownFolder);
    }
}
