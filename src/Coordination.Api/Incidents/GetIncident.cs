using Coordination.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace Coordination.Incidents;

public static class GetIncidentEndpoint
{
    [WolverineGet("/api/incidents/{id}", OperationId = "GetIncident"), Tags("Incidents")]
    public static Incident Get([ReadAggregate("id")] Incident incident, HttpContext http)
    {
        IfMatch.WriteETag(http, incident.Version);
        return incident;
    }
}
