using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Coordination.Infrastructure.Postgres;

/// <summary>
/// A PostgreSQL cluster of our own, run from the machine's server binaries: created on first use,
/// reused afterwards, stopped by <see cref="StopAsync"/>. As root the server runs as an
/// unprivileged system user, because initdb and postgres refuse to run as root.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string ServiceUser = "coordination-pg";

    private readonly IReadOnlyList<string>? _searchPath;
    private readonly string? _runAs;
    private string? _binDirectory;

    private EmbeddedPostgres(string dataDirectory, IReadOnlyList<string>? searchPath, string? runAs)
    {
        DataDirectory = dataDirectory;
        _searchPath = searchPath;
        _runAs = runAs;
    }

    public string DataDirectory { get; }
    public int Port { get; private set; }
    public bool Initialized { get; private set; }

    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=64;" +
        "No Reset On Close=true;Max Auto Prepare=64;Auto Prepare Min Usages=2";

    /// <summary>Chooses the port (the running server's, else a free one) without starting anything.</summary>
    public static EmbeddedPostgres Prepare(string dataDirectory, IEnumerable<string>? searchPath = null)
    {
        var postgres = new EmbeddedPostgres(Path.GetFullPath(dataDirectory), searchPath?.ToList(),
            Environment.UserName == "root" ? ServiceUser : null);
        postgres.Port = postgres.RunningPort() ?? FreeLoopbackPort();
        return postgres;
    }

    public static async Task<EmbeddedPostgres> StartAsync(string dataDirectory, IEnumerable<string>? searchPath = null,
        CancellationToken cancellation = default)
    {
        var postgres = Prepare(dataDirectory, searchPath);
        await postgres.StartAsync(cancellation);
        return postgres;
    }

    public async Task StartAsync(CancellationToken cancellation = default)
    {
        _binDirectory = PostgresBinaries.Find(_searchPath)
                        ?? throw new PostgresBinariesMissingException(PostgresBinaries.Searched(_searchPath));
        if (_runAs is not null) await EnsureServiceUserAsync(cancellation);
        Directory.CreateDirectory(DataDirectory);
        if (_runAs is not null) await RunAsync("chown", ["-R", _runAs, DataDirectory], asRoot: true, cancellation);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await RunAsync(Path.Combine(_binDirectory, "initdb"),
                ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"],
                asRoot: false, cancellation);
            Initialized = true;
        }

        // A server left running by a service that was killed is adopted, not started twice.
        if (RunningPort() is { } running)
        {
            Port = running;
            return;
        }

        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' " +
                      "-c idle_in_transaction_session_timeout=60s -c max_connections=200";
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
            ["-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-o", options, "-w", "-t", "60", "start"],
            asRoot: false, cancellation);
    }

    public bool Running => RunningPort() is not null;

    /// <summary>Stops the server of this data directory, whether this process started it or adopted it.</summary>
    public async Task StopAsync()
    {
        if (_binDirectory is null || !Running) return;
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"],
            asRoot: false, CancellationToken.None);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private int? RunningPort()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;

        string[] lines;
        try
        {
            lines = File.ReadAllLines(pidFile);
        }
        catch (IOException)
        {
            return null;
        }

        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port)) return null;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : port;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task EnsureServiceUserAsync(CancellationToken cancellation)
    {
        var exists = await RunProcessAsync("id", ["-u", ServiceUser], cancellation, throwOnFailure: false);
        if (exists == 0) return;
        await RunProcessAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser],
            cancellation, throwOnFailure: false);
    }

    private Task<int> RunAsync(string file, IReadOnlyList<string> arguments, bool asRoot,
        CancellationToken cancellation, bool throwOnFailure = true)
    {
        if (asRoot || _runAs is null) return RunProcessAsync(file, arguments, cancellation, throwOnFailure);
        return RunProcessAsync("runuser", ["-u", _runAs, "--", file, .. arguments], cancellation, throwOnFailure);
    }

    private static async Task<int> RunProcessAsync(string file, IReadOnlyList<string> arguments,
        CancellationToken cancellation, bool throwOnFailure = true)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/"
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}");
        // Read both streams: pg_ctl's server inherits them, so wait for the process, not for end-of-stream.
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var error = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);

        if (process.ExitCode != 0 && throwOnFailure)
        {
            await Task.WhenAny(Task.WhenAll(output, error), Task.Delay(TimeSpan.FromSeconds(1), cancellation));
            var text = error.IsCompletedSuccessfully ? error.Result : "";
            throw new InvalidOperationException(
                $"'{file} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {text.Trim()}");
        }

        return process.ExitCode;
    }
}
