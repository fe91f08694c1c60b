using Coordination.Infrastructure.Hosting;
using JasperFx.Events.Projections;

namespace Coordination.Coverage;

public static class CoverageConfiguration
{
    public static IServiceCollection AddCoverageCache(this IServiceCollection services) => services.AddSingleton<CoverageCache>();

}

public sealed class CoverageStore : IStoreFeature
{
    public void Configure(StoreOptions options) =>
        options.Projections.Add<IncidentCoverageProjection>(ProjectionLifecycle.Async, EventStore.Paged);
}
