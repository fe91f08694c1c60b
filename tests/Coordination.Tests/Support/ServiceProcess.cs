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

    public static ServiceProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
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
        return await process.ExitAsync(TimeSpan.FromSeconds(90));
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> ExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited) throw new Xunit.Sdk.XunitException($"The service exited with {_process.ExitCode}: {await _stderr}{await _stdout}");
            if (await ReadyStatusAsync(http) == HttpStatusCode.OK) return;
            await Task.Delay(100);
        }

        throw new TimeoutException("The service did not become ready within 90 s");
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
