using System.Diagnostics;
using System.Runtime.Versioning;
using Coordination.Infrastructure.Hosting;
using Coordination.Infrastructure.Postgres;
using Npgsql;

namespace Coordination.Tests.Infrastructure;

public class EmbeddedPostgresTests
{
    private static string NewDataDirectory() => Path.Combine(TestDatabaseRoot(), $"launcher-{Guid.NewGuid():N}");

    private static string TestDatabaseRoot()
    {
        var root = Support.TestDatabase.Root;
        Directory.CreateDirectory(root);
        return root;
    }

    private static async Task<object?> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task it_creates_a_cluster_then_reuses_its_data_after_a_restart()
    {
        var data = NewDataDirectory();
        var first = await EmbeddedPostgres.StartAsync(data);
        try
        {
            Assert.True(first.Initialized);
            await Scalar(first.ConnectionString, "create table kept (name text); insert into kept values ('Sintang')");
        }
        finally
        {
            await first.StopAsync();
        }

        Assert.False(first.Running);
        var second = await EmbeddedPostgres.StartAsync(data);
        try
        {
            Assert.False(second.Initialized);
            Assert.Equal("Sintang", await Scalar(second.ConnectionString, "select name from kept"));
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task a_stop_after_the_data_is_deleted_leaves_nothing_behind()
    {
        var data = NewDataDirectory();
        await using (var postgres = await EmbeddedPostgres.StartAsync(data))
        {
            await postgres.StopAsync();
            Directory.Delete(data, recursive: true);
            Directory.Delete(data + ".users", recursive: true);
        } // disposed: a second stop

        Assert.False(Directory.Exists(data + ".users"));
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public void a_new_cluster_s_port_is_never_one_an_outgoing_connection_can_take_before_the_server_binds_it()
    {
        var ports = Enumerable.Range(0, 20).Select(_ => EmbeddedPostgres.Prepare(NewDataDirectory()).Port).ToList();

        Assert.All(ports, port => Assert.InRange(port, 1024, LoopbackPort.OutgoingFrom() - 1));
    }

    [Fact]
    public async Task a_server_left_running_is_adopted_not_started_twice()
    {
        var data = NewDataDirectory();
        var orphan = await EmbeddedPostgres.StartAsync(data);
        var adopted = await EmbeddedPostgres.StartAsync(data);
        try
        {
            Assert.Equal(orphan.Port, adopted.Port);
            Assert.Equal(1, await Scalar(adopted.ConnectionString, "select 1"));
        }
        finally
        {
            await adopted.StopAsync();
        }

        Assert.False(orphan.Running);
    }

    [Fact, SupportedOSPlatform("linux")]
    public async Task a_folder_of_other_files_is_refused_and_left_as_it_was()
    {
        var data = NewDataDirectory();
        Directory.CreateDirectory(Path.Combine(data, "laporan"));
        await File.WriteAllTextAsync(Path.Combine(data, "catatan.txt"), "milik pengguna");
        var owner = File.GetUnixFileMode(data);

        var refused = await Assert.ThrowsAsync<StartupProblem>(() => EmbeddedPostgres.StartAsync(data));

        Assert.Equal("startup-folder-not-a-cluster", refused.Paragraph.Key);
        Assert.Equal(["catatan.txt", "laporan"], Directory.EnumerateFileSystemEntries(data).Select(Path.GetFileName).Order());
        Assert.Equal(owner, File.GetUnixFileMode(data));
    }

    [Fact]
    public async Task without_server_binaries_it_says_what_to_install_or_configure()
    {
        var missing = await Assert.ThrowsAsync<PostgresBinariesMissingException>(
            () => EmbeddedPostgres.StartAsync(NewDataDirectory(), ["/nonexistent/postgresql/bin"]));
        Assert.Contains("apt-get install postgresql", missing.Message);
        Assert.Contains("ConnectionStrings:Marten", missing.Message);
        Assert.Contains("/nonexistent/postgresql/bin", missing.Message);
    }

    [Fact]
    public async Task the_service_exits_non_zero_with_that_paragraph_when_binaries_are_missing()
    {
        var api = Path.Combine(AppContext.BaseDirectory, "Coordination.Api.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { api, "--urls", "http://127.0.0.1:0" }) info.ArgumentList.Add(argument);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Postgres__BinDirectory"] = "/nonexistent/postgresql/bin";
        info.Environment["Postgres__DataDirectory"] = NewDataDirectory();
        info.Environment.Remove("ConnectionStrings__Marten");

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("apt-get install postgresql", await stderr + await stdout);
    }
}
