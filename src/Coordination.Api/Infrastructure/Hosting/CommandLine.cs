using Coordination.Infrastructure.Postgres;
using JasperFx;

namespace Coordination.Infrastructure.Hosting;

public static class CommandLine
{
    /// <summary>Commands that work on the database without starting the web host; our own PostgreSQL is started for them.</summary>
    private static readonly HashSet<string> DatabaseCommands =
        ["projections", "db-apply", "db-assert", "db-patch", "db-dump", "resources", "storage", "check-env", "demo"];

    public static async Task<int> RunCoordinationAsync(this WebApplication app, string[] args)
    {
        var database = app.Services.GetRequiredService<Database>();
        var direct = args.Length > 0 && DatabaseCommands.Contains(args[0]);
        if (direct) await database.StartingAsync(CancellationToken.None);
        try
        {
            var exitCode = await app.RunJasperFxCommands(args);
            return exitCode != 0 ? exitCode : Environment.ExitCode;
        }
        finally
        {
            if (direct) await database.StoppedAsync(CancellationToken.None);
        }
    }
}
