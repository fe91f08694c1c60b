using System.Globalization;

namespace Coordination.Infrastructure.Hosting;

/// <summary>
/// A reason the service or a command cannot start that the person starting it can fix: its message is one paragraph
/// saying what to do, printed instead of a stack trace, and the process exits with <see cref="ExitCode"/>.
/// </summary>
public class StartupProblem(Message paragraph, int exitCode = StartupProblem.DatabaseExitCode, Exception? cause = null)
    : Exception(paragraph.Key, cause)
{
    /// <summary>
    /// The language the paragraph is written in: Localization:Default once the configuration is read (Program), as for a
    /// command's own messages; Indonesian until then, as that setting's default.
    /// </summary>
    public static string Language { get; set; } = "id";

    public Message Paragraph { get; } = paragraph;

    public override string Message
    {
        get
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(Language == "en" ? "en" : "id");
            try { return Paragraph.ToString(); }
            finally { CultureInfo.CurrentUICulture = before; }
        }
    }

    public const int DatabaseExitCode = 3;
    public const int ConfigurationExitCode = 4;
    public const int PortExitCode = 5;

    public int ExitCode { get; } = exitCode;

    /// <summary>The first start-up problem in an exception's chain (hosts wrap what their services throw).</summary>
    public static StartupProblem? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is StartupProblem problem) return problem;
            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate) return aggregate.InnerExceptions.Select(Find).FirstOrDefault(p => p is not null);
        }

        return null;
    }

    /// <summary>
    /// For what is thrown while the host is still being put together (before the command line takes over): the paragraph
    /// instead of the runtime's stack trace. Anything else still crashes loudly.
    /// </summary>
    public static void PrintInsteadOfStackTrace() => AppDomain.CurrentDomain.UnhandledException += (_, e) =>
    {
        if (Find(e.ExceptionObject as Exception) is not { } problem) return;
        Console.Error.WriteLine(problem.Message);
        Environment.Exit(problem.ExitCode);
    };
}
