using Coordination.Infrastructure.Hosting;
using JasperFx.Events.Projections;

namespace Coordination.Readiness;

public static class ReadinessConfiguration
{
    public static IServiceCollection AddReadinessOptions(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<ReadinessOptions>(configuration.GetSection(ReadinessOptions.Section));
}

public sealed class ReadinessStore : IStoreFeature
{
    public void Configure(StoreOptions options) =>
        options.Projections.Add<DistrictReadinessProjection>(ProjectionLifecycle.Async);
}
