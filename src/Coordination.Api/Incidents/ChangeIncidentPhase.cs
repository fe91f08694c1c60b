namespace Coordination.Incidents;

public sealed record ChangeIncidentPhase([property: Required] IncidentPhase? Phase)
{
    public Validation Check() => new Validation()
        .NotNull(Phase, "phase")
        .Require(Phase != IncidentPhase.Closed, "phase", "phase-close-separately");
}

public static class ChangeIncidentPhaseEndpoint
{
    [WolverineBefore]
    public static Decision Decide(ChangeIncidentPhase command, Incident incident, ClaimsPrincipal user) =>
        Decision.Checked(IncidentRules.ForbiddenFor(user, incident), command.Check(), () =>
        {
            if (IncidentRules.ClosedRejection(incident) is { } closed) return Decision.Reject(closed);
            var to = command.Phase!.Value;
            if (to == incident.Phase) return Decision.Nothing;
            if (to < incident.Phase) return Decision.Reject("phase-backwards", incident.Title, incident.Phase.Named(), to.Named());
            return Decision.Accept(new IncidentPhaseChanged(incident.Id, incident.Phase, to));
        }).On(incident.Version);

    [Authorize(Roles = $"{Roles.Coordinator},{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/incidents/{id}/phase", OperationId = "ChangeIncidentPhase"), Tags("Incidents")]
    public static (Versioned, Events) Post(ChangeIncidentPhase command, [WriteAggregate("id", LoadStyle = ConcurrencyStyle.Exclusive)] Incident incident,
        Decision decision) => decision.Append();
}
