using Coordination.Drills;
using Coordination.Personnel;
using Coordination.Requests;
using JasperFx.Events;

namespace Coordination.Readiness;

public sealed class PersonFacts
{
    public PersonnelRole Role { get; set; }
    public bool Available { get; set; } = true;
    public bool Deployed { get; set; }

    /// <summary>One entry per training; null means the training does not expire.</summary>
    public List<DateOnly?> TrainingValidUntil { get; set; } = [];

    public bool CertifiedOn(DateOnly day) => TrainingValidUntil.Any(until => until is null || until >= day);
}

/// <summary>
/// The stored facts behind one district's readiness, keyed by district code. Nothing here depends on today:
/// certification, drill recency and the level are worked out at read time, so a rebuild gives the same document.
/// </summary>
public sealed class DistrictReadiness
{
    public string Id { get; set; } = "";
    public Dictionary<Guid, PersonFacts> Personnel { get; set; } = [];
    public DateOnly? LastDrillOn { get; set; }

    /// <summary>Requests addressed to the district that are still open, with the time each was issued.</summary>
    public Dictionary<Guid, DateTimeOffset> OpenRequests { get; set; } = [];

    /// <summary>Minutes from issue to first answer, one entry per answered request.</summary>
    public List<double> ResponseMinutes { get; set; } = [];

    public void On(PersonnelRegistered e) => Personnel[e.PersonId] = new PersonFacts { Role = e.Role };

    public void On(TrainingCompleted e) => Person(e.PersonId).TrainingValidUntil.Add(e.ValidUntil);

    public void On(AvailabilitySet e) => Person(e.PersonId).Available = e.Available;

    public void On(PersonnelAssigned e) => Person(e.PersonId).Deployed = true;

    public void On(PersonnelReleased e) => Person(e.PersonId).Deployed = false;

    public void On(DrillHeld e) => LastDrillOn = LastDrillOn is { } last && last > e.HeldOn ? last : e.HeldOn;

    public void On(IEvent<PersonnelRequested> e) => OpenRequests[e.Data.RequestId] = e.Timestamp;

    public void Answered(Guid requestId, DateTimeOffset at)
    {
        if (!OpenRequests.Remove(requestId, out var issued)) return;
        ResponseMinutes.Add(Math.Round((at - issued).TotalMinutes, 2));
    }

    public void On(RequestCancelled e) => OpenRequests.Remove(e.RequestId);

    private PersonFacts Person(Guid id) => Personnel.TryGetValue(id, out var person) ? person : Personnel[id] = new PersonFacts();
}
