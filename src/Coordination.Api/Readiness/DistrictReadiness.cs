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

    public void Requested(Guid requestId, DateTimeOffset at) => OpenRequests[requestId] = at;

    public void Answered(Guid requestId, DateTimeOffset at)
    {
        if (!OpenRequests.Remove(requestId, out var issued)) return;
        ResponseMinutes.Add(Math.Round((at - issued).TotalMinutes, 2));
    }

    public void On(RequestCancelled e) => OpenRequests.Remove(e.RequestId);

    /// <summary>The event types this view reads, each naming the district it belongs to.</summary>
    public static readonly Type[] EventTypes =
    [
        typeof(PersonnelRegistered), typeof(TrainingCompleted), typeof(AvailabilitySet), typeof(PersonnelAssigned), typeof(PersonnelReleased),
        typeof(DrillHeld), typeof(PersonnelRequested), typeof(RequestAccepted), typeof(RequestDeclined), typeof(RequestCancelled)
    ];

    public static string? DistrictOf(object data) => data switch
    {
        PersonnelRegistered e => e.District,
        TrainingCompleted e => e.District,
        AvailabilitySet e => e.District,
        PersonnelAssigned e => e.District,
        PersonnelReleased e => e.District,
        DrillHeld e => e.District,
        PersonnelRequested e => e.District,
        RequestAccepted e => e.District,
        RequestDeclined e => e.District,
        RequestCancelled e => e.District,
        _ => null
    };

    /// <summary>Folds one stored event as the projection does: readiness as of a past moment is this fold over the events until then.</summary>
    public DistrictReadiness Fold(IEvent e)
    {
        switch (e.Data)
        {
            case PersonnelRegistered x: On(x); break;
            case TrainingCompleted x: On(x); break;
            case AvailabilitySet x: On(x); break;
            case PersonnelAssigned x: On(x); break;
            case PersonnelReleased x: On(x); break;
            case DrillHeld x: On(x); break;
            case PersonnelRequested x: Requested(x.RequestId, e.Timestamp); break;
            case RequestAccepted x: Answered(x.RequestId, e.Timestamp); break;
            case RequestDeclined x: Answered(x.RequestId, e.Timestamp); break;
            case RequestCancelled x: On(x); break;
        }

        return this;
    }

    private PersonFacts Person(Guid id) => Personnel.TryGetValue(id, out var person) ? person : Personnel[id] = new PersonFacts();
}
