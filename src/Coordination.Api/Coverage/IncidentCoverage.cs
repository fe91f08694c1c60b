using System.Text.Json.Serialization;
using Coordination.Deployments;
using Coordination.Incidents;

namespace Coordination.Coverage;

public sealed class TeamFacts
{
    public int Members { get; set; }
    public bool OnSite { get; set; }
}

/// <summary>
/// The facts behind one incident's coverage, keyed by incident id: affected figures and villages from the incident and
/// teams on site from deployments (stored by the async view), and what the teams' service records add up to, which each
/// team's snapshot keeps and a read adds (<see cref="ServedBy"/>): so the view never reads a service record, and no
/// record is read twice when the views are rebuilt. The same fold serves the projection and replay.
/// </summary>
public sealed class IncidentCoverage
{
    public Guid Id { get; set; }
    public string District { get; set; } = "";
    public string Title { get; set; } = "";
    public bool Closed { get; set; }
    public AffectedPeople Affected { get; set; } = AffectedPeople.None;
    public List<string> Villages { get; set; } = [];
    [JsonIgnore] public AffectedPeople Reached { get; set; } = AffectedPeople.None;
    [JsonIgnore] public long Contacts { get; set; }
    [JsonIgnore] public List<string> VillagesServed { get; set; } = [];
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

    /// <summary>With what the teams' service records add up to, as each team's snapshot (or a replay of it) keeps it.</summary>
    public IncidentCoverage ServedBy(IEnumerable<Deployment> teams)
    {
        foreach (var team in teams) Served(team.Reached, team.Contacts, team.VillagesServed);
        return this;
    }

    /// <summary>The totals of service records (a team's, or a day's).</summary>
    public void Served(AffectedPeople reached, long contacts, IEnumerable<string> villages)
    {
        Reached += reached;
        Contacts += contacts;
        foreach (var village in villages)
            if (!VillagesServed.Contains(village, StringComparer.OrdinalIgnoreCase)) VillagesServed.Add(village);
    }

    /// <summary>Folds any event of the incident's own stream or of its deployments' streams but service records; others are ignored.</summary>
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
        }

        return this;
    }

    public int PersonnelOnSite => Teams.Values.Where(t => t.OnSite).Sum(t => t.Members);

    public int ServedAffectedVillages => Villages.Count(v => VillagesServed.Contains(v, StringComparer.OrdinalIgnoreCase));

    public IEnumerable<string> UnservedVillages => Villages.Where(v => !VillagesServed.Contains(v, StringComparer.OrdinalIgnoreCase));

    private TeamFacts Team(Guid id) => Teams.TryGetValue(id, out var team) ? team : Teams[id] = new TeamFacts();
}
