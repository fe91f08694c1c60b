using Coordination.Incidents;
using JasperFx.Events;

namespace Coordination.Deployments;

public enum DeploymentStatus
{
    Deployed,
    OnSite,
    StoodDown
}

public enum ServiceKind
{
    PsychologicalFirstAid,
    GroupSupport,
    ChildFriendlySpace,
    HomeVisit,
    Referral
}

/// <summary>
/// One service record as clients read it. It is not a document: the record is the deployment's ServicesRecorded event,
/// stored with the record's id as the event's id (<see cref="Stored"/>), so it is written once and never rebuilt.
/// </summary>
public sealed record ServiceRecord(
    Guid Id,
    Guid DeploymentId,
    Guid IncidentId,
    string District,
    DateOnly Date,
    string Village,
    ServiceKind Service,
    AffectedPeople NewlyReached,
    int Contacts,
    DateTimeOffset RecordedAt)
{
    /// <summary>The event to append for a record: its id is the record's, so a retry can load it by id.</summary>
    public static IEvent Stored(ServicesRecorded e) => new Event<ServicesRecorded>(e) { Id = e.ServiceRecordId };

    public static ServiceRecord Of(IEvent<ServicesRecorded> e) =>
        new(e.Data.ServiceRecordId, e.Data.DeploymentId, e.Data.IncidentId, e.Data.District, e.Data.Date, e.Data.Village, e.Data.Service,
            e.Data.NewlyReached, e.Data.Contacts, e.Timestamp);
}

/// <summary>
/// A team from one district sent to one incident (inline snapshot): deployed → on-site → stood-down, with what its service
/// records add up to. It is the one view that reads every service record: coverage sums its teams' totals from here.
/// </summary>
public sealed record Deployment(
    Guid Id,
    Guid IncidentId,
    Guid? RequestId,
    string District,
    string TeamName,
    IReadOnlyList<Guid> Members,
    string Village,
    DeploymentStatus Status,
    DateTimeOffset DeployedAt,
    DateTimeOffset? ArrivedAt,
    DateTimeOffset? StoodDownAt,
    int ServiceRecords)
{
    public long Version { get; set; }

    /// <summary>People newly reached, summed over the team's service records.</summary>
    public AffectedPeople Reached { get; init; } = AffectedPeople.None;

    /// <summary>Sessions held, returning people included, summed over the team's service records.</summary>
    public long Contacts { get; init; }

    /// <summary>The villages the team's service records name, each once, in the order first served.</summary>
    public IReadOnlyList<string> VillagesServed { get; init; } = [];

    public bool Active => Status != DeploymentStatus.StoodDown;

    public static Deployment Create(IEvent<TeamDeployed> e) =>
        new(e.Data.DeploymentId, e.Data.IncidentId, e.Data.RequestId, e.Data.District, e.Data.TeamName, e.Data.Members,
            e.Data.Village, DeploymentStatus.Deployed, e.Timestamp, null, null, 0);

    public Deployment Apply(IEvent<TeamArrived> e) => this with { Status = DeploymentStatus.OnSite, ArrivedAt = e.Timestamp };

    public Deployment Apply(ServicesRecorded e) =>
        this with
        {
            ServiceRecords = ServiceRecords + 1, Reached = Reached + e.NewlyReached, Contacts = Contacts + e.Contacts,
            VillagesServed = WithVillage(VillagesServed, e.Village)
        };

    public Deployment Apply(IEvent<TeamStoodDown> e) => this with { Status = DeploymentStatus.StoodDown, StoodDownAt = e.Timestamp };

    /// <summary>
    /// With more service records: one as it is applied, or many totalled elsewhere (replay totals them in the database) up
    /// to the stream version they reach.
    /// </summary>
    public Deployment WithRecords(int records, AffectedPeople reached, long contacts, IEnumerable<string> villages, long lastVersion)
    {
        var served = VillagesServed;
        foreach (var village in villages) served = WithVillage(served, village);
        return this with
        {
            ServiceRecords = ServiceRecords + records, Reached = Reached + reached, Contacts = Contacts + contacts, VillagesServed = served,
            Version = Math.Max(Version, lastVersion)
        };
    }

    /// <summary>The villages with one more, unless it is there already (in any case); the list is copied only when it grows.</summary>
    private static IReadOnlyList<string> WithVillage(IReadOnlyList<string> villages, string village)
    {
        for (var i = 0; i < villages.Count; i++)
            if (string.Equals(villages[i], village, StringComparison.OrdinalIgnoreCase)) return villages;
        return [.. villages, village];
    }

    /// <summary>The same fold over events already read (replay reads each stream once for every view it shows).</summary>
    public static Deployment? Fold(IEnumerable<IEvent> events)
    {
        Deployment? state = null;
        foreach (var e in events)
        {
            state = e switch
            {
                IEvent<TeamDeployed> x => Create(x),
                IEvent<TeamArrived> x when state is not null => state.Apply(x),
                IEvent<ServicesRecorded> x when state is not null => state.Apply(x.Data),
                IEvent<TeamStoodDown> x when state is not null => state.Apply(x),
                _ => state
            };
            if (state is not null) state.Version = e.Version;
        }

        return state;
    }
}
