using Coordination.Infrastructure.Postgres;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Coordination.Infrastructure.Hosting;

/// <summary>/health/live: the process answers; /health/ready: PostgreSQL answers too.</summary>
public sealed class PostgresReady(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Timeout = 3, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellation);
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
        services.AddHealthChecks().AddCheck<PostgresReady>("postgres", tags: [Ready]);
        return services;
    }

    public static void MapCoordinationHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteReady }).AllowAnonymous();
    }
}
