using JasperFx.Events;

namespace Coordination.Personnel;

public enum PersonnelRole
{
    Counselor,
    Tagana,
    SocialWorker
}

public enum PersonnelStatus
{
    Available,
    Unavailable,
    Deployed
}

public sealed record Training(string Course, DateOnly CompletedOn, DateOnly? ValidUntil)
{
    public bool CurrentOn(DateOnly day) => ValidUntil is null || ValidUntil >= day;
}

/// <summary>
/// One counselor, TAGANA volunteer or social worker of a district (inline snapshot): registered available;
/// availability set by the district; deployed from assignment to a team until that team stands down.
/// </summary>
public sealed record Person(
    Guid Id,
    string District,
    string Name,
    PersonnelRole Role,
    IReadOnlyList<string> Skills,
    bool Available,
    string? UnavailableReason,
    Guid? DeploymentId,
    IReadOnlyList<Training> Trainings,
    DateTimeOffset RegisteredAt)
{
    public long Version { get; set; }

    /// <summary>The name of the team the person is out with, while deployed.</summary>
    public string? DeploymentTeam { get; init; }

    public PersonnelStatus Status =>
        DeploymentId is not null ? PersonnelStatus.Deployed : Available ? PersonnelStatus.Available : PersonnelStatus.Unavailable;

    public bool Holds(string skill) => Skills.Contains(skill, StringComparer.OrdinalIgnoreCase);

    public static Person Create(IEvent<PersonnelRegistered> e) =>
        new(e.Data.PersonId, e.Data.District, e.Data.Name, e.Data.Role, e.Data.Skills, true, null, null, [], e.Timestamp);

    public Person Apply(TrainingCompleted e) => this with { Trainings = [.. Trainings, new Training(e.Course, e.CompletedOn, e.ValidUntil)] };

    public Person Apply(AvailabilitySet e) => this with { Available = e.Available, UnavailableReason = e.Available ? null : e.Reason };

    public Person Apply(PersonnelAssigned e) => this with { DeploymentId = e.DeploymentId, DeploymentTeam = e.TeamName };

    public Person Apply(PersonnelReleased e) => DeploymentId == e.DeploymentId ? this with { DeploymentId = null, DeploymentTeam = null } : this;
}
