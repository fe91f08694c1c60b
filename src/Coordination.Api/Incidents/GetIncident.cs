using Microsoft.AspNetCore.Http;

namespace Coordination.Incidents;

public static class GetIncidentEndpoint
{
    [WolverineGet("/api/incidents/{id}", OperationId = "GetIncident"), Tags("Incidents")]
    public static Incident Get([ReadAggregate("id")] Incident incident, HttpContext http) =>
        http.Tagged(incident, incident.Version);
}
