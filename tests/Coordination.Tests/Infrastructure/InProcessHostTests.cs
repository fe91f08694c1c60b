using System.Net;
using System.Net.Sockets;
using Coordination.Tests.Support;

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

        await using var host = await InProcessHost.StartAsync();

        (await new Api(host).Get("/health/live")).ShouldBe(200);
    }
}
