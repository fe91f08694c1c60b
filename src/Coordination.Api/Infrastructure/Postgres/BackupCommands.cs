using System.Globalization;
using Coordination.Infrastructure.Hosting;
using JasperFx.CommandLine;
using Npgsql;

namespace Coordination.Infrastructure.Postgres;

public class BackupInput : NetCoreInput
{
    [Description("the file to write (pg_dump's custom format)")]
    public string File { get; set; } = "";
}

public class RestoreInput : NetCoreInput
{
    [Description("a file written by the backup command")]
    public string File { get; set; } = "";

    [Description("replace a database that already holds events (stop every service using it first)")]
    public bool ForceFlag { get; set; }
}

[Description("Writes the service's database (events, views, messages) to FILE with PostgreSQL's pg_dump", Name = "backup")]
public class BackupCommand : JasperFxAsyncCommand<BackupInput>
{
    public override async Task<bool> Execute(BackupInput input)
    {
        var connectionString = input.BuildHost().Services.GetRequiredService<Database>().ConnectionString;
        var file = CommandLine.CallerPath(input.File);
        // pg_dump reads the database as of one moment; what the backup holds is counted in that same moment (commands that
        // keep arriving while it runs are not in it), and the moment is exported to pg_dump so that both see the same
        await using var source = Database.Unpooled(connectionString, Database.BackupPool);
        await using var connection = await source.OpenConnectionAsync();
        await using var moment = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using var export = new NpgsqlCommand("select pg_export_snapshot()", connection, moment);
        var snapshot = (string)(await export.ExecuteScalarAsync())!;
        var (events, newest) = await PostgresTools.EventsAsync(connection, moment);
        OwnerOnly(file);
        var (exit, error) = await PostgresTools.RunAsync("pg_dump", connectionString, ["--format=custom", "--snapshot", snapshot, "--file", file]);
        await moment.CommitAsync();
        if (exit != 0)
        {
            await Console.Error.WriteLineAsync(Texts.Format("cli-backup-failed", exit.ToString(CultureInfo.InvariantCulture), error.Trim()));
            return false;
        }

        Console.WriteLine(Texts.Format("cli-backup-done", events, new NpgsqlConnectionStringBuilder(connectionString).Database, file,
            new FileInfo(file).Length, newest?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-"));
        return true;
    }

    /// <summary>
    /// A dump holds the accounts' password hashes and the keys that protect their tokens: the file is made readable by its owner
    /// alone before pg_dump writes into it (one it replaces too), wherever it is kept. A file that cannot be made is left to
    /// pg_dump, which says why.
    /// </summary>
    private static void OwnerOnly(string file)
    {
        if (OperatingSystem.IsWindows()) return;
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            new FileStream(file, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = ownerOnly }).Dispose();
            File.SetUnixFileMode(file, ownerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

[Description("Restores a backup into the service's database; refuses a database that holds events unless --force", Name = "restore")]
public class RestoreCommand : JasperFxAsyncCommand<RestoreInput>
{
    public override async Task<bool> Execute(RestoreInput input)
    {
        var connectionString = input.BuildHost().Services.GetRequiredService<Database>().ConnectionString;
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var file = CommandLine.CallerPath(input.File);
        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync(Texts.Format("cli-restore-no-file", file));
            return false;
        }

        var existing = await PostgresTools.CountEventsAsync(connectionString);
        if (existing > 0 && !input.ForceFlag)
        {
            await Console.Error.WriteLineAsync(Texts.Format("cli-restore-not-empty", database, existing));
            return false;
        }

        var others = await PostgresTools.CountOtherSessionsAsync(connectionString);
        if (others > 0)
        {
            await Console.Error.WriteLineAsync(Texts.Format("cli-restore-in-use", database, others));
            return false;
        }

        string[] replace = input.ForceFlag ? ["--clean", "--if-exists"] : [];
        var (exit, error) = await PostgresTools.RunAsync("pg_restore", connectionString,
            ["--no-owner", "--single-transaction", "--exit-on-error", .. replace, "--dbname", database ?? "postgres", file]);
        if (exit != 0)
        {
            await Console.Error.WriteLineAsync(Texts.Format("cli-restore-failed", exit.ToString(CultureInfo.InvariantCulture), error.Trim()));
            return false;
        }

        await PostgresTools.ContinueSequenceAsync(connectionString);
        await PostgresTools.AnalyzeAsync(connectionString);
        Console.WriteLine(Texts.Format("cli-restore-done", await PostgresTools.CountEventsAsync(connectionString), file, database));
        return true;
    }
}
