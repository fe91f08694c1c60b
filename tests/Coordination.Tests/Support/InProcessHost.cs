using Alba;
using Microsoft.AspNetCore.Hosting;
using Wolverine;

namespace Coordination.Tests.Support;

/// <summary>A host of its own on a database of its own, for a test about how the service starts.</summary>
public static class InProcessHost
{
    public static async Task<IAlbaHost> StartAsync()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync();
        return await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.UseSetting("Logging:Console:LogLevel:Default", "Warning");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
    }
}
