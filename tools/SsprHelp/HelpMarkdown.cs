using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace SsprHelp;

/// <summary>A paragraph of help prose and the Markdown line it starts on.</summary>
public sealed record HelpText(string Text, int Line);

public sealed record HelpExample(string Title, string Code, IReadOnlyList<HelpText> Remarks, int Line);

/// <summary>Prose under a ### heading: a parameter (without its dash), an input or an output type.</summary>
public sealed record HelpEntry(string Name, IReadOnlyList<HelpText> Paragraphs, int Line);

public sealed record HelpLink(string Text, string? Uri, int Line);

/// <summary>
/// What a person writes about one cmdlet, read from src/SsprTools/help/&lt;Cmdlet&gt;.md (the platyPS v2 layout, prose
/// only). Everything the cmdlet itself knows (syntax, types, mandatory, position, pipeline input, aliases, defaults)
/// comes from the compiled cmdlet instead, so the Markdown has no SYNTAX section and no yaml metadata blocks.
/// </summary>
public sealed class HelpMarkdown
{
    private static readonly string[] KnownSections =
        { "SYNOPSIS", "ALIASES", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    private static readonly Regex InlineCode = new("`([^`]+)`", RegexOptions.Compiled);
    private static readonly Regex Strong = new(@"\*\*([^*]+)\*\*", RegexOptions.Compiled);
    private static readonly Regex MarkdownLink = new(@"^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)$", RegexOptions.Compiled);

    private HelpMarkdown(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The H1 title: the cmdlet's name.</summary>
    public string Name { get; private set; } = "";

    public int NameLine { get; private set; }

    public IReadOnlyList<HelpText> Synopsis { get; private set; } = Array.Empty<HelpText>();

    public IReadOnlyList<HelpText> Description { get; private set; } = Array.Empty<HelpText>();

    public List<HelpExample> Examples { get; } = new();

    public List<HelpEntry> Parameters { get; } = new();

    /// <summary>The line of '## PARAMETERS' (else of the title): where a missing description is to be added.</summary>
    public int ParametersLine { get; private set; }

    /// <summary>The line of '## OUTPUTS' (else of the title).</summary>
    public int OutputsLine { get; private set; }

    public List<HelpEntry> Inputs { get; } = new();

    public List<HelpEntry> Outputs { get; } = new();

    public IReadOnlyList<HelpText> Notes { get; private set; } = Array.Empty<HelpText>();

    public List<HelpLink> Links { get; } = new();

    /// <summary>Problems in the file itself (unknown sections, a SYNTAX section, an example without code …).</summary>
    public List<HelpProblem> Problems { get; } = new();

    public static HelpMarkdown Load(string path) => Parse(path, File.ReadAllText(path));

    public static HelpMarkdown Parse(string path, string text)
    {
        var help = new HelpMarkdown(path);
        help.Read(text.Replace("\r\n", "\n").Split('\n'));
        return help;
    }

    private void Read(string[] lines)
    {
        int i = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            // YAML front matter (document type, Module Name, title …): informational, as in platyPS.
            i = 1;
            while (i < lines.Length && lines[i].Trim() != "---")
            {
                i++;
            }

            i++;
        }

        string? section = null;
        int sectionLine = 0;
        var body = new List<(string Line, int Number)>();
        for (; i <= lines.Length; i++)
        {
            string? line = i < lines.Length ? lines[i] : null;
            bool inFence = body.Count(b => b.Line.TrimStart().StartsWith("```", StringComparison.Ordinal)) % 2 == 1;
            if (line == null || (!inFence && (line.StartsWith("# ", StringComparison.Ordinal) || line.StartsWith("## ", StringComparison.Ordinal))))
            {
                if (section != null)
                {
                    ReadSection(section, sectionLine, body);
                }

                body.Clear();
                if (line == null)
                {
                    break;
                }

                if (line.StartsWith("# ", StringComparison.Ordinal))
                {
                    if (NameLine != 0)
                    {
                        Problem(i + 1, "a second '# ' title; a file documents one cmdlet");
                    }

                    Name = line.Substring(2).Trim();
                    NameLine = i + 1;
                    section = null;
                }
                else
                {
                    section = line.Substring(3).Trim().ToUpperInvariant();
                    sectionLine = i + 1;
                    if (section == "SYNTAX")
                    {
                        Problem(i + 1, "remove the '## SYNTAX' section: the syntax comes from the compiled cmdlet's parameter sets");
                    }
                    else if (!KnownSections.Contains(section))
                    {
                        Problem(i + 1, $"unknown section '## {line.Substring(3).Trim()}' (known: {string.Join(", ", KnownSections)})");
                    }
                }

                continue;
            }

            if (section != null)
            {
                body.Add((line, i + 1));
            }
            else if (line.Trim().Length > 0 && NameLine != 0)
            {
                Problem(i + 1, "text before the first '## ' section");
            }
        }

        if (NameLine == 0)
        {
            Problem(1, "no '# <Cmdlet-Name>' title");
        }
    }

    private void ReadSection(string section, int sectionLine, List<(string Line, int Number)> body)
    {
        switch (section)
        {
            case "SYNOPSIS":
                Synopsis = Paragraphs(body, sectionLine);
                break;
            case "DESCRIPTION":
                Description = Paragraphs(body, sectionLine);
                break;
            case "NOTES":
                Notes = Paragraphs(body, sectionLine);
                break;
            case "EXAMPLES":
                foreach (var (title, line, content) in Subsections(body))
                {
                    ReadExample(title, line, content);
                }

                break;
            case "PARAMETERS":
                ParametersLine = sectionLine;
                foreach (var (title, line, content) in Subsections(body))
                {
                    if (title == "CommonParameters")
                    {
                        continue; // platyPS's fixed paragraph; Get-Help adds its own.
                    }

                    if (!title.StartsWith("-", StringComparison.Ordinal) || title.Length < 2 || title.Contains(' '))
                    {
                        Problem(line, $"a parameter heading is '### -Name', not '### {title}'");
                        continue;
                    }

                    if (content.Any(c => c.Line.TrimStart().StartsWith("```", StringComparison.Ordinal)))
                    {
                        Problem(line, $"remove the code block under '### {title}': a parameter's type, sets, position and pipeline input come from the compiled cmdlet");
                    }

                    Parameters.Add(new HelpEntry(title.Substring(1), Paragraphs(content, line), line));
                }

                break;
            case "INPUTS":
            case "OUTPUTS":
                if (section == "OUTPUTS")
                {
                    OutputsLine = sectionLine;
                }

                foreach (var (title, line, content) in Subsections(body))
                {
                    (section == "INPUTS" ? Inputs : Outputs).Add(new HelpEntry(title, Paragraphs(content, line), line));
                }

                break;
            case "RELATED LINKS":
                foreach (var (text, number) in body.Where(b => b.Line.Trim().Length > 0))
                {
                    string item = text.Trim().TrimStart('-', '*').Trim();
                    var link = MarkdownLink.Match(item);
                    Links.Add(link.Success
                        ? new HelpLink(link.Groups["text"].Value, LinkUri(link.Groups["uri"].Value), number)
                        : new HelpLink(item, null, number));
                }

                break;
            case "ALIASES":
                if (Paragraphs(body, sectionLine).Count > 0)
                {
                    Problem(sectionLine, "leave '## ALIASES' empty: aliases come from the compiled cmdlet");
                }

                break;
        }
    }

    /// <summary>An http(s) link is kept for Get-Help -Online; a link to another .md file is a cmdlet name only.</summary>
    private static string? LinkUri(string uri) =>
        uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? uri : null;

    private void ReadExample(string title, int line, List<(string Line, int Number)> content)
    {
        var code = new StringBuilder();
        var remarks = new List<(string Line, int Number)>();
        bool inFence = false;
        int fences = 0;
        foreach (var (text, number) in content)
        {
            if (text.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                if (inFence)
                {
                    fences++;
                    if (fences > 1)
                    {
                        code.Append('\n');
                    }
                }

                continue;
            }

            if (inFence)
            {
                code.Append(text).Append('\n');
            }
            else
            {
                remarks.Add((text, number));
            }
        }

        if (inFence)
        {
            Problem(line, $"example '{title}': a code block is not closed");
        }

        if (code.Length == 0)
        {
            Problem(line, $"example '{title}' has no ```powershell code block");
        }

        // "### Example 1: Scan the sample tenant" → "Scan the sample tenant"; the number is given again when written.
        var numbered = Regex.Match(title, @"^Example\s+\d+\s*[:\-–]\s*(?<t>.+)$", RegexOptions.IgnoreCase);
        Examples.Add(new HelpExample(numbered.Success ? numbered.Groups["t"].Value.Trim() : title, code.ToString().TrimEnd('\n'),
            Paragraphs(remarks, line), line));
    }

    private IEnumerable<(string Title, int Line, List<(string Line, int Number)> Content)> Subsections(
        List<(string Line, int Number)> body)
    {
        string? title = null;
        int titleLine = 0;
        var content = new List<(string Line, int Number)>();
        bool inFence = false;
        foreach (var (text, number) in body)
        {
            if (text.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (!inFence && text.StartsWith("### ", StringComparison.Ordinal))
            {
                if (title != null)
                {
                    yield return (title, titleLine, content);
                }

                title = text.Substring(4).Trim();
                titleLine = number;
                content = new List<(string Line, int Number)>();
            }
            else if (title != null)
            {
                content.Add((text, number));
            }
            else if (text.Trim().Length > 0)
            {
                Problem(number, "text before the section's first '### ' heading");
            }
        }

        if (title != null)
        {
            yield return (title, titleLine, content);
        }
    }

    /// <summary>
    /// Blank lines separate paragraphs; the lines of one paragraph are joined with spaces; a list item ("- …") is
    /// a paragraph of its own. Inline code and bold marks are dropped, since Get-Help shows plain text.
    /// </summary>
    private static IReadOnlyList<HelpText> Paragraphs(List<(string Line, int Number)> body, int fallbackLine)
    {
        var result = new List<HelpText>();
        var current = new StringBuilder();
        int start = fallbackLine;
        void Flush()
        {
            if (current.Length > 0)
            {
                result.Add(new HelpText(Plain(current.ToString()), start));
                current.Clear();
            }
        }

        foreach (var (text, number) in body)
        {
            string trimmed = text.Trim();
            if (trimmed.Length == 0)
            {
                Flush();
                continue;
            }

            if (trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed.StartsWith("* ", StringComparison.Ordinal))
            {
                Flush();
                trimmed = "- " + trimmed.Substring(2).Trim();
            }

            if (current.Length == 0)
            {
                start = number;
            }
            else
            {
                current.Append(' ');
            }

            current.Append(trimmed);
        }

        Flush();
        return result;
    }

    private static string Plain(string markdown) => Strong.Replace(InlineCode.Replace(markdown, "$1"), "$1");

    private void Problem(int line, string message) => Problems.Add(new HelpProblem(Path, line, message));
}
