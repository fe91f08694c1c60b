using Coordination.Districts;

namespace Coordination.Incidents;

public sealed record ReportIncident(
    Guid? Id,
    [property: Required, MaxLength(10)] string? District,
    [property: Required] Hazard? Hazard,
    [property: Required, MaxLength(200)] string? Title,
    [property: Required] DateTimeOffset? OccurredAt,
    [property: Required, MinLength(1), MaxLength(IncidentRules.MaxVillages), EachText(IncidentRules.MaxVillageLength)] IReadOnlyList<string?>? Villages,
    [property: Required] AffectedPeople? Affected,
    IncidentPhase? Phase)
{
    public Validation Check(DateTimeOffset now)
    {
        var v = new Validation()
            .NotEmpty(Id, "id")
            .Text(District, "district", 10)
            .NotNull(Hazard, "hazard")
            .Text(Title, "title")
            .NotNull(OccurredAt, "occurredAt")
            .Villages(Villages)
            .People(Affected, "affected");
        if (District is not null && !KalimantanBarat.Exists(District))
            v.Add("district", "invalid-district", District);
        if (OccurredAt > now.AddMinutes(10)) v.Add("occurredAt", "time-in-future", "occurredAt");
        if (OccurredAt < new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)) v.Add("occurredAt", "time-too-early", "occurredAt", "2000");
        if (Phase is not (null or IncidentPhase.Alert or IncidentPhase.Response))
            v.Add("phase", "phase-on-report");
        return v;
    }
}

public static class ReportIncidentEndpoint
{
    /// <summary>The district is checked for its shape before the caller's right to report in it.</summary>
    [WolverineBefore]
    public static Decision Decide(ReportIncident command, ClaimsPrincipal user, TimeProvider clock)
    {
        var shape = command.Check(clock.GetUtcNow());
        var forbidden = shape.IsValid && !user.MayActIn(command.District!)
            ? new Message("report-other-district", user.ActsFor(), KalimantanBarat.Named(command.District))
            : null;
        return Decision.Checked(forbidden, shape, () => Decision.Accept(new IncidentReported(command.Id ?? Guid.CreateVersion7(), command.District!,
            command.Hazard!.Value, command.Title!.Trim(), command.OccurredAt!.Value.ToUniversalTime(), IncidentRules.Normalize(command.Villages!),
            command.Affected!, command.Phase ?? IncidentPhase.Response)));
    }

    [Authorize(Roles = $"{Roles.Coordinator},{Roles.District},{Roles.Admin}")]
    [WolverinePost("/api/incidents", OperationId = "ReportIncident"), Tags("Incidents")]
    public static Created Post(ReportIncident command, Decision decision, IDocumentSession session)
    {
        var reported = (IncidentReported)decision.Started;
        return session.Start<Incident>(reported.IncidentId, reported, $"/api/incidents/{reported.IncidentId}");
    }
}
