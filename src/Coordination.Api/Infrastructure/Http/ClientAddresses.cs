using System.Net;
using Coordination.Infrastructure.Hosting;
using Microsoft.AspNetCore.HttpOverrides;

namespace Coordination.Infrastructure.Http;

/// <summary>
/// The client's address is the connection's, unless the operator names the proxies in front of the service
/// (Network:TrustedProxies, addresses or ranges such as 10.0.0.5 or 10.0.0.0/24): then X-Forwarded-For and
/// X-Forwarded-Proto from those proxies, and only from them, say who the client is. Nothing is trusted by default, not
/// even the loopback address.
/// </summary>
public static class ClientAddresses
{
    public const string Section = "Network:TrustedProxies";
    public static readonly Setting TrustedProxiesSetting = new(Section);

    public static IServiceCollection AddClientAddresses(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = TrustedProxies(configuration);
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // a chain of named proxies is followed back to the first address that is not one of them
            forwarded.ForwardLimit = null;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in trusted) forwarded.KnownIPNetworks.Add(network);
        });
        return services;
    }

    public static IApplicationBuilder UseClientAddresses(this IApplicationBuilder app) =>
        TrustedProxies(app.ApplicationServices.GetRequiredService<IConfiguration>()).Count == 0 ? app : app.UseForwardedHeaders();

    /// <summary>The configured proxies, as a list (Network:TrustedProxies:0, …) or one comma-separated value.</summary>
    public static IReadOnlyList<System.Net.IPNetwork> TrustedProxies(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var entries = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in entries)
        {
            if (IPAddress.TryParse(entry, out var address))
                networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else if (System.Net.IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else throw new StartupProblem(new Message("startup-trusted-proxy-invalid", entry), StartupProblem.ConfigurationExitCode);
        }

        return networks;
    }
}
