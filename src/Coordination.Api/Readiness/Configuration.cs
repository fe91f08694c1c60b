using JasperFx.Events.Projections;

namespace Coordination.Readiness;

public static class ReadinessConfiguration
{
    public static void AddReadiness(this StoreOptions options) =>
        options.Projections.Add<DistrictReadinessProjection>(ProjectionLifecycle.Async);

    public static IServiceCollection AddReadinessOptions(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<ReadinessOptions>(configuration.GetSection(ReadinessOptions.Section));
}
