using Coordination.Infrastructure.Postgres;
using Coordination.Tests.Support;
using Npgsql;

namespace Coordination.Tests.Operations;

public class BackupTests
{
    private const string Schema = Coordination.Infrastructure.Hosting.EventStore.Schema;

    [Fact]
    public async Task a_backup_restored_on_an_empty_cluster_and_rebuilt_has_every_event_and_identical_views()
    {
        var original = await TestDatabase.CreateDatabaseAsync();
        await Run(original, "demo");
        await Run(original, "projections", "rebuild");
        var file = Path.Combine(TestDatabase.Root, $"backup-{Guid.NewGuid():N}.dump");
        await Run(original, "backup", file);

        await using var empty = await EmbeddedPostgres.StartAsync(Path.Combine(TestDatabase.Root, $"restore-{Guid.NewGuid():N}"));
        await Run(empty.ConnectionString, "restore", file);
        var (refused, stdout, stderr) = await ServiceProcess.RunAsync(Environment(empty.ConnectionString), "restore", file);
        Assert.NotEqual(0, refused);
        Assert.Contains("--force", stderr + stdout);
        await Run(empty.ConnectionString, "restore", file, "--force");
        await Run(empty.ConnectionString, "projections", "rebuild");

        var events = await Rows(original, $"select seq_id, id, stream_id, version, type, data::text, timestamp from {Schema}.mt_events order by seq_id");
        Assert.True(events.Count > 700, $"the demo stored {events.Count} events");
        Assert.Equal(events, await Rows(empty.ConnectionString, $"select seq_id, id, stream_id, version, type, data::text, timestamp from {Schema}.mt_events order by seq_id"));
        var views = await Rows(original, $"select table_name from information_schema.tables where table_schema = '{Schema}' and table_name like 'mt_doc_%' order by 1");
        Assert.Contains(views, v => v.Contains("incidentcoverage"));
        foreach (var view in views)
        {
            var sql = $"select id::text, data::text from {Schema}.{view} order by id";
            Assert.Equal(await Rows(original, sql), await Rows(empty.ConnectionString, sql));
        }
    }

    /// <summary>
    /// A dump holds the accounts' password hashes and the keys that protect their tokens: only its owner may read it, wherever
    /// it is written (a shared backup folder too), and a file it replaces loses the reading rights it had.
    /// </summary>
    [Fact, System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task a_backup_is_readable_by_its_owner_alone()
    {
        var database = await TestDatabase.CreateDatabaseAsync();
        var folder = Path.Combine(TestDatabase.Root, $"backups-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var fresh = Path.Combine(folder, "new.dump");
        var replaced = Path.Combine(folder, "replaced.dump");
        File.WriteAllText(replaced, "an older backup");
        File.SetUnixFileMode(replaced, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await Run(database, "backup", fresh);
        await Run(database, "backup", replaced);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fresh));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(replaced));
        Assert.True(new FileInfo(replaced).Length > "an older backup".Length);
    }

    /// <summary>A backup taken while commands keep appending: what it says it holds is what a restore finds.</summary>
    [Fact]
    public async Task a_backup_under_writes_tells_the_events_its_snapshot_holds_and_its_restore_continues_the_sequence_without_a_gap()
    {
        var original = await TestDatabase.CreateDatabaseAsync();
        await using var store = new Marten.DocumentStore(Coordination.Infrastructure.Hosting.EventStore.Options(original));
        await Append(store, 50);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await Append(store, 5);
        });

        var file = Path.Combine(TestDatabase.Root, $"backup-{Guid.NewGuid():N}.dump");
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment(original), "backup", file);
        await stop.CancelAsync();
        await writer;
        Assert.True(exit == 0, stderr + stdout);
        var said = long.Parse(System.Text.RegularExpressions.Regex.Match(stdout, @"([\d.,]+) (peristiwa|events)").Groups[1].Value.Replace(".", "").Replace(",", ""));

        await using var empty = await EmbeddedPostgres.StartAsync(Path.Combine(TestDatabase.Root, $"restore-{Guid.NewGuid():N}"));
        await Run(empty.ConnectionString, "restore", file);
        var restored = long.Parse((await Rows(empty.ConnectionString, $"select count(*) from {Schema}.mt_events"))[0]);
        Assert.True(restored < long.Parse((await Rows(original, $"select count(*) from {Schema}.mt_events"))[0]), "the writer appended after the backup's snapshot");
        Assert.Equal(restored, said);
        // pg_dump reads a sequence as it is when it reaches it, past the snapshot: the next event continues from the last one
        // restored, so the views' daemon finds no gap to wait for and skip
        Assert.Equal(await Rows(empty.ConnectionString, $"select max(seq_id) from {Schema}.mt_events"),
            await Rows(empty.ConnectionString, $"select last_value from {Schema}.mt_events_sequence"));
    }

    private sealed record BackupProbe(int N);

    private static async Task Append(Marten.IDocumentStore store, int events)
    {
        await using var session = store.LightweightSession();
        session.Events.StartStream(Guid.NewGuid(), Enumerable.Range(0, events).Select(n => (object)new BackupProbe(n)).ToArray());
        await session.SaveChangesAsync();
    }

    private static Dictionary<string, string?> Environment(string connectionString) => new() { ["ConnectionStrings__Marten"] = connectionString };

    private static async Task Run(string connectionString, params string[] arguments)
    {
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment(connectionString), arguments);
        Assert.True(exit == 0, $"{string.Join(' ', arguments)} exited {exit}: {stderr}{stdout}");
    }

    private static async Task<List<string>> Rows(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString())));
        return rows;
    }
}
