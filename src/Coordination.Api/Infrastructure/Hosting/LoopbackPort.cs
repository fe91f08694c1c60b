using System.Net;
using System.Net.Sockets;

namespace Coordination.Infrastructure.Hosting;

/// <summary>Ports for a server that binds some time after its port is chosen (the embedded PostgreSQL, a service process).</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A free loopback port below the kernel's range for outgoing connections. The port is chosen seconds before the server
    /// binds it (initdb, the service's own start), and a port from that range can meanwhile become the local end of any
    /// outgoing connection on the machine: the server then refused to start with "Address already in use".
    /// </summary>
    public static int Free()
    {
        var outgoing = OutgoingFrom();
        for (var tries = 0; outgoing > LowestChosenPort + 1000 && tries < 50; tries++)
        {
            var port = Random.Shared.Next(LowestChosenPort, outgoing);
            try
            {
                using var candidate = new TcpListener(IPAddress.Loopback, port);
                candidate.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: another try
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const int LowestChosenPort = 20000;

    /// <summary>The first port the kernel hands to outgoing connections (Linux's ip_local_port_range; its default elsewhere).</summary>
    public static int OutgoingFrom()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
