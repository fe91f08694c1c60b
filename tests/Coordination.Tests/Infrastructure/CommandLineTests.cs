using Coordination.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;

namespace Coordination.Tests.Infrastructure;

public class CommandLineTests
{
    [Fact]
    public void a_file_named_on_the_command_line_is_where_it_was_typed_not_in_the_project_folder_dotnet_run_starts_in()
    {
        var typedIn = Directory.CreateTempSubdirectory("typed-in").FullName;
        var project = Directory.CreateTempSubdirectory("project").FullName;
        Assert.Equal(Path.Combine(typedIn, "coordination.dump"), CommandLine.CallerPath("coordination.dump", typedIn, project));
        Assert.Equal(Path.Combine(typedIn, "backups", "a.dump"), CommandLine.CallerPath("backups/a.dump", typedIn, project));
        Assert.Equal("/var/backups/a.dump", CommandLine.CallerPath("/var/backups/a.dump", typedIn, project));
        // without a usable PWD (not a shell, or a folder gone since), the process's own folder
        Assert.Equal(Path.Combine(project, "a.dump"), CommandLine.CallerPath("a.dump", null, project));
        Assert.Equal(Path.Combine(project, "a.dump"), CommandLine.CallerPath("a.dump", "/no/such/folder", project));
        Assert.Equal(Path.Combine(project, "a.dump"), CommandLine.CallerPath("a.dump", "relative", project));
    }
}

public class ViewsLockTests
{
    /// <summary>The views' advisory lock key ("coordsol").</summary>
    private const long LockKey = 0x636F6F72_64736F6C;

    [Theory]
    [InlineData("http://*:{0}")]
    [InlineData("http://+:{0}")]
    [InlineData("http://0.0.0.0:{0};http://127.0.0.1:{1}")]
    [InlineData("http://localhost:{0}")]
    public async Task a_solo_service_refused_beside_another_names_the_port_it_was_started_on_however_urls_write_it(string urls)
    {
        var connectionString = await Support.TestDatabase.CreateDatabaseAsync();
        await using var other = new Npgsql.NpgsqlConnection(connectionString);
        await other.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand($"select pg_advisory_lock_shared({LockKey})", other)) await take.ExecuteScalarAsync();

        var (port, second) = (LoopbackPort.Free(), LoopbackPort.Free());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Projections:DaemonMode"] = "Solo" }).Build();
        var serving = CommandLine.RefuseTakenPorts(string.Format(System.Globalization.CultureInfo.InvariantCulture, urls, port, second));
        Assert.Equal(port, serving);
        var refused = await Assert.ThrowsAsync<StartupProblem>(() => ViewsLock.ClaimAsync(configuration, connectionString, serving,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        Assert.Equal(StartupProblem.ConfigurationExitCode, refused.ExitCode);
        Assert.Contains($"--urls http://127.0.0.1:{port}", refused.Message);
    }

    [Fact]
    public void a_service_started_without_urls_serves_on_kestrel_s_own_port()
    {
        try
        {
            Assert.Equal(5000, CommandLine.RefuseTakenPorts(null));
        }
        catch (StartupProblem taken) when (taken.ExitCode == StartupProblem.PortExitCode)
        {
            // another process on this machine serves on 5000: the refusal names it
            Assert.Contains("5000", taken.Message);
        }
    }
}
