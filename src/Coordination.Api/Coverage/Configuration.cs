using Coordination.Infrastructure.Hosting;
using JasperFx.Events.Projections;

namespace Coordination.Coverage;

public static class CoverageConfiguration
{
    public static IServiceCollection AddCoverageCache(this IServiceCollection services) => services.AddSingleton<CoverageCache>();

    public static void AddCoverage(this StoreOptions options) =>
        options.Projections.Add<IncidentCoverageProjection>(ProjectionLifecycle.Async, EventStore.Paged);
}
