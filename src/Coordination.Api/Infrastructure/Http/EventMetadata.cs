
namespace Coordination.Infrastructure.Http;

/// <summary>Stamps every appended event with who acted (sub), in which role, and the request's correlation id.</summary>
public static class EventMetadata
{
    public const string RoleHeader = "role";

    public static void Before(HttpContext http, ClaimsPrincipal user, IDocumentSession session)
    {
        session.LastModifiedBy = user.Subject();
        session.CorrelationId = http.Request.Headers[CorrelationMiddleware.Header].ToString();
        session.SetHeader(RoleHeader, user.Role());
    }
}
