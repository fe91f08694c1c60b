using Coordination.Deployments;
using Coordination.Coverage;
using Coordination.Incidents;
using Marten.Events;

namespace Coordination.History;

/// <summary>One day of an incident's coverage: what that day added, and the cumulative figures as the coverage view stood at its end.</summary>
public sealed record DailyCoverageRow(
    DateOnly Date,
    AffectedPeople NewlyReached,
    long NewContacts,
    AffectedPeople Reached,
    long Contacts,
    CoverageRatios Coverage,
    AffectedPeople Affected,
    int VillagesAffected,
    int VillagesServed,
    int PersonnelOnSite);

public static class DailyCoverageEndpoint
{
    /// <summary>The last instant of a WIB day, in UTC: a replay at this moment shows the day's end.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => Districts.KalimantanBarat.StartOf(day.AddDays(1)).AddTicks(-1);

    /// <summary>One row per day (WIB) from the first service record to the last, or to today while the incident is open.</summary>
    [WolverineGet("/api/incidents/{id}/coverage/daily", OperationId = "GetDailyCoverage"), Tags("History")]
    public static async Task<IReadOnlyList<DailyCoverageRow>> Get([ReadAggregate("id")] Incident incident, IQuerySession session, TimeProvider clock,
        CancellationToken cancellation)
    {
        var streams = await IncidentStreams.LoadAsync(session, incident.Id, cancellation);
        var days = (await ServiceRecordDay.LoadAsync(session, streams.Deployments, cancellation)).ToDictionary(d => d.Date);
        if (days.Count == 0) return [];

        var events = (await streams.CoverageEventsAsync(session, cancellation)).OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence).ToList();

        var today = Districts.KalimantanBarat.Today(clock);
        var first = days.Keys.Min();
        var last = incident.Status == IncidentStatus.Closed ? days.Keys.Max() : new[] { days.Keys.Max(), today }.Max();
        var coverage = new IncidentCoverage();
        var rows = new List<DailyCoverageRow>();
        var next = 0;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var end = EndOf(day);
            while (next < events.Count && events[next].Timestamp <= end) coverage.Fold(events[next++].Data);
            var served = days.GetValueOrDefault(day);
            if (served is not null) coverage.Served(served.Reached, served.Contacts, served.Villages);
            var view = CoverageView.Of(coverage);
            rows.Add(new DailyCoverageRow(day, served?.Reached ?? AffectedPeople.None, served?.Contacts ?? 0, view.Reached, view.Contacts,
                view.Coverage, view.Affected, view.VillagesAffected, view.VillagesServed, view.PersonnelOnSite));
        }

        return rows;
    }
}
