namespace Coordination.Drills;

public sealed record DrillHeld(Guid DrillId, string District, DateOnly HeldOn, string Scenario, IReadOnlyList<Guid> Participants);
