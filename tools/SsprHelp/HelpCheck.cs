using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SsprHelp;

/// <summary>Something to fix in the help, with the Markdown file and line to fix it in.</summary>
public sealed record HelpProblem(string Path, int Line, string Message)
{
    /// <summary>The canonical "file(line): warning CODE: message" form, which MSBuild and editors link to the file.</summary>
    public string ToMsBuild(string severity) => $"{Path}({Math.Max(Line, 1)}): {severity} SSPRHELP: {Message}";

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}:{Line}: {Message}";
}

/// <summary>Does the Markdown cover the cmdlets exactly: every cmdlet, every parameter in every set, nothing extra.</summary>
public static class HelpCheck
{
    public static List<HelpProblem> Check(IReadOnlyList<CmdletMetadata> cmdlets, IReadOnlyList<HelpMarkdown> docs, string markdownFolder)
    {
        var problems = new List<HelpProblem>();
        foreach (var doc in docs)
        {
            problems.AddRange(doc.Problems);
            string fileName = Path.GetFileNameWithoutExtension(doc.Path);
            if (doc.NameLine != 0 && !string.Equals(doc.Name, fileName, StringComparison.Ordinal))
            {
                problems.Add(new HelpProblem(doc.Path, doc.NameLine, $"the title '# {doc.Name}' must be the file's name, {fileName}"));
            }

            if (!cmdlets.Any(c => string.Equals(c.Name, fileName, StringComparison.Ordinal)))
            {
                problems.Add(new HelpProblem(doc.Path, 1,
                    $"the module has no cmdlet {fileName} (cmdlets: {string.Join(", ", cmdlets.Select(c => c.Name))}); rename or remove this file"));
            }
        }

        foreach (var cmdlet in cmdlets)
        {
            var doc = docs.FirstOrDefault(d => string.Equals(Path.GetFileNameWithoutExtension(d.Path), cmdlet.Name, StringComparison.Ordinal));
            string path = doc?.Path ?? Path.Combine(markdownFolder, cmdlet.Name + ".md");
            if (doc == null)
            {
                problems.Add(new HelpProblem(path, 1, $"{cmdlet.Name} has no help: write {cmdlet.Name}.md (see README.md in this folder)"));
                continue;
            }

            if (doc.Synopsis.Count == 0)
            {
                problems.Add(new HelpProblem(path, doc.NameLine, $"{cmdlet.Name} has no '## SYNOPSIS'"));
            }

            if (doc.Description.Count == 0)
            {
                problems.Add(new HelpProblem(path, doc.NameLine, $"{cmdlet.Name} has no '## DESCRIPTION'"));
            }

            if (doc.Examples.Count == 0)
            {
                problems.Add(new HelpProblem(path, doc.NameLine, $"{cmdlet.Name} has no example: add '### Example 1: …' with a ```powershell block under '## EXAMPLES'"));
            }

            foreach (var example in doc.Examples.Where(e => e.Remarks.Count == 0))
            {
                problems.Add(new HelpProblem(path, example.Line, $"example '{example.Title}' does not say what it does (a paragraph after its code)"));
            }

            foreach (var parameter in cmdlet.Parameters)
            {
                var entry = doc.Parameters.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                if (entry == null)
                {
                    problems.Add(new HelpProblem(path, doc.ParametersLine != 0 ? doc.ParametersLine : doc.NameLine,
                        $"-{parameter.Name} (parameter sets: {string.Join(", ", parameter.Sets)}) has no description: add '### -{parameter.Name}' and a paragraph under '## PARAMETERS'"));
                }
                else if (entry.Paragraphs.Count == 0)
                {
                    problems.Add(new HelpProblem(path, entry.Line, $"'### -{parameter.Name}' has no description"));
                }
                else if (!string.Equals(entry.Name, parameter.Name, StringComparison.Ordinal))
                {
                    problems.Add(new HelpProblem(path, entry.Line, $"'### -{entry.Name}' is spelled -{parameter.Name} in the cmdlet"));
                }
            }

            foreach (var entry in doc.Parameters)
            {
                if (cmdlet.Parameter(entry.Name) == null)
                {
                    problems.Add(new HelpProblem(path, entry.Line,
                        $"{cmdlet.Name} has no parameter -{entry.Name}; its parameters: {string.Join(", ", cmdlet.Parameters.Select(p => "-" + p.Name))}"));
                }
            }

            foreach (var group in doc.Parameters.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                problems.Add(new HelpProblem(path, group.Last().Line, $"-{group.Key} is described twice"));
            }

            foreach (var output in cmdlet.OutputTypes.Where(t => !doc.Outputs.Any(o => o.Name == t)))
            {
                problems.Add(new HelpProblem(path, doc.OutputsLine != 0 ? doc.OutputsLine : doc.NameLine, $"the output type {output} ([OutputType]) has no '### {output}' under '## OUTPUTS'"));
            }

            foreach (var output in doc.Outputs.Where(o => o.Name != "None" && !cmdlet.OutputTypes.Contains(o.Name)))
            {
                problems.Add(new HelpProblem(path, output.Line,
                    $"{cmdlet.Name} declares no output type {output.Name} ([OutputType]: {(cmdlet.OutputTypes.Count == 0 ? "none" : string.Join(", ", cmdlet.OutputTypes))})"));
            }

            foreach (var input in doc.Inputs.Where(i => i.Name != "None" && !cmdlet.InputTypes.Contains(i.Name)))
            {
                problems.Add(new HelpProblem(path, input.Line,
                    $"{cmdlet.Name} takes no {input.Name} from the pipeline by value (it takes: {(cmdlet.InputTypes.Count == 0 ? "nothing" : string.Join(", ", cmdlet.InputTypes))})"));
            }
        }

        return problems;
    }
}
