using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Coordination.Infrastructure.Postgres;
using JasperFx;
using JasperFx.CommandLine;
using JasperFx.CommandLine.Parsing;
using Coordination.Infrastructure.Localization;

namespace Coordination.Infrastructure.Hosting;

public static class CommandLine
{
    /// <summary>Commands that work on the database without starting the web host.</summary>
    private static readonly HashSet<string> DatabaseCommands =
    [
        "projections", "db-apply", "db-assert", "db-patch", "db-dump", "resources", "storage", "check-env", "demo", "accounts",
        "backup", "restore"
    ];

    /// <summary>What people type for help; the service otherwise takes any first argument that starts with '-' as a host option.</summary>
    private static readonly HashSet<string> HelpFlags = ["--help", "-h", "-?", "/?"];

    /// <summary>The projections command's actions; <c>run</c> keeps the views running in the command's own process.</summary>
    private static readonly HashSet<string> ProjectionActions = new(["list", "rebuild", "run"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A file named on the command line, relative to the folder it was typed in: <c>dotnet run --project</c> starts the
    /// process in the project's folder, but keeps the shell's PWD, so a backup lands where its user is, not in the sources.
    /// </summary>
    public static string CallerPath(string file) => CallerPath(file, Environment.GetEnvironmentVariable("PWD"), Environment.CurrentDirectory);

    internal static string CallerPath(string file, string? typedIn, string current) =>
        Path.GetFullPath(file, typedIn is not null && Path.IsPathRooted(typedIn) && Directory.Exists(typedIn) ? typedIn : current);

    /// <summary>This process runs a projections command (a rebuild), not the service.</summary>
    public static bool RunsProjections => Environment.GetCommandLineArgs() is [_, "projections", ..];

    /// <summary>
    /// Runs the service or a command. The database is started (or joined, when a running service already started it) before
    /// anything else, and left when done: the last process of this checkout to leave stops it. A problem the person starting
    /// it can fix is printed as one paragraph, with no stack trace, and the exit code says which kind it was.
    /// </summary>
    public static async Task<int> RunCoordinationAsync(this WebApplication app, string[] args)
    {
        QuietCommandDiscovery();
        if (args is [var first, ..] && HelpFlags.Contains(first)) args = ["help", .. args[1..]];
        // a command's own help asked for after it (-- demo --help) is that command's help (-h is token's --hours)
        if (args is [var command, "--help" or "-?" or "/?"] && !command.StartsWith('-')) args = ["help", command];
        var serving = args.Length == 0 || args[0].StartsWith('-') || args[0] == "run";
        if (!serving) CultureInfo.CurrentUICulture = app.Services.DefaultLanguage();
        // The product's own commands in the service's language; JasperFx's list (every framework command, in English) on --all.
        if (args is ["help"])
        {
            await Console.Out.WriteLineAsync(Texts.Format("cli-help"));
            return 0;
        }
        if (args is ["help", "--all"]) args = ["help"];
        if (args is ["projections", ..] && (args.Length < 2 || !ProjectionActions.Contains(args[1])))
        {
            // JasperFx would run the views in this process until stopped, or print a stack trace for an unknown action.
            await Console.Error.WriteLineAsync(Texts.Format("cli-projections-usage"));
            return 1;
        }

        // A mistyped command or option is named in the service's language before anything is started; JasperFx would answer
        // in English, and only after the database had been started for it.
        if (!(serving && args.Length > 0 && args[0].StartsWith('-')) && Mistyped(args) is { } mistake)
        {
            CultureInfo.CurrentUICulture = app.Services.DefaultLanguage();
            await Console.Error.WriteLineAsync(mistake.ToString());
            return 1;
        }

        // A setting the service does not read (--urlz) would be ignored by the host, and the service started as if it were not there.
        if (serving && args.Length > 0 && args[0].StartsWith('-')
            && Settings.Mistyped(args, Settings.LoggerAliases(app.Services), Settings.SettingFiles(app.Environment)) is { } unknown)
        {
            CultureInfo.CurrentUICulture = app.Services.DefaultLanguage();
            await Console.Error.WriteLineAsync(unknown.ToString());
            return 1;
        }

        var database = app.Services.GetRequiredService<Database>();
        ViewsLock? viewsLock = null;
        try
        {
            if (serving || DatabaseCommands.Contains(args[0]))
            {
                var listens = serving && ListensOnSockets(app);
                var port = listens ? RefuseTakenPorts(app.Configuration["urls"]) : 0;
                if (!listens) database.LogLevel = LogLevel.Debug;
                await database.StartingAsync(CancellationToken.None);
                if (listens) viewsLock = await ViewsLock.ClaimAsync(app.Configuration, database.ConnectionString, port,
                    app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<ViewsLock>());
            }

            // Serving with host options (--urls) JasperFx would only print that it bypasses itself, a line that breaks JSON logs.
            if (serving && args.Length > 0 && args[0].StartsWith('-'))
            {
                await app.RunAsync();
                return Environment.ExitCode;
            }

            if (args is ["projections", ..]) Spectre.Console.AnsiConsole.Console = PlainMarkup.Create();
            var exitCode = await app.RunJasperFxCommands(args);
            // JasperFx ends the help of one command (-- help demo) with exit code 1, as it does a mistake it answers with that help;
            // a command that is not known was refused above
            if (args is ["help", ..]) return 0;
            return exitCode != 0 ? exitCode : Environment.ExitCode;
        }
        catch (Exception e) when (StartupProblem.Find(e) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem.Message);
            return problem.ExitCode;
        }
        finally
        {
            if (viewsLock is not null) await viewsLock.DisposeAsync();
            await database.StoppedAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// What JasperFx would refuse in these arguments, found by its own parsing: a command it does not have (also after
    /// <c>help</c>), an argument or option the command does not take, an option without its value, a value it cannot read, or
    /// an argument the command needs and did not get. Nothing is run.
    /// </summary>
    internal static Message? Mistyped(string[] args)
    {
        if (args.Length == 0) return null;
        // A command chooses its database (the embedded cluster's folder, or the server named) before JasperFx reads its
        // --config: flags: one that names the database would be ignored, and the command would run on another, perhaps new
        // and empty, database as if nothing were wrong.
        if (args.FirstOrDefault(a => DatabaseSettings.Any(prefix => a.StartsWith($"--config:{prefix}", StringComparison.OrdinalIgnoreCase))) is { } flag)
        {
            var setting = flag["--config:".Length..].Split('=')[0];
            return new Message("cli-database-setting-flag", setting, setting.Replace(":", "__"), args[0]);
        }

        var commands = KnownCommands();
        var tokens = new Queue<string>(ArgPreprocessor.Process(args));
        var typed = tokens.Dequeue();
        var name = typed.ToLowerInvariant();
        if (name is "help" or "?")
            return tokens.TryPeek(out var asked) && !asked.StartsWith('-') && !commands.AllCommandTypes().Any(t => CommandFactory.CommandNameFor(t) == asked.ToLowerInvariant())
                ? new Message("cli-unknown-command", asked)
                : null;
        if (!commands.AllCommandTypes().Any(t => CommandFactory.CommandNameFor(t) == name)) return new Message("cli-unknown-command", typed);

        var usages = commands.Build(name).Usages;
        var given = tokens.ToArray();
        try
        {
            usages.BuildInput(tokens, new ActivatorCommandCreator());
            return null;
        }
        catch (InvalidUsageException) when (tokens.Count > 0)
        {
            // no argument or option of the command took the next token
            return new Message("cli-unknown-option", name, tokens.Peek());
        }
        catch (InvalidUsageException e) when (e.Message.Length > 0 && given.Length > 0)
        {
            // the last token was an option that takes a value
            return new Message("cli-option-needs-value", name, given[^1]);
        }
        catch (InvalidUsageException)
        {
            // every token was taken, but not in one of the command's usages: an argument is missing
            var usage = string.Join(" | ", usages.Usages.Select(u => string.Join(" ", [name, .. u.Arguments.Select(a => a.ToUsageDescription())])));
            return new Message("cli-command-incomplete", name, usage);
        }
        catch (Exception)
        {
            // an option or argument took its value, and could not read it
            var taken = given.Length - tokens.Count;
            var value = taken > 0 ? given[taken - 1] : "";
            return taken > 1 && given[taken - 2].StartsWith('-')
                ? new Message("cli-unreadable-value", name, value, given[taken - 2])
                : new Message("cli-unreadable-argument", name, value);
        }
    }

    private static readonly string[] DatabaseSettings = ["Postgres:", "ConnectionStrings:"];

    /// <summary>
    /// The commands JasperFx runs: its own, the service's and those of its extensions (Marten, Wolverine), found as it finds
    /// them. It writes an empty line when it has searched the extensions; that line is left for the run that follows.
    /// </summary>
    private static CommandFactory KnownCommands()
    {
        var factory = new CommandFactory();
        factory.RegisterCommands(typeof(JasperFx.CommandLine.Commands.RunCommand).Assembly);
        factory.RegisterCommands(typeof(CommandLine).Assembly);
        var console = Spectre.Console.AnsiConsole.Console;
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            { Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null) });
        try
        {
            factory.RegisterCommandsFromExtensionAssemblies();
        }
        finally
        {
            Spectre.Console.AnsiConsole.Console = console;
        }

        return factory;
    }

    /// <summary>
    /// Kestrel listens on the configured ports; an in-process test server listens on none, and probing port 5000 for it made
    /// test hosts starting side by side find each other's probe and refuse to start.
    /// </summary>
    private static bool ListensOnSockets(WebApplication app) =>
        app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) == true;

    /// <summary>JasperFx lists every assembly it searches for commands until extensions were applied once; ours has none.</summary>
    private static void QuietCommandDiscovery() => new CommandFactory().ApplyExtensions(new ServiceCollection());

    /// <summary>Kestrel's address when none is configured.</summary>
    private const string DefaultUrls = "http://localhost:5000";

    /// <summary>
    /// Refuses to start on a port another process listens on, and answers the port the service serves on (the first one
    /// configured), which the views' lock names when it refuses.
    /// </summary>
    internal static int RefuseTakenPorts(string? urls)
    {
        var port = 0;
        foreach (var url in (string.IsNullOrWhiteSpace(urls) ? DefaultUrls : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri) || uri.Port == 0) continue;
            if (port == 0) port = uri.Port;
            var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host, out var parsed) ? parsed : null;
            if (address is null) continue;
            try
            {
                using var listener = new TcpListener(address, uri.Port);
                listener.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                throw new StartupProblem(new Message("startup-port-taken", uri.Port.ToString(CultureInfo.InvariantCulture), address.ToString(),
                    (uri.Port + 1).ToString(CultureInfo.InvariantCulture)), StartupProblem.PortExitCode, e);
            }
        }

        return port;
    }
}
