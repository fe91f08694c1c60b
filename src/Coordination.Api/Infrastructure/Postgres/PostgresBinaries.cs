using Coordination.Infrastructure.Hosting;

namespace Coordination.Infrastructure.Postgres;

/// <summary>Finds a folder holding initdb, pg_ctl and postgres: PATH first, then Debian's versioned folders.</summary>
public static class PostgresBinaries
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];

    public static IEnumerable<string> DefaultSearchPath()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)) yield return folder;

        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian)) yield break;
        var versions = Directory.GetDirectories(debian)
            .Select(d => (dir: d, version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .OrderByDescending(x => x.version);
        foreach (var (dir, _) in versions) yield return Path.Combine(dir, "bin");
    }

    public static string? Find(IEnumerable<string>? searchPath = null) =>
        (searchPath ?? DefaultSearchPath()).FirstOrDefault(folder => Required.All(tool => File.Exists(Path.Combine(folder, tool))));

    public static IReadOnlyList<string> Searched(IEnumerable<string>? searchPath) => (searchPath ?? DefaultSearchPath()).ToList();
}

public sealed class PostgresBinariesMissingException(IReadOnlyList<string> searched)
    : StartupProblem(new Message("startup-binaries-missing", string.Join(", ", searched)))
{
    public IReadOnlyList<string> SearchedFolders { get; } = searched;
}
