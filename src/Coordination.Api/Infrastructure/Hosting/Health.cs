using Coordination.Infrastructure.Postgres;
using Coordination.Infrastructure.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Infrastructure.Hosting;

/// <summary>/health/live: the process answers; /health/ready: PostgreSQL answers too, and the async views keep up.</summary>
public sealed class PostgresReady(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default)
    {
        try
        {
            await using var connection = await database.Health.OpenConnectionAsync(cancellation);
            await using var command = new NpgsqlCommand("select 1", connection);
            await command.ExecuteScalarAsync(cancellation);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", e);
        }
    }
}

/// <summary>Degraded (still ready: commands work, views only lag) while an async view is too far behind the newest event.</summary>
public sealed class ViewsCurrent(OperationsMonitor monitor, IOptions<OperationsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var snapshot = await monitor.CurrentAsync(TimeSpan.FromSeconds(1), timeout.Token);
            var behind = snapshot.Views.Where(v => v.Seconds > options.Value.MaxViewLagSeconds)
                .Select(v => $"{v.View} {v.Seconds:F0} s ({v.Events} events) behind").ToList();
            return behind.Count == 0 ? HealthCheckResult.Healthy("views current") : HealthCheckResult.Degraded(string.Join("; ", behind));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("the views' progress cannot be read", e);
        }
    }
}

public static class Health
{
    /// <summary>Ready answers its status as text, as load balancers expect; not ready is a 503 problem like every error.</summary>
    private static async Task WriteReady(HttpContext http, HealthReport report)
    {
        if (report.Status != HealthStatus.Unhealthy)
        {
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync(report.Status.ToString());
            return;
        }

        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteProblemAsync(http,
            Problems.Of(StatusCodes.Status503ServiceUnavailable, new Message("not-ready")));
    }

    public const string Ready = "ready";

    public static IServiceCollection AddCoordinationHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<PostgresReady>("postgres", tags: [Ready])
            .AddCheck<ViewsCurrent>("views", tags: [Ready]);
        return services;
    }

    public static void MapCoordinationHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteReady }).AllowAnonymous();
    }
}
