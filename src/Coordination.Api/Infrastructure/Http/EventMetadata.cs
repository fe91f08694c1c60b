using System.Diagnostics;

namespace Coordination.Infrastructure.Http;

/// <summary>Stamps every appended event with who acted (sub), in which role, and the request's correlation id.</summary>
public static class EventMetadata
{
    public const string RoleHeader = "role";

    public static void Before(HttpContext http, ClaimsPrincipal user, IDocumentSession session)
    {
        Actor.Of(user, http).Stamp(session);
        // A keyed command's answer is stored by this session, in the command's transaction
        if (http.Features.Get<IdempotentCommand>() is { } keyed) keyed.Session = session;
        // Marten's span of the session's connection (the parent of the command's SQL spans) is ended by the session only
        // when no transaction was begun: a command that locks its streams would leave it open and its SQL spans orphaned
        if (Activity.Current is { OperationName: "marten.connection", Source.Name: "Marten" } connection)
            http.Response.OnCompleted(() =>
            {
                if (!connection.IsStopped) connection.Stop();
                return Task.CompletedTask;
            });
    }
}

/// <summary>Who acts, as the metadata of the events they cause records it.</summary>
public sealed record Actor(string Subject, string Role, string? CorrelationId)
{
    public static Actor Of(ClaimsPrincipal user, HttpContext http) =>
        // PostgreSQL refuses a NUL in text, and the subject comes from whichever identity provider signed the token
        new(user.Subject().Replace("\0", ""), user.Role(), http.Request.Headers[CorrelationMiddleware.Header].ToString());

    /// <summary>Whoever runs a command of the service on its machine (accounts add, demo).</summary>
    public static Actor CommandLine => new($"command-line:{Environment.UserName}", Roles.Admin, null);

    public void Stamp(IDocumentSession session)
    {
        session.LastModifiedBy = Subject;
        session.CorrelationId = CorrelationId;
        session.SetHeader(EventMetadata.RoleHeader, Role);
    }
}
