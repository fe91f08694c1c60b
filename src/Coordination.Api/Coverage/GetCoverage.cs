using Coordination.Deployments;
using Coordination.Incidents;

namespace Coordination.Coverage;

public static class GetIncidentCoverageEndpoint
{
    /// <summary>
    /// The async view's facts and the teams' totals, read in one round trip; an incident the daemon has not reached yet
    /// shows its own figures and its teams' records.
    /// </summary>
    [WolverineGet("/api/incidents/{id}/coverage", OperationId = "GetIncidentCoverage"), Tags("Coverage")]
    public static async Task<CoverageView> Get([ReadAggregate("id")] Incident incident, IQuerySession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var facts = batch.Load<IncidentCoverage>(incident.Id);
        var teams = batch.Query<Deployment>().Where(d => d.IncidentId == incident.Id).ToList();
        await batch.Execute(cancellation);
        return CoverageView.Of(((await facts) ?? FromIncident(incident)).ServedBy(await teams));
    }

    public static IncidentCoverage FromIncident(Incident incident) => new()
    {
        Id = incident.Id, District = incident.District, Title = incident.Title, Affected = incident.Affected,
        Villages = [.. incident.Villages], Closed = incident.Status == IncidentStatus.Closed
    };
}

public static class GetDistrictCoverageEndpoint
{
    /// <summary>One row per district with open incidents, in code order, summed over those incidents and their teams.</summary>
    [WolverineGet("/api/coverage", OperationId = "GetCoverage"), Tags("Coverage")]
    public static Task<IReadOnlyList<CoverageView>> Get(IQuerySession session, CoverageCache cache, CancellationToken cancellation) =>
        cache.GetAsync(session, async () =>
        {
            var districts = new SortedDictionary<string, DistrictCoverageSum>(StringComparer.Ordinal);
            var open = session.Query<IncidentCoverage>().Where(c => !c.Closed).OrderBy(c => c.Id);
            // The totals of the open incidents' teams, a small row each
            var openIds = (await session.Query<IncidentCoverage>().Where(c => !c.Closed).Select(c => c.Id).ToListAsync(cancellation)).ToArray();
            var teams = (await session.Query<Deployment>().Where(d => d.IncidentId.IsOneOf(openIds))
                    .Select(d => new TeamTotals(d.IncidentId, d.Reached, d.Contacts, d.VillagesServed)).ToListAsync(cancellation))
                .ToLookup(t => t.IncidentId);
            await foreach (var incident in open.ToAsyncEnumerable(cancellation))
            {
                if (!districts.TryGetValue(incident.District, out var sum)) districts[incident.District] = sum = new DistrictCoverageSum(incident.District);
                foreach (var team in teams[incident.Id]) incident.Served(team.Reached, team.Contacts, team.VillagesServed);
                sum.Add(incident);
            }

            return districts.Values.Select(d => d.ToView()).ToList();
        }, cancellation);
}

/// <summary>What one team's service records add up to, as the province's coverage reads it.</summary>
public sealed record TeamTotals(Guid IncidentId, AffectedPeople Reached, long Contacts, IReadOnlyList<string> VillagesServed);
