using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace SsprShell;

/// <summary>
/// The smallest PSHost that lets Out-Default render: PowerShell's formatting engine writes its lines through
/// <see cref="PSHostUserInterface"/>, so without a host (or with the default null UI) nothing is printed.
/// </summary>
internal sealed class ConsoleHost : PSHost
{
    private readonly ConsoleHostUserInterface _ui = new();

    public override string Name => "SsprShell";

    public override Version Version { get; } = typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 1);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    /// <summary>Set when the script runs <c>exit N</c>; the program exits with it.</summary>
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    // One command, then exit: there is no interactive loop to nest into.
    public override void EnterNestedPrompt() => throw new NotSupportedException("SsprShell has no nested prompt.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("SsprShell has no nested prompt.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }
}

/// <summary>Plain text to stdout, errors and streams to stderr; no colours, no ANSI, never prompts.</summary>
internal sealed class ConsoleHostUserInterface : PSHostUserInterface
{
    private const string CannotPrompt = "This host cannot prompt; use -Confirm:$false or -Force, or pass every mandatory parameter.";

    private readonly ConsoleHostRawUserInterface _rawUI = new();
    private bool _progressShown;

    public override PSHostRawUserInterface RawUI => _rawUI;

    // The formatting engine puts $PSStyle escape sequences in table headers and error views whatever this
    // says, and leaves stripping them to the host (pwsh's own does the same): see Plain below.
    public override bool SupportsVirtualTerminal => false;

    public override void Write(string value)
    {
        ClearProgress();
        Console.Out.Write(Plain(value));
    }

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);

    public override void WriteLine(string value)
    {
        ClearProgress();
        Console.Out.WriteLine(Plain(value));
    }

    public override void WriteErrorLine(string value) => WriteToStderr(value);

    public override void WriteVerboseLine(string message) => WriteToStderr("VERBOSE: " + message);

    public override void WriteWarningLine(string message) => WriteToStderr("WARNING: " + message);

    public override void WriteDebugLine(string message) => WriteToStderr("DEBUG: " + message);

    // One self-overwriting line on a terminal; nothing when stderr is redirected (logs, CI).
    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        if (Console.IsErrorRedirected)
        {
            return;
        }

        if (record.RecordType == ProgressRecordType.Completed)
        {
            ClearProgress();
            return;
        }

        int width = ProgressWidth;

        string text = record.PercentComplete >= 0
            ? $"{record.Activity}: {record.StatusDescription} ({record.PercentComplete}%)"
            : $"{record.Activity}: {record.StatusDescription}";
        text = text.Length > width ? text[..width] : text.PadRight(width);
        Console.Error.Write("\r" + text);
        _progressShown = true;
    }

    // Nothing to read in a one-shot run; an empty line is the harmless answer.
    public override string ReadLine() => string.Empty;

    public override SecureString ReadLineAsSecureString() => throw new HostException(CannotPrompt);

    // Prompts (missing mandatory parameters, ShouldProcess confirmations) fail loudly rather than
    // picking an answer, so nothing destructive happens silently.
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new HostException(CannotPrompt);

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
        throw new HostException(CannotPrompt);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new HostException(CannotPrompt);

    public override PSCredential PromptForCredential(
        string caption,
        string message,
        string userName,
        string targetName,
        PSCredentialTypes allowedCredentialTypes,
        PSCredentialUIOptions options) =>
        throw new HostException(CannotPrompt);

    private int ProgressWidth => Math.Max(RawUI.BufferSize.Width - 1, 20);

    // With SupportsVirtualTerminal false this removes every escape sequence, whatever $PSStyle.OutputRendering is.
    private string Plain(string value) => GetOutputString(value, SupportsVirtualTerminal);

    private void WriteToStderr(string value)
    {
        ClearProgress();
        Console.Error.WriteLine(Plain(value));
    }

    // A progress line left on the terminal would otherwise be glued to the front of the next line.
    private void ClearProgress()
    {
        if (_progressShown)
        {
            Console.Error.Write("\r" + new string(' ', ProgressWidth) + "\r");
            _progressShown = false;
        }
    }
}

/// <summary>Only the sizes matter: Out-Default lays tables out to <see cref="BufferSize"/>'s width.</summary>
internal sealed class ConsoleHostRawUserInterface : PSHostRawUserInterface
{
    private const int DefaultWidth = 120;
    private const int DefaultHeight = 50;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override Coordinates CursorPosition { get; set; }

    public override Coordinates WindowPosition { get; set; }

    public override int CursorSize { get; set; }

    public override Size BufferSize
    {
        get => new(Width, DefaultHeight * 60);
        set { }
    }

    public override Size WindowSize
    {
        get => new(Width, DefaultHeight);
        set { }
    }

    public override Size MaxWindowSize => WindowSize;

    public override Size MaxPhysicalWindowSize => WindowSize;

    public override bool KeyAvailable => false;

    public override string WindowTitle { get; set; } = "SsprShell";

    // The terminal's width when stdout is one; a fixed 120 columns when redirected, so logs are stable.
    private static int Width
    {
        get
        {
            if (Console.IsOutputRedirected)
            {
                return DefaultWidth;
            }

            try
            {
                int width = Console.WindowWidth;
                return width > 0 ? width : DefaultWidth;
            }
            catch (Exception e) when (e is System.IO.IOException or PlatformNotSupportedException)
            {
                return DefaultWidth;
            }
        }
    }

    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new HostException("This host cannot read keys.");

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
        throw new NotSupportedException();
}
