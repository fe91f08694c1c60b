using System.Diagnostics;

namespace Coordination.Infrastructure.Postgres;

/// <summary>
/// The processes using one embedded cluster, a file each in a folder beside its data: whoever starts or adopts the
/// cluster joins, and the last to leave stops it. A process that died without leaving (kill -9) is recognised by its
/// pid no longer running with the start time it wrote, and no longer counts.
/// </summary>
internal sealed class ClusterUsers(string dataDirectory)
{
    private readonly string _folder = dataDirectory.TrimEnd(Path.DirectorySeparatorChar) + ".users";
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    /// <summary>Holds the folder's lock: starting, joining, leaving and stopping never interleave between processes.</summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellation)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, ".lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockWait)
            {
                await Task.Delay(50, cancellation);
            }
        }
    }

    public void Join() => File.WriteAllText(Path.Combine(_folder, Environment.ProcessId.ToString()), StartTicks(Environment.ProcessId).ToString());

    /// <summary>Leaves, forgets users that died without leaving, and tells whether anyone still uses the cluster.</summary>
    public bool LeaveAndCountOthers()
    {
        if (!Directory.Exists(_folder)) return false;
        File.Delete(Path.Combine(_folder, Environment.ProcessId.ToString()));
        var others = 0;
        foreach (var file in Directory.GetFiles(_folder))
        {
            if (!int.TryParse(Path.GetFileName(file), out var pid)) continue;
            if (IsAlive(pid, file)) others++;
            else File.Delete(file);
        }

        return others > 0;
    }

    private static bool IsAlive(int pid, string file)
    {
        var started = StartTicks(pid);
        return started is not null && long.TryParse(File.ReadAllText(file), out var written) &&
               Math.Abs(written - started.Value) < TimeSpan.TicksPerSecond;
    }

    private static long? StartTicks(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
