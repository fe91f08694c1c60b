using Coordination.Incidents;

namespace Coordination.Coverage;

public static class GetIncidentCoverageEndpoint
{
    /// <summary>From the async view; an incident the daemon has not reached yet shows its figures with nothing reached.</summary>
    [WolverineGet("/api/incidents/{id}/coverage", OperationId = "GetIncidentCoverage"), Tags("Coverage")]
    public static async Task<CoverageView> Get([ReadAggregate("id")] Incident incident, IQuerySession session, CancellationToken cancellation) =>
        CoverageView.Of(await session.LoadAsync<IncidentCoverage>(incident.Id, cancellation) ?? FromIncident(incident));

    public static IncidentCoverage FromIncident(Incident incident) => new()
    {
        Id = incident.Id, District = incident.District, Title = incident.Title, Affected = incident.Affected,
        Villages = [.. incident.Villages], Closed = incident.Status == IncidentStatus.Closed
    };
}

public static class GetDistrictCoverageEndpoint
{
    /// <summary>One row per district with open incidents, in code order, summed over those incidents.</summary>
    [WolverineGet("/api/coverage", OperationId = "GetCoverage"), Tags("Coverage")]
    public static Task<IReadOnlyList<CoverageView>> Get(IQuerySession session, CoverageCache cache, CancellationToken cancellation) =>
        cache.GetAsync(session, async () =>
        {
            var districts = new SortedDictionary<string, DistrictCoverageSum>(StringComparer.Ordinal);
            var open = session.Query<IncidentCoverage>().Where(c => !c.Closed).OrderBy(c => c.Id);
            await foreach (var incident in open.ToAsyncEnumerable(cancellation))
            {
                if (!districts.TryGetValue(incident.District, out var sum)) districts[incident.District] = sum = new DistrictCoverageSum(incident.District);
                sum.Add(incident);
            }

            return districts.Values.Select(d => d.ToView()).ToList();
        }, cancellation);
}
