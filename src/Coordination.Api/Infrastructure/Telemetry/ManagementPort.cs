using Coordination.Infrastructure.Auth;
using Coordination.Infrastructure.Hosting;
using Coordination.Infrastructure.Http;

namespace Coordination.Infrastructure.Telemetry;

/// <summary>
/// A port of the service's own addresses (<c>--urls</c>) set aside for a Prometheus scraper and a load balancer's probes
/// (Metrics:ManagementPort): there <c>/metrics</c> answers without a token and only <c>/metrics</c> and <c>/health/…</c> are
/// served, so the port can be opened to the monitoring network alone. On every other port <c>/metrics</c> still asks for an
/// admin token. Unset, there is no such port.
/// </summary>
public static class ManagementPort
{
    public static readonly Setting Setting = new("Metrics:ManagementPort");

    /// <summary>The configured port, or null; a port that is no port, or not one the service listens on beside another, stops the start.</summary>
    public static int? Read(IConfiguration configuration)
    {
        var value = configuration[Setting.Key];
        if (string.IsNullOrWhiteSpace(value)) return null;
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (!int.TryParse(value, out var port) || port is < 1 or > 65535)
            throw new StartupProblem(new Message("startup-management-port", value, urls ?? ""), StartupProblem.ConfigurationExitCode);
        // With Kestrel:Endpoints in place of --urls the addresses are Kestrel's to check; with --urls, the port must be one of
        // them, and not the only one: else the API itself would be served nowhere, or /metrics without a token to everyone.
        if (string.IsNullOrWhiteSpace(urls)) return port;
        var ports = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => { try { return BindingAddress.Parse(url).Port; } catch (FormatException) { return -1; } }).ToList();
        if (!ports.Contains(port) || ports.All(p => p == port))
            throw new StartupProblem(new Message("startup-management-port", value, urls), StartupProblem.ConfigurationExitCode);
        return port;
    }

    public static bool Arrived(HttpContext http, int? port) => port is { } p && http.Connection.LocalPort == p;

    /// <summary>On the management port, anything but /metrics and /health/… is a 404 problem.</summary>
    public static IApplicationBuilder UseManagementPort(this IApplicationBuilder app)
    {
        var port = Read(app.ApplicationServices.GetRequiredService<IConfiguration>());
        if (port is null) return app;
        var problems = app.ApplicationServices.GetRequiredService<IProblemDetailsService>();
        return app.Use(async (http, next) =>
        {
            if (Arrived(http, port) && !http.Request.Path.StartsWithSegments("/metrics") && !http.Request.Path.StartsWithSegments("/health"))
            {
                await problems.WriteProblemAsync(http, Problems.NotFound(new Message("management-port-only", port)));
                return;
            }
            await next(http);
        });
    }

    /// <summary>Admins anywhere; anyone on the management port.</summary>
    public static TBuilder RequireMetricsReader<TBuilder>(this TBuilder endpoint, IConfiguration configuration)
        where TBuilder : IEndpointConventionBuilder
    {
        var port = Read(configuration);
        return port is null
            ? endpoint.RequireAuthorization(Policies.Admin)
            : endpoint.RequireAuthorization(policy => policy.RequireAssertion(context =>
                context.User.IsInRole(Roles.Admin) || context.Resource is HttpContext http && Arrived(http, port)));
    }
}
