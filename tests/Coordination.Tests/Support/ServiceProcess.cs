using System.Diagnostics;
using System.Net;
using Coordination.Infrastructure.Hosting;

namespace Coordination.Tests.Support;

/// <summary>The built service run as its own process, the way a person runs it: the service itself or one of its commands.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private ServiceProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string Url { get; }
    public int Id => _process.Id;

    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "Coordination.Api.dll");

    public static ServiceProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        StartOn($"http://127.0.0.1:{FreePort()}", environment, arguments);

    /// <summary>A service whose arguments name its addresses themselves (<paramref name="url"/> among them, where it is asked whether it is ready).</summary>
    public static ServiceProcess StartOn(string url, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory
        };
        info.ArgumentList.Add(Dll);
        foreach (var argument in arguments.Length > 0 ? arguments : ["--urls", url]) info.ArgumentList.Add(argument);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment.Remove("ConnectionStrings__Marten");
        foreach (var (name, value) in environment)
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }

        return new ServiceProcess(Process.Start(info)!, url);
    }

    /// <summary>Runs a command (or a service start that is expected to fail) to its end.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?> environment,
        params string[] arguments)
    {
        await using var process = Start(environment, arguments);
        var progress = new Progress(process._process);
        while (!process._process.HasExited)
        {
            if (progress.HadItsChance) throw new TimeoutException($"The command did not end: {progress}");
            using var poll = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try { await process._process.WaitForExitAsync(poll.Token); }
            catch (OperationCanceledException) { }
        }

        return await process.ExitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> ExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>Until the service answers ready, or exits; see <see cref="Progress"/> for when a start has had its chance.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var progress = new Progress(_process);
        while (!progress.HadItsChance)
        {
            if (_process.HasExited) throw new Xunit.Sdk.XunitException($"The service exited with {_process.ExitCode}: {await _stderr}{await _stdout}");
            if (await ReadyStatusAsync(http) == HttpStatusCode.OK) return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"The service did not become ready: {progress}");
    }

    /// <summary>
    /// A start or a command costs the process 2–5 s of CPU. How long that takes on the clock is the machine's load, not the
    /// service's: a start that takes 3 s on an idle machine took 20–50 s beside other test runs and longer on a loaded CI
    /// machine, where a 90 s limit on the clock failed starts that were only slow. So a process has had its chance once it
    /// used 60 s of CPU (a start that loops), or after 10 minutes of its not finishing at all (a start that hangs).
    /// </summary>
    private sealed class Progress(Process process)
    {
        private static readonly TimeSpan CpuBudget = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        private TimeSpan Cpu
        {
            get
            {
                try { return process.TotalProcessorTime; }
                catch (InvalidOperationException) { return TimeSpan.Zero; } // exited: its waiter sees that
            }
        }

        public bool HadItsChance => Cpu > CpuBudget || _clock.Elapsed > HangGuard;

        public override string ToString() => $"{Cpu.TotalSeconds:F1} s of CPU in {_clock.Elapsed.TotalSeconds:F0} s";
    }

    public async Task<HttpStatusCode?> ReadyStatusAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync($"{Url}/health/ready")).StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet, or too busy starting to answer within the client's timeout: not ready.
            return null;
        }
    }

    /// <summary>Stops the service as Ctrl+C or a process manager would (SIGTERM), and waits for its exit.</summary>
    public async Task StopAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        await kill.WaitForExitAsync();
        await ExitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public static int FreePort() => LoopbackPort.Free();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
