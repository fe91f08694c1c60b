using Coordination.Deployments;
using Coordination.Incidents;

namespace Coordination.Coverage;

public sealed class TeamFacts
{
    public int Members { get; set; }
    public bool OnSite { get; set; }
}

/// <summary>
/// The stored facts behind one incident's coverage, keyed by incident id: affected figures and villages from the
/// incident, people newly reached and contacts from service records, teams on site from deployments.
/// The same fold serves the projection and replay.
/// </summary>
public sealed class IncidentCoverage
{
    public Guid Id { get; set; }
    public string District { get; set; } = "";
    public string Title { get; set; } = "";
    public bool Closed { get; set; }
    public AffectedPeople Affected { get; set; } = AffectedPeople.None;
    public List<string> Villages { get; set; } = [];
    public AffectedPeople Reached { get; set; } = AffectedPeople.None;
    public long Contacts { get; set; }
    public List<string> VillagesServed { get; set; } = [];
    public Dictionary<Guid, TeamFacts> Teams { get; set; } = [];

    public void On(IncidentReported e)
    {
        Id = e.IncidentId;
        District = e.District;
        Title = e.Title;
        Affected = e.Affected;
        Villages = [.. e.Villages];
    }

    public void On(IncidentAssessed e)
    {
        Affected = e.Affected;
        Villages = [.. e.Villages];
    }

    public void On(IncidentClosed e) => Closed = true;

    public void On(TeamDeployed e) => Teams[e.DeploymentId] = new TeamFacts { Members = e.Members.Count };

    public void On(TeamArrived e) => Team(e.DeploymentId).OnSite = true;

    public void On(TeamStoodDown e) => Team(e.DeploymentId).OnSite = false;

    public void On(ServicesRecorded e) => Served(e.NewlyReached, e.Contacts, e.Village);

    /// <summary>One service record, or the totals of many (replay reads them summed).</summary>
    public void Served(AffectedPeople reached, long contacts, params IEnumerable<string> villages)
    {
        Reached = Sum(Reached, reached);
        Contacts += contacts;
        foreach (var village in villages)
            if (!VillagesServed.Contains(village, StringComparer.OrdinalIgnoreCase)) VillagesServed.Add(village);
    }

    /// <summary>Folds any event of the incident's own stream or of its deployments' streams; others are ignored.</summary>
    public IncidentCoverage Fold(object e)
    {
        switch (e)
        {
            case IncidentReported x: On(x); break;
            case IncidentAssessed x: On(x); break;
            case IncidentClosed x: On(x); break;
            case TeamDeployed x: On(x); break;
            case TeamArrived x: On(x); break;
            case TeamStoodDown x: On(x); break;
            case ServicesRecorded x: On(x); break;
        }

        return this;
    }

    public int PersonnelOnSite => Teams.Values.Where(t => t.OnSite).Sum(t => t.Members);

    public int ServedAffectedVillages => Villages.Count(v => VillagesServed.Contains(v, StringComparer.OrdinalIgnoreCase));

    public IEnumerable<string> UnservedVillages => Villages.Where(v => !VillagesServed.Contains(v, StringComparer.OrdinalIgnoreCase));

    public static AffectedPeople Sum(AffectedPeople a, AffectedPeople b) =>
        new(a.Total + b.Total, a.Children + b.Children, a.Elderly + b.Elderly, a.Disabled + b.Disabled, a.Pregnant + b.Pregnant);

    private TeamFacts Team(Guid id) => Teams.TryGetValue(id, out var team) ? team : Teams[id] = new TeamFacts();
}
