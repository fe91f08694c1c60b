using JasperFx.Events.Projections;

namespace Coordination.Coverage;

public static class CoverageConfiguration
{
    public static void AddCoverage(this StoreOptions options) =>
        options.Projections.Add<IncidentCoverageProjection>(ProjectionLifecycle.Async);
}
