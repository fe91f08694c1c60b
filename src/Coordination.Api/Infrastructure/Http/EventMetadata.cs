
namespace Coordination.Infrastructure.Http;

/// <summary>Stamps every appended event with who acted (sub), in which role, and the request's correlation id.</summary>
public static class EventMetadata
{
    public const string RoleHeader = "role";

    public static void Before(HttpContext http, ClaimsPrincipal user, IDocumentSession session)
    {
        // PostgreSQL refuses a NUL in text, and the subject comes from whichever identity provider signed the token
        session.LastModifiedBy = user.Subject().Replace("\0", "");
        session.CorrelationId = http.Request.Headers[CorrelationMiddleware.Header].ToString();
        session.SetHeader(RoleHeader, user.Role());
    }
}
