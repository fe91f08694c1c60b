using System.Net;
using System.Net.Sockets;
using Alba;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Wolverine;

namespace Coordination.Tests.Infrastructure;

public class InProcessHostTests
{
    /// <summary>
    /// Only Kestrel's ports are checked before serving: test hosts starting side by side once found each other's probe of
    /// port 5000, refused to start, and every test of their collection met "the server has not been started".
    /// </summary>
    [Fact]
    public async Task an_in_process_host_starts_while_the_default_port_is_taken()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 5000);
        try
        {
            taken.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // taken already, which is the case under test
        }

        var connectionString = await TestDatabase.CreateDatabaseAsync();
        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.UseSetting("Logging:Console:LogLevel:Default", "Warning");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });

        (await new Api(host).Get("/health/live")).ShouldBe(200);
    }
}
