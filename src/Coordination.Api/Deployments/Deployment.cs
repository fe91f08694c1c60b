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

public sealed record ServiceRecord(Guid Id, DateOnly Date, string Village, ServiceKind Service, AffectedPeople NewlyReached, int Contacts);

/// <summary>A team from one district sent to one incident (inline snapshot): deployed → on-site → stood-down.</summary>
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
    IReadOnlyList<ServiceRecord> Services)
{
    public long Version { get; set; }

    public bool Active => Status != DeploymentStatus.StoodDown;

    public static Deployment Create(IEvent<TeamDeployed> e) =>
        new(e.Data.DeploymentId, e.Data.IncidentId, e.Data.RequestId, e.Data.District, e.Data.TeamName, e.Data.Members,
            e.Data.Village, DeploymentStatus.Deployed, e.Timestamp, null, null, []);

    public Deployment Apply(IEvent<TeamArrived> e) => this with { Status = DeploymentStatus.OnSite, ArrivedAt = e.Timestamp };

    public Deployment Apply(ServicesRecorded e) =>
        this with { Services = [.. Services, new ServiceRecord(e.ServiceRecordId, e.Date, e.Village, e.Service, e.NewlyReached, e.Contacts)] };

    public Deployment Apply(IEvent<TeamStoodDown> e) => this with { Status = DeploymentStatus.StoodDown, StoodDownAt = e.Timestamp };
}
