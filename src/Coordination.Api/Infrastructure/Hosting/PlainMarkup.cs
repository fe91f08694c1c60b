using Spectre.Console;

namespace Coordination.Infrastructure.Hosting;

/// <summary>
/// The console JasperFx's commands write to, for <c>projections</c>: a line JasperFx writes as text although it holds Spectre
/// markup (<c>[purple]Finished rebuild in 5095 ms[/]</c>) is written without its tags, in a terminal and in a file or pipe alike.
/// Spectre has no setting for it: it writes text as given, and only what it is given as markup is read as markup. JasperFx's
/// note that it cannot reconfigure the host is left out: its projections command asks to quiet the host's logging, which the
/// service's host, built before any command runs, has already set, and the note told whoever ran a rebuild of nothing amiss.
/// </summary>
internal sealed class PlainMarkup : IAnsiConsoleOutput
{
    private readonly AnsiConsoleOutput _console = new(Console.Out);

    private PlainMarkup() => Writer = new Lines(Console.Out);

    public TextWriter Writer { get; }
    public bool IsTerminal => _console.IsTerminal;
    public int Width => _console.Width;
    public int Height => _console.Height;
    public void SetEncoding(System.Text.Encoding encoding) => _console.SetEncoding(encoding);

    /// <summary>
    /// Spectre's console for standard output, writing through <see cref="PlainMarkup"/>: in a file or pipe without colours or
    /// cursor codes (which Spectre cannot tell for a writer other than the console's own), in a terminal as Spectre detects it.
    /// </summary>
    public static IAnsiConsole Create()
    {
        var redirected = Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new PlainMarkup(),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect
        });
    }

    private sealed class Lines(TextWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;
        public override void Write(char value) => inner.Write(value);
        public override void Write(string? value)
        {
            if (Plain(value) is { } text) inner.Write(text);
        }

        public override void WriteLine(string? value)
        {
            if (Plain(value) is { } text) inner.WriteLine(text);
        }
        public override void Flush() => inner.Flush();

        /// <summary>What is written of a text: none of the pre-built host's note, a line of markup without its tags, an empty line for none.</summary>
        private static string? Plain(string? value) =>
            IsPrebuiltHostNote(value) ? null : IsMarkup(value) ? Markup.Remove(value!) : value ?? "";

        /// <summary>JasperFx's pre-built host's answer to a command that reconfigures services: "Cannot override services when …".</summary>
        private static bool IsPrebuiltHostNote(string? value) =>
            value?.Trim() is { } line && line.StartsWith("Cannot override ", StringComparison.Ordinal)
                                      && line.EndsWith("when the IHost is already constructed", StringComparison.Ordinal);

        /// <summary>A whole line in one style: "[purple]…[/]".</summary>
        private static bool IsMarkup(string? value) =>
            value is ['[', >= 'a' and <= 'z', ..] && value.TrimEnd().EndsWith("[/]", StringComparison.Ordinal) && value.IndexOf(']') is > 1 and var close
            && value[1..close].All(c => char.IsAsciiLetterLower(c) || c == ' ');
    }
}
