using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Coordination.Infrastructure.Hosting;
using Coordination.Infrastructure.Postgres;
using Coordination.Tests.Support;
using Npgsql;

namespace Coordination.Tests.Infrastructure;

/// <summary>The service and its commands as separate processes on a cluster of their own, the way a person starts them.</summary>
public class StartupTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(TestDatabase.Root, $"startup-{Guid.NewGuid():N}", "postgres");
    private Dictionary<string, string?> Environment => new() { ["Postgres__DataDirectory"] = _data };

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_data)!);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        var left = EmbeddedPostgres.Prepare(_data);
        if (!left.Running) return;
        await left.StartAsync();
        await left.StopAsync();
    }

    private bool ClusterRunning => EmbeddedPostgres.Prepare(_data).Running;

    [Fact]
    public async Task a_command_beside_the_running_service_uses_its_database_and_leaves_it_running()
    {
        await using var service = ServiceProcess.Start(Environment);
        await service.WaitUntilReadyAsync();

        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "projections", "list");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("Inline", stdout);
        (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "accounts", "add", "--email", "admin@dinsos.kalbarprov.go.id",
            "--name", "Admin Provinsi", "--role", "admin");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Matches("Kata sandi sekali pakai .*: [A-Za-z0-9]{16}", stdout);
        (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "accounts", "add", "--email", "admin@dinsos.kalbarprov.go.id",
            "--role", "admin");
        Assert.NotEqual(0, exit);
        Assert.Equal("Sudah ada akun dengan email ini.", stderr.Trim()); // in our words, where Identity's are English only
        (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "accounts", "list");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("admin@dinsos.kalbarprov.go.id", stdout);

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, await service.ReadyStatusAsync(http));
        Assert.True(ClusterRunning);

        await service.StopAsync();
        Assert.False(ClusterRunning, "the service stops the cluster when it is the last to leave");
    }

    [Fact]
    public async Task a_second_service_in_solo_mode_beside_the_first_refuses_to_start_and_says_how_to_run_several()
    {
        await using var first = ServiceProcess.Start(Environment); // Development: Solo
        await first.WaitUntilReadyAsync();

        var port = ServiceProcess.FreePort();
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "--urls", $"http://127.0.0.1:{port}");
        AssertParagraph(StartupProblem.ConfigurationExitCode, exit, stdout, stderr, "mode Solo", "Projections__DaemonMode=HotCold",
            $"--urls http://127.0.0.1:{port}");
        // nor may a HotCold one join a Solo one: both would run the views
        var hotCold = new Dictionary<string, string?>(Environment) { ["Projections__DaemonMode"] = "HotCold" };
        (exit, stdout, stderr) = await ServiceProcess.RunAsync(hotCold, "--urls", $"http://127.0.0.1:{port}");
        AssertParagraph(StartupProblem.ConfigurationExitCode, exit, stdout, stderr, "mode Solo");

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, await first.ReadyStatusAsync(http));
        Assert.True(ClusterRunning, "the refused service leaves the database to the first");

        // the claim ends with its process, kill -9 included: the service started after a crash runs the views again
        await first.KillAsync();
        await using var restarted = ServiceProcess.Start(Environment);
        await restarted.WaitUntilReadyAsync();
    }

    [Fact]
    public async Task a_solo_service_whose_connection_to_the_database_broke_claims_the_views_again_and_a_second_still_refuses()
    {
        await using var first = ServiceProcess.Start(Environment);
        await first.WaitUntilReadyAsync();
        var cluster = EmbeddedPostgres.Prepare(_data);
        await using var database = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
        await database.OpenAsync();

        // what a restart of PostgreSQL does to the service's connections
        var before = await ClaimantAsync(database);
        Assert.NotNull(before);
        await using (var terminate = new NpgsqlCommand($"select pg_terminate_backend({before})", database)) await terminate.ExecuteScalarAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        int? after = null;
        while (waited.Elapsed < TimeSpan.FromSeconds(30) && ((after = await ClaimantAsync(database)) is null || after == before))
            await Task.Delay(200);
        Assert.True(after is not null && after != before, "the service did not claim the views again within 30 s");

        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        AssertParagraph(StartupProblem.ConfigurationExitCode, exit, stdout, stderr, "mode Solo");
    }

    /// <summary>The backend holding the views' claim, if any.</summary>
    private static async Task<int?> ClaimantAsync(NpgsqlConnection database)
    {
        await using var command = new NpgsqlCommand(
            "select pid from pg_locks where locktype = 'advisory' and granted and classid = x'636F6F72'::int::oid and objid = x'64736F6C'::int::oid", database);
        return await command.ExecuteScalarAsync() as int?;
    }

    [Fact]
    public async Task two_services_in_hot_cold_mode_run_the_views_on_one_and_the_other_takes_them_over_when_it_stops()
    {
        var hotCold = new Dictionary<string, string?>(Environment) { ["Projections__DaemonMode"] = "HotCold" };
        await using var first = ServiceProcess.Start(hotCold);
        await first.WaitUntilReadyAsync();
        await using var second = ServiceProcess.Start(hotCold);
        await second.WaitUntilReadyAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Coordinator);
        var incident = Guid.CreateVersion7();
        var report = await http.PostAsJsonAsync($"{first.Url}/api/incidents", new
        {
            id = incident, district = "61.05", hazard = "flood", title = "Banjir Sintang", occurredAt = "2026-11-01T00:00:00Z",
            villages = new[] { "Baning Kota" }, affected = Affected(500)
        });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        for (var k = 1; k <= 20; k++)
        {
            var assessed = await http.PostAsJsonAsync($"{(k % 2 == 0 ? first : second).Url}/api/incidents/{incident}/assessments",
                new { villages = new[] { "Baning Kota" }, affected = Affected(500 + k) });
            Assert.Equal(HttpStatusCode.OK, assessed.StatusCode);
        }

        await AffectedShownAsync(http, second.Url, incident, total => total == 520);
        var running = new List<ServiceProcess>();
        foreach (var service in new[] { first, second })
            if (await RunsTheViewsAsync(service)) running.Add(service);
        var views = Assert.Single(running);
        var other = views == first ? second : first;

        await views.StopAsync();
        Assert.True(ClusterRunning, "the service that stops leaves the database running for the other");
        var last = await http.PostAsJsonAsync($"{other.Url}/api/incidents/{incident}/assessments",
            new { villages = new[] { "Baning Kota" }, affected = Affected(777) });
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        await AffectedShownAsync(http, other.Url, incident, total => total == 777);

        await other.StopAsync();
        var (_, firstLog, firstErrors) = await first.ExitAsync(TimeSpan.FromSeconds(5));
        var (_, secondLog, secondErrors) = await second.ExitAsync(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("ProgressionProgressOutOfOrder", firstLog + firstErrors + secondLog + secondErrors);
        Assert.False(ClusterRunning);
    }

    private static async Task<bool> RunsTheViewsAsync(ServiceProcess service)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Admin);
        var metrics = await http.GetStringAsync($"{service.Url}/metrics");
        return System.Text.RegularExpressions.Regex.IsMatch(metrics, @"(?m)^marten_incidentcoverage_all_processed_total\{.*\} [1-9]");
    }

    private static object Affected(int total) => new { total, children = 100, elderly = 50, disabled = 5, pregnant = 5 };

    /// <summary>Waits until the async coverage view shows an affected total; fails when it does not within 30 s.</summary>
    private static async Task AffectedShownAsync(HttpClient http, string url, Guid incident, Func<int, bool> shown)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var total = -1;
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            var coverage = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"{url}/api/incidents/{incident}/coverage");
            total = coverage.GetProperty("affected").GetProperty("total").GetInt32();
            if (shown(total)) return;
            await Task.Delay(200);
        }

        Assert.Fail($"the coverage view at {url} still shows {total} affected after 30 s: the views stopped");
    }

    [Fact]
    public async Task a_command_after_the_service_was_killed_adopts_the_cluster_and_stops_it_when_done()
    {
        await using var service = ServiceProcess.Start(Environment);
        await service.WaitUntilReadyAsync();
        await service.KillAsync();
        Assert.True(ClusterRunning, "kill -9 leaves the cluster behind");

        var (exit, _, stderr) = await ServiceProcess.RunAsync(Environment, "projections", "list");
        Assert.True(exit == 0, stderr);
        Assert.False(ClusterRunning, "nothing is left running after the last user stops");
    }

    [Fact]
    public async Task commands_print_only_what_they_are_for()
    {
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "token", "--role", "analyst", "--sub", "ani");
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("Searching", stdout + stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("ey", line);

        (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "projections", "list");
        Assert.True(exit == 0, stderr);
        Assert.DoesNotContain("Searching", stdout + stderr);
        Assert.DoesNotContain("PostgreSQL", stdout + stderr);
        Assert.DoesNotContain("Cannot override", stdout + stderr);
    }

    [Fact]
    public async Task a_rebuild_written_to_a_file_or_pipe_is_plain_text()
    {
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "demo");
        Assert.True(exit == 0, stderr + stdout);

        (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "projections", "rebuild");
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("Projection Rebuild complete!", stdout);
        Assert.DoesNotContain("Cannot override", stdout + stderr);
        Assert.Matches(@"(?m)^Finished rebuild in \d+ ms\r?$", stdout);
        Assert.DoesNotContain("[/]", stdout + stderr);
        Assert.DoesNotContain("[purple]", stdout + stderr);
        Assert.DoesNotContain("\u001b", stdout + stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task help_lists_the_commands_instead_of_starting_the_service(string flag)
    {
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, flag);
        Assert.True(exit == 0, stderr + stdout);
        foreach (var command in new[] { "accounts", "backup", "restore", "demo", "projections", "token" }) Assert.Contains(command, stdout);
        Assert.DoesNotContain("Now listening", stdout + stderr);
        Assert.False(ClusterRunning);
    }

    [Theory]
    [InlineData("projections")]
    [InlineData("projections", "frob")]
    [InlineData("projections", "--projection", "Incident")]
    public async Task projections_without_a_known_action_says_what_to_do(params string[] arguments)
    {
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, arguments);
        Assert.True(exit == 1, $"exit {exit}: {stderr}{stdout}");
        Assert.Contains("projections list", stderr);
        Assert.Contains("projections rebuild", stderr);
        Assert.DoesNotContain("Exception", stderr + stdout);
        Assert.False(ClusterRunning);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task help_lists_the_product_s_commands_in_indonesian_and_leaves_the_database_alone(string help)
    {
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, help);
        Assert.True(exit == 0, $"exit {exit}: {stderr}{stdout}");
        Assert.Contains("memuat riwayat demo", stdout);
        Assert.Contains("accounts add --email E --name N --role PERAN [--district KODE]", stdout);
        Assert.Contains("restore FILE [--force]", stdout);
        Assert.DoesNotContain("The available commands are", stdout);
        Assert.False(ClusterRunning);

        (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "help", "--all");
        Assert.True(exit == 0, $"exit {exit}: {stderr}{stdout}");
        Assert.Contains("db-apply", stdout);
    }

    [Fact]
    public async Task help_asked_for_after_a_command_is_that_command_s_help_not_a_mistake()
    {
        foreach (var help in new[] { new[] { "token", "--help" }, ["help", "token"] })
        {
            var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, help);
            Assert.True(exit == 0, $"{string.Join(' ', help)}: exit {exit}: {stderr}{stdout}");
            Assert.Contains("--district", stdout);
            Assert.DoesNotContain("tidak mengenal", stderr + stdout);
            Assert.DoesNotContain("Invalid usage", stderr + stdout);
        }

        Assert.False(ClusterRunning);
    }

    public static TheoryData<string[], string> Mistyped => new()
    {
        { ["foo"], "Perintah 'foo' tidak dikenal" },
        { ["Demo-load"], "Perintah 'Demo-load' tidak dikenal" },
        { ["help", "foo"], "Perintah 'foo' tidak dikenal" },
        { ["demo", "--bar"], "Perintah demo tidak mengenal '--bar'" },
        { ["demo", "extra"], "Perintah demo tidak mengenal 'extra'" },
        { ["token", "--rol", "admin"], "Perintah token tidak mengenal '--rol'" },
        { ["run", "--bogus"], "Perintah run tidak mengenal '--bogus'" },
        { ["projections", "rebuild", "--bogus"], "Perintah projections tidak mengenal '--bogus'" },
        { ["accounts", "add", "--email"], "--email memerlukan nilai" },
        { ["token", "--role", "admin", "--hours", "abc"], "'abc' bukan nilai yang dapat dibaca untuk --hours" },
        { ["codegen", "wrtie"], "'wrtie' bukan nilai yang dapat dibaca perintah codegen" },
        { ["restore"], "restore <file>" },
        // a setting that chooses the database, given as JasperFx's --config: flag, was read after the database was chosen: the
        // command ran on a new, empty cluster in .data/postgres and said nothing
        { ["demo", "--config:Postgres:DataDirectory", "/tmp/elsewhere"], "Postgres__DataDirectory=… dotnet run --project src/Coordination.Api -- demo" },
        { ["projections", "rebuild", "--config:ConnectionStrings:Marten", "Host=db"], "ConnectionStrings__Marten=…" },
    };

    [Theory]
    [MemberData(nameof(Mistyped))]
    public async Task a_mistyped_command_or_option_is_named_in_indonesian_with_the_way_to_help_and_leaves_the_database_alone(
        string[] arguments, string named)
    {
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, arguments);
        Assert.True(exit == 1, $"exit {exit}: {stderr}{stdout}");
        Assert.Contains(named, stderr);
        Assert.Contains("dotnet run --project src/Coordination.Api -- help", stderr);
        Assert.DoesNotContain("Invalid usage", stdout + stderr);
        Assert.DoesNotContain("is not a command", stdout + stderr);
        Assert.DoesNotContain("Exception", stdout + stderr);
        Assert.False(ClusterRunning);
        Assert.False(Directory.Exists(_data), "a mistyped command creates no data folder");
    }

    [Theory]
    [InlineData(new[] { "--urlz", "http://127.0.0.1:{0}" }, "Setelan '--urlz' tidak dibaca aplikasi ini", "Maksudnya --urls?")]
    [InlineData(new[] { "--Postgre:DataDirectory", "{1}" }, "Setelan '--Postgre:DataDirectory' tidak dibaca", "Maksudnya --Postgres:DataDirectory?")]
    [InlineData(new[] { "--urls", "http://127.0.0.1:{0}", "--Logging:Consol:FormatterName", "json" }, "'--Logging:Consol:FormatterName'", "--Logging:Console:FormatterName")]
    [InlineData(new[] { "--OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318" }, "hanya dibaca dari variabel lingkungan", "OTEL_EXPORTER_OTLP_ENDPOINT=… dotnet run")]
    public async Task a_mistyped_setting_is_named_with_the_nearest_one_and_nothing_is_started(string[] arguments, string named, string nearest)
    {
        var port = ServiceProcess.FreePort();
        var elsewhere = Path.Combine(Path.GetDirectoryName(_data)!, "elsewhere");
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment,
            arguments.Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture, a, port, elsewhere)).ToArray());
        Assert.True(exit == 1, $"exit {exit}: {stderr}{stdout}");
        Assert.Contains(named, stderr);
        Assert.Contains(nearest, stderr);
        Assert.DoesNotContain("Now listening", stdout + stderr);
        Assert.DoesNotContain("Exception", stdout + stderr);
        Assert.False(ClusterRunning);
        Assert.False(Directory.Exists(_data), "a mistyped setting creates no data folder");
        Assert.False(Directory.Exists(elsewhere));

        var english = new Dictionary<string, string?>(Environment) { ["Localization__Default"] = "en" };
        (exit, _, stderr) = await ServiceProcess.RunAsync(english, "--urlz", $"http://127.0.0.1:{port}");
        Assert.True(exit == 1, stderr);
        Assert.Contains("The service reads no setting '--urlz', so it was not started. Did you mean --urls?", stderr);
        Assert.Contains("\"Configuration\"", stderr);
    }

    [Fact]
    public async Task a_mistyped_command_or_option_speaks_english_when_localization_default_is_english()
    {
        var english = new Dictionary<string, string?>(Environment) { ["Localization__Default"] = "en" };
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(english, "foo");
        Assert.True(exit == 1, $"exit {exit}: {stderr}{stdout}");
        Assert.Contains("There is no command 'foo'", stderr);
        Assert.Contains("dotnet run --project src/Coordination.Api -- help", stderr);

        (exit, stdout, stderr) = await ServiceProcess.RunAsync(english, "demo", "--bar");
        Assert.True(exit == 1, $"exit {exit}: {stderr}{stdout}");
        Assert.Contains("The demo command does not know '--bar'", stderr);
        Assert.False(Directory.Exists(_data));
    }

    [Fact]
    public async Task a_command_speaks_the_language_of_localization_default_indonesian_unless_set()
    {
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "token", "--role", "district");
        Assert.NotEqual(0, exit);
        Assert.Contains("Token petugas kabupaten/kota memerlukan --district dengan kode Kemendagri, misalnya --district 61.05.", stderr + stdout);

        var english = new Dictionary<string, string?>(Environment) { ["Localization__Default"] = "en" };
        (exit, stdout, stderr) = await ServiceProcess.RunAsync(english, "token", "--role", "boss");
        Assert.NotEqual(0, exit);
        Assert.Contains("--role must be one of: coordinator, district, analyst, admin.", stderr + stdout);
    }

    [Fact]
    public async Task a_token_for_a_district_that_is_not_in_kalimantan_barat_is_refused_in_indonesian()
    {
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "token", "--role", "district", "--district", "99.99");
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("ey", stdout);
        Assert.Contains("Kabupaten/kota dengan kode '99.99' tidak ditemukan di Kalimantan Barat", stderr);
        Assert.Contains("61.05 Sintang", stderr);
        Assert.DoesNotContain("   at ", stderr + stdout);

        var english = new Dictionary<string, string?>(Environment) { ["Localization__Default"] = "en" };
        (exit, _, stderr) = await ServiceProcess.RunAsync(english, "token", "--role", "district", "--district", "61.5");
        Assert.NotEqual(0, exit);
        Assert.Contains("There is no district with code '61.5' in Kalimantan Barat", stderr);

        (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "token", "--role", "district", "--district", "61.72");
        Assert.True(exit == 0, stderr);
        Assert.StartsWith("ey", stdout.Trim());
    }

    [Fact]
    public async Task a_restore_under_a_running_service_is_refused_until_the_service_stops()
    {
        await using var service = ServiceProcess.Start(Environment);
        await service.WaitUntilReadyAsync();
        var file = Path.Combine(Path.GetDirectoryName(_data)!, "running.dump");
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "backup", file);
        Assert.True(exit == 0, stderr + stdout);

        (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "restore", file, "--force");
        Assert.True(exit != 0, $"a restore under the running service exited {exit}: {stdout}");
        Assert.Contains("Hentikan setiap aplikasi yang memakainya", stderr);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, await service.ReadyStatusAsync(http));

        await service.StopAsync();
        (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "restore", file, "--force");
        Assert.True(exit == 0, stderr + stdout);
        Assert.False(ClusterRunning);
    }

    [Fact]
    public async Task a_taken_port_is_one_paragraph_and_exit_code_5()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "--urls", $"http://127.0.0.1:{port}");
        AssertParagraph(StartupProblem.PortExitCode, exit, stdout, stderr, $"Port {port} pada 127.0.0.1 sudah dipakai", "-- --urls");
        Assert.False(ClusterRunning);

        // in the language of Localization:Default, as every message of the service's own
        var english = new Dictionary<string, string?>(Environment) { ["Localization__Default"] = "en" };
        (exit, stdout, stderr) = await ServiceProcess.RunAsync(english, "--urls", $"http://127.0.0.1:{port}");
        AssertParagraph(StartupProblem.PortExitCode, exit, stdout, stderr, $"Port {port} on 127.0.0.1 is already in use", "-- --urls");
    }

    [Fact]
    public async Task an_unreadable_connection_string_is_one_paragraph_and_exit_code_4()
    {
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Marten"] = "Host=db;Port=not-a-number" };
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        AssertParagraph(StartupProblem.ConfigurationExitCode, exit, stdout, stderr, "ConnectionStrings:Marten", "kunci=nilai");
    }

    [Fact]
    public async Task an_unreachable_database_is_one_paragraph_and_exit_code_3()
    {
        var environment = new Dictionary<string, string?>
            { ["ConnectionStrings__Marten"] = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=nobody;Timeout=3" };
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        AssertParagraph(StartupProblem.DatabaseExitCode, exit, stdout, stderr, "tidak dapat dihubungi", "ConnectionStrings__Marten");
    }

    [Fact]
    public async Task the_development_key_in_production_is_one_paragraph_and_exit_code_4()
    {
        var environment = Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["Auth__SigningKey"] = Tokens.DevelopmentKey;
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        AssertParagraph(StartupProblem.ConfigurationExitCode, exit, stdout, stderr, "Kunci penandatanganan Development", "Auth:Authority");
    }

    [Fact]
    public async Task a_data_folder_that_cannot_be_created_is_one_paragraph_and_exit_code_3()
    {
        var file = Path.Combine(Path.GetDirectoryName(_data)!, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var environment = new Dictionary<string, string?> { ["Postgres__DataDirectory"] = Path.Combine(file, "postgres") };
        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(environment, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        AssertParagraph(StartupProblem.DatabaseExitCode, exit, stdout, stderr, "tidak dapat dibuat atau ditulisi", "Postgres:DataDirectory");
    }

    [Fact]
    public async Task postgres_refusing_to_start_is_one_paragraph_with_the_end_of_its_log()
    {
        var cluster = await EmbeddedPostgres.StartAsync(_data);
        await cluster.StopAsync();
        await File.AppendAllTextAsync(Path.Combine(cluster.DataDirectory, "postgresql.conf"), "\nshared_buffers = 'plenty'\n");

        var (exit, stdout, stderr) = await ServiceProcess.RunAsync(Environment, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        AssertParagraph(StartupProblem.DatabaseExitCode, exit, stdout, stderr, "PostgreSQL menolak berjalan", "shared_buffers");
    }

    [Fact]
    public async Task as_root_a_checkout_inside_a_private_folder_still_gets_its_database()
    {
        if (System.Environment.UserName != "root" || OperatingSystem.IsWindows()) return;
        var home = Path.Combine(Path.GetDirectoryName(_data)!, "private");
        Directory.CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var configured = Path.Combine(home, "checkout", ".data", "postgres");

        var cluster = await EmbeddedPostgres.StartAsync(configured);
        try
        {
            Assert.StartsWith(EmbeddedPostgres.ReachableRoot, cluster.DataDirectory);
            Assert.Equal(cluster.DataDirectory, new DirectoryInfo(configured).ResolveLinkTarget(true)!.FullName);
            await using var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString);
            await connection.OpenAsync();

            var again = EmbeddedPostgres.Prepare(configured);
            Assert.Equal(cluster.Port, again.Port);
        }
        finally
        {
            await cluster.StopAsync();
            Directory.Delete(Path.GetDirectoryName(cluster.DataDirectory)!, recursive: true);
        }
    }

    private static void AssertParagraph(int expectedExit, int exit, string stdout, string stderr, params string[] words)
    {
        Assert.True(expectedExit == exit, $"exit {exit}, expected {expectedExit}: {stderr}{stdout}");
        foreach (var word in words) Assert.Contains(word, stderr);
        Assert.DoesNotContain("   at ", stderr + stdout);
        Assert.DoesNotContain("Exception", stderr + stdout);
    }
}
