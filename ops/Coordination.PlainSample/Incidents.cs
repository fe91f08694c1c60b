using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace PlainSample;

public sealed record AffectedPeople(int Total, int Children, int Elderly, int Disabled, int Pregnant);

public sealed record IncidentReported(Guid IncidentId, string District, string Hazard, string Title, DateTimeOffset OccurredAt,
    IReadOnlyList<string> Villages, AffectedPeople Affected);

public sealed record IncidentAssessed(Guid IncidentId, IReadOnlyList<string> Villages, AffectedPeople Affected);

public sealed record IncidentClosed(Guid IncidentId);

/// <summary>Inline snapshot of the incident stream: reported → closed.</summary>
public sealed class Incident
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string District { get; set; } = "";
    public string Title { get; set; } = "";
    public IReadOnlyList<string> Villages { get; set; } = [];
    public AffectedPeople? Affected { get; set; }
    public bool Closed { get; set; }

    public void Apply(IncidentReported e)
    {
        Id = e.IncidentId;
        District = e.District;
        Title = e.Title;
        Villages = e.Villages;
        Affected = e.Affected;
    }

    public void Apply(IncidentAssessed e)
    {
        Villages = e.Villages;
        Affected = e.Affected;
    }

    public void Apply(IncidentClosed _) => Closed = true;
}

public sealed record ReportIncident(string District, string Hazard, string Title, DateTimeOffset OccurredAt, IReadOnlyList<string> Villages,
    AffectedPeople Affected);

public static class ReportIncidentEndpoint
{
    [WolverinePost("/api/incidents")]
    public static (CreationResponse<Guid>, IStartStream) Post(ReportIncident command)
    {
        var id = Guid.CreateVersion7();
        var start = MartenOps.StartStream<Incident>(id,
            new IncidentReported(id, command.District, command.Hazard, command.Title, command.OccurredAt, command.Villages, command.Affected));
        return (new CreationResponse<Guid>($"/api/incidents/{id}", id), start);
    }
}

public sealed record AssessIncident(IReadOnlyList<string> Villages, AffectedPeople Affected);

public static class AssessIncidentEndpoint
{
    public static ProblemDetails Validate(Incident incident) =>
        incident.Closed ? new ProblemDetails { Status = 409, Detail = "The incident is closed" } : WolverineContinue.NoProblems;

    [EmptyResponse]
    [WolverinePost("/api/incidents/{incidentId}/assessments")]
    public static IncidentAssessed Post(AssessIncident command, [WriteAggregate("incidentId")] Incident incident) =>
        new(incident.Id, command.Villages, command.Affected);
}
