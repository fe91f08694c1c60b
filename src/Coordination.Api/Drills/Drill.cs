using JasperFx.Events;

namespace Coordination.Drills;

/// <summary>A TAGANA simulation held in a district (inline snapshot); one event, never changed afterwards.</summary>
public sealed record Drill(Guid Id, string District, DateOnly HeldOn, string Scenario, IReadOnlyList<Guid> Participants, DateTimeOffset RecordedAt)
{
    public long Version { get; set; }

    public static Drill Create(IEvent<DrillHeld> e) =>
        new(e.Data.DrillId, e.Data.District, e.Data.HeldOn, e.Data.Scenario, e.Data.Participants, e.Timestamp);
}
