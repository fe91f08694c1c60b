using Coordination.Infrastructure.Hosting;
using Coordination.Infrastructure.Localization;
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

public class SettingsTests
{
    private static readonly string Root = FindRoot(AppContext.BaseDirectory);
    private static readonly string[] Loggers = ["Console", "Debug", "EventSource"];

    private static string FindRoot(string folder) =>
        File.Exists(Path.Combine(folder, "Coordination.sln")) ? folder : FindRoot(Path.GetDirectoryName(folder.TrimEnd('/'))!);

    private static Message? Mistyped(params string[] args) =>
        Settings.Mistyped(args, Loggers, Directory.GetFiles(Path.Combine(Root, "src", "Coordination.Api"), "appsettings*.json"));

    /// <summary>The settings README's "Configuration" and "Operations" sections name, as a person would pass them on the command line.</summary>
    public static TheoryData<string> Documented() => [.. DocumentedKeys()];

    private static IEnumerable<string> DocumentedKeys()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var sections = System.Text.RegularExpressions.Regex.Matches(readme, @"(?ms)^## (Configuration|Operations)\n.*?(?=^## )")
            .Select(m => m.Value);
        return sections
                     .SelectMany(s => System.Text.RegularExpressions.Regex.Matches(s, @"`([A-Za-z]+(?::|__)[A-Za-z0-9_.:]+)[^`]*`").Select(m => m.Groups[1].Value))
                     .Select(k => k.Replace("__", ":"))
                     .Where(k => !k.StartsWith("OTEL_", StringComparison.Ordinal) && !k.StartsWith("db_client", StringComparison.Ordinal)
                         && k != "Wolverine:Coordination.Api") // the metrics table's name of Wolverine's meter
                     // "Accounts:SignInAttempts, SignInWindow" names the second by its key alone
                     .Append("Accounts:SignInWindow")
                     .Distinct();
    }

    [Theory]
    [MemberData(nameof(Documented))]
    public void every_setting_the_readme_documents_is_accepted_on_the_command_line(string setting)
    {
        Assert.Null(Mistyped($"--{setting}", "value"));
        Assert.Null(Mistyped($"--{setting}=value"));
    }

    [Fact]
    public void the_readme_documents_the_settings_this_test_expects_to_find()
    {
        var documented = DocumentedKeys().ToArray();
        foreach (var setting in new[] { "ConnectionStrings:Marten", "Postgres:DataDirectory", "Projections:DaemonMode", "Operations:RefreshSeconds",
                     "Telemetry:Traces", "Logging:Console:FormatterName", "Network:TrustedProxies:0" })
            Assert.Contains(setting, documented);
    }

    [Theory]
    [InlineData("--urls", "http://127.0.0.1:5191")]
    [InlineData("--environment", "Production")]
    [InlineData("--contentRoot", "/srv/coordination")]
    [InlineData("--Kestrel:Endpoints:Http:Url", "http://0.0.0.0:8080")]
    [InlineData("--Logging:LogLevel:Microsoft.AspNetCore=Information")]
    [InlineData("--Logging:Console:LogLevel:Default", "Warning")]
    [InlineData("--Logging:Console:FormatterOptions:TimestampFormat", "HH:mm:ss")]
    [InlineData("--AllowedHosts", "coordination.kalbarprov.go.id")]
    [InlineData("--Readiness:Targets:61.05", "4")]
    [InlineData("--Idempotency:PendingFor", "00:05:00")]
    [InlineData("/urls", "http://127.0.0.1:5191")]
    [InlineData("Auth:Authority=https://login.kalbarprov.go.id")]
    public void a_setting_the_service_or_its_host_reads_is_accepted(params string[] args) => Assert.Null(Mistyped(args));

    /// <summary>A host built for tests (WebApplicationFactory, Alba) passes its settings as arguments, each section given empty first.</summary>
    [Fact]
    public void a_section_given_empty_before_its_keys_is_accepted_and_one_given_a_value_is_not()
    {
        Assert.Null(Mistyped("--Projections=", "--Projections:DaemonMode=Solo", "--Logging=", "--Logging:Console=", "--Logging:Console:LogLevel=",
            "--Logging:Console:LogLevel:Default=Warning", "--environment=Development", "--ConnectionStrings=", "--ConnectionStrings:Marten=Host=db",
            "--Readiness=", "--Readiness:Targets=", "--Readiness:Targets:61.05=4", "--applicationName=Coordination.Api"));
        Assert.NotNull(Mistyped("--Projections", "Solo"));
        Assert.NotNull(Mistyped("--Projektions="));
    }

    [Theory]
    [InlineData(new[] { "--urlz", "http://127.0.0.1:5191" }, "--urlz", "--urls")]
    [InlineData(new[] { "--Postgre:DataDirectory", "X" }, "--Postgre:DataDirectory", "--Postgres:DataDirectory")]
    [InlineData(new[] { "--Logging:Consol:FormatterName", "json" }, "--Logging:Consol:FormatterName", "--Logging:Console:FormatterName")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5191", "--Projections:DaemonMod=Solo" }, "--Projections:DaemonMod", "--Projections:DaemonMode")]
    [InlineData(new[] { "-urls", "http://127.0.0.1:5191" }, "-urls", "--urls")]
    [InlineData(new[] { "--Accounts:SignInAttempt", "50" }, "--Accounts:SignInAttempt", "--Accounts:SignInAttempts")]
    public void a_mistyped_setting_is_named_with_the_nearest_one_the_service_reads(string[] args, string named, string nearest)
    {
        var message = Assert.IsType<Message>(Mistyped(args));
        Assert.Equal("cli-unknown-setting-near", message.Key);
        Assert.Equal([named, nearest], message.Args);
    }

    [Theory]
    [InlineData(new[] { "--urls" }, "cli-setting-without-value", "--urls")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5191", "--Postgres:DataDirectory" }, "cli-setting-without-value", "--Postgres:DataDirectory")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5191", "extra" }, "cli-stray-argument", "extra")]
    [InlineData(new[] { "--urls=http://127.0.0.1:5191", "http://127.0.0.1:5192" }, "cli-stray-argument", "http://127.0.0.1:5192")]
    public void a_setting_without_its_value_or_a_word_that_is_no_settings_value_is_refused(string[] args, string key, string named)
    {
        var message = Assert.IsType<Message>(Mistyped(args));
        Assert.Equal(key, message.Key);
        Assert.Equal([named], message.Args);
    }

    [Fact]
    public void a_setting_far_from_any_is_named_alone_and_an_otel_variable_is_sent_to_the_environment()
    {
        var message = Assert.IsType<Message>(Mistyped("--Frobnicate:Everything", "yes"));
        Assert.Equal("cli-unknown-setting", message.Key);
        message = Assert.IsType<Message>(Mistyped("--OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
        Assert.Equal("cli-setting-environment-only", message.Key);
        Assert.Equal("OTEL_EXPORTER_OTLP_ENDPOINT", message.Args[1]);
    }
}
