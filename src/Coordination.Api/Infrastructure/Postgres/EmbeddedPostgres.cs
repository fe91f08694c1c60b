using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Coordination.Infrastructure.Hosting;

namespace Coordination.Infrastructure.Postgres;

/// <summary>
/// A PostgreSQL cluster of our own, run from the machine's server binaries: created on first use, reused afterwards,
/// shared by every process of this checkout that uses it (<see cref="ClusterUsers"/>) and stopped by the last one to leave.
/// As root the server runs as an unprivileged system user, because initdb and postgres refuse to run as root; when that
/// user cannot reach the data folder (a checkout inside a private folder such as /root), the cluster lives in
/// /var/lib/coordination instead and the data folder becomes a link to it.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string ServiceUser = "coordination-pg";
    public const string ReachableRoot = "/var/lib/coordination";

    private readonly IReadOnlyList<string>? _searchPath;
    private readonly string? _runAs;
    private string? _binDirectory;

    private EmbeddedPostgres(string dataDirectory, IReadOnlyList<string>? searchPath, string? runAs)
    {
        DataDirectory = dataDirectory;
        _searchPath = searchPath;
        _runAs = runAs;
    }

    /// <summary>The cluster's own folder (the link's target when the configured folder is a link).</summary>
    public string DataDirectory { get; private set; }

    public int Port { get; private set; }
    public bool Initialized { get; private set; }

    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=64;" +
        "No Reset On Close=true;Max Auto Prepare=64;Auto Prepare Min Usages=2";

    private string LogFile => Path.Combine(DataDirectory, "server.log");
    private ClusterUsers Users => new(DataDirectory);
    private bool _joined;

    /// <summary>Chooses the port (the running server's, else a free one) without starting anything.</summary>
    public static EmbeddedPostgres Prepare(string dataDirectory, IEnumerable<string>? searchPath = null)
    {
        var full = Path.GetFullPath(dataDirectory);
        if (Directory.Exists(full) && new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target) full = target.FullName;
        var postgres = new EmbeddedPostgres(full, searchPath?.ToList(), Environment.UserName == "root" ? ServiceUser : null);
        postgres.Port = postgres.RunningPort() ?? LoopbackPort.Free();
        return postgres;
    }

    public static async Task<EmbeddedPostgres> StartAsync(string dataDirectory, IEnumerable<string>? searchPath = null,
        CancellationToken cancellation = default)
    {
        var postgres = Prepare(dataDirectory, searchPath);
        await postgres.StartAsync(cancellation);
        return postgres;
    }

    /// <summary>Starts the cluster, or adopts the one already running on this data folder, and joins its users.</summary>
    public async Task StartAsync(CancellationToken cancellation = default)
    {
        _binDirectory = PostgresBinaries.Find(_searchPath)
                        ?? throw new PostgresBinariesMissingException(PostgresBinaries.Searched(_searchPath));
        if (_runAs is not null) await EnsureServiceUserAsync(cancellation);
        await PrepareDataDirectoryAsync(cancellation);

        using var _ = await Users.LockAsync(cancellation);
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            var (exit, error) = await RunAsync(Path.Combine(_binDirectory, "initdb"),
                ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"], asRoot: false, cancellation);
            if (exit != 0)
                throw new StartupProblem(new Message("startup-initdb-failed", DataDirectory, error.Trim(), _runAs ?? Environment.UserName));
            Initialized = true;
        }

        // A server left running by another process of this checkout (a running service, or one that was killed) is adopted.
        if (RunningPort() is { } running)
        {
            Port = running;
        }
        else
        {
            var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' " +
                          "-c idle_in_transaction_session_timeout=60s -c max_connections=200";
            var (exit, error) = await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
                ["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"], asRoot: false, cancellation);
            if (exit != 0) throw RefusedToStart(error);
        }

        Users.Join();
        _joined = true;
    }

    public bool Running => RunningPort() is not null;

    /// <summary>
    /// Leaves the cluster's users and stops it when no other living process of this checkout still uses it. A second stop
    /// (a dispose after an explicit stop) does nothing: it neither touches the cluster nor brings back the folder of its
    /// users when the caller has deleted the data by then.
    /// </summary>
    public async Task StopAsync()
    {
        if (_binDirectory is null || !_joined) return;
        using var _ = await Users.LockAsync(CancellationToken.None);
        _joined = false;
        if (Users.LeaveAndCountOthers() || !Running) return;
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], asRoot: false,
            CancellationToken.None);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task PrepareDataDirectoryAsync(CancellationToken cancellation)
    {
        try
        {
            // a folder of other files (a home folder, a parent of the cluster's folder given by mistake) is never taken over:
            // as root the folder is handed to the service user whole, and initdb would refuse it anyway
            if (Directory.Exists(DataDirectory) && !File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))
                && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
                throw new StartupProblem(new Message("startup-folder-not-a-cluster", DataDirectory));
            Directory.CreateDirectory(DataDirectory);
            if (_runAs is not null)
            {
                await RunAsync("chown", ["-R", _runAs, DataDirectory], asRoot: true, cancellation);
                if (!await ServiceUserReachesAsync(DataDirectory, cancellation)) await MoveWhereServiceUserReachesAsync(cancellation);
            }

            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupProblem(new Message("startup-folder-unwritable", DataDirectory, e.Message, Environment.UserName), cause: e);
        }
    }

    private async Task<bool> ServiceUserReachesAsync(string folder, CancellationToken cancellation) =>
        (await RunAsync("test", ["-w", folder, "-a", "-x", folder], asRoot: false, cancellation)).ExitCode == 0;

    /// <summary>
    /// A folder on the path is private to root (mode 700, like /root): the cluster moves to a folder of its own under
    /// /var/lib/coordination, named after the configured path, and the configured path becomes a link to it.
    /// </summary>
    private async Task MoveWhereServiceUserReachesAsync(CancellationToken cancellation)
    {
        if (OperatingSystem.IsWindows()) return;
        var configured = DataDirectory;
        if (Directory.EnumerateFileSystemEntries(configured).Any())
            throw new StartupProblem(new Message("startup-folder-private", configured, _runAs));

        var home = Path.Combine(ReachableRoot,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(configured)))[..16], "postgres");
        const UnixFileMode passable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                      UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(ReachableRoot, passable);
        File.SetUnixFileMode(Path.GetDirectoryName(home)!, passable);
        await RunAsync("chown", ["-R", _runAs!, home], asRoot: true, cancellation);
        Directory.Delete(configured);
        Directory.CreateSymbolicLink(configured, home);
        DataDirectory = home;
    }

    private StartupProblem RefusedToStart(string error)
    {
        var log = File.Exists(LogFile) ? File.ReadLines(LogFile).TakeLast(12).ToList() : [];
        var lines = log.Count > 0 ? string.Join(Environment.NewLine, log.Select(l => "  " + l)) : "  " + error.Trim();
        return new StartupProblem(new Message("startup-postgres-refused", DataDirectory, LogFile, Environment.NewLine + lines));
    }

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


    private static async Task EnsureServiceUserAsync(CancellationToken cancellation)
    {
        if ((await RunProcessAsync("id", ["-u", ServiceUser], cancellation)).ExitCode == 0) return;
        await RunProcessAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser], cancellation);
    }

    private Task<(int ExitCode, string Error)> RunAsync(string file, IReadOnlyList<string> arguments, bool asRoot,
        CancellationToken cancellation)
    {
        if (asRoot || _runAs is null) return RunProcessAsync(file, arguments, cancellation);
        return RunProcessAsync("runuser", ["-u", _runAs, "--", file, .. arguments], cancellation);
    }

    private static async Task<(int ExitCode, string Error)> RunProcessAsync(string file, IReadOnlyList<string> arguments,
        CancellationToken cancellation)
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
        if (process.ExitCode == 0) return (0, "");

        await Task.WhenAny(Task.WhenAll(output, error), Task.Delay(TimeSpan.FromSeconds(1), cancellation));
        return (process.ExitCode, error.IsCompletedSuccessfully ? error.Result : "");
    }
}
