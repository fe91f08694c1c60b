using Coordination.Infrastructure.Auth;
using Coordination.Infrastructure.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Coordination.Infrastructure.Telemetry;

public static class Telemetry
{
    public const string MeterName = "Coordination";

    /// <summary>
    /// Wolverine's meter is named after the service ("Wolverine:Coordination.Api"); its activity source is "Wolverine".
    /// "System.Runtime" is the runtime's own (GC, allocations, thread pool, working set), read only when /metrics is scraped.
    /// </summary>
    private static readonly string[] Meters = [MeterName, "Marten", "Wolverine:*", "Npgsql", "System.Runtime"];
    private static readonly string[] Sources = ["Wolverine", "Marten"];

    /// <summary>Spans for an exporter added in code, without a collector (the tests' in-memory one).</summary>
    public static readonly Setting Traces = new("Telemetry:Traces");

    /// <summary>
    /// Metrics always (scraped at /metrics); traces when OTEL_EXPORTER_OTLP_ENDPOINT names a collector or Telemetry:Traces is
    /// true, because a span per SQL statement costs CPU on every command and is worth it only where someone reads them.
    /// </summary>
    public static IServiceCollection AddCoordinationTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        ManagementPort.Read(configuration);
        services.AddSingleton<OperationsMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationsMonitor>());
        services.Configure<OperationsOptions>(configuration.GetSection(OperationsOptions.Section));

        var otel = services.AddOpenTelemetry()
            // "coordination" unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES name the service (one name per node, say):
            // the variables are read after the default so that they win, as the standard OTEL_* variables do elsewhere
            .ConfigureResource(resource => resource.Clear().AddService("coordination").AddTelemetrySdk().AddEnvironmentVariableDetector())
            // every (code, status, route) of a refusal is a label set of its own: past OpenTelemetry's default of 2,000 per metric, a
            // refusal first seen later went uncounted
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(Meters)
                .AddView("coordination.problems", new MetricStreamConfiguration { CardinalityLimit = 20_000 }).AddPrometheusExporter());
        if (otlp || configuration.GetValue(Traces.Key, false))
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddSource(Sources).AddNpgsql());
        if (otlp)
        {
            otel.UseOtlpExporter();
            // the log scopes become attributes of each exported record, as they are fields of the JSON console lines: a request's
            // CorrelationId and UserSub (Http.LogScope), under the same names
            services.Configure<OpenTelemetry.Logs.OpenTelemetryLoggerOptions>(logs => logs.IncludeScopes = true);
        }

        return services;
    }

    public static void MapCoordinationMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireMetricsReader(app.Configuration);
}
