using Coordination.Infrastructure.Hosting;

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
