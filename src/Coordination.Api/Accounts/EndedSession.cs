namespace Coordination.Accounts;

/// <summary>
/// A session someone signed out of: its id is the sid claim that its sign-in gave its access and refresh tokens (a refresh
/// keeps it). Kept until the last refresh token of the session would have expired anyway.
/// </summary>
public sealed class EndedSession
{
    public const string Claim = "sid";

    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public DateTimeOffset Until { get; set; }

    /// <summary>The principal of a new session, or of a refresh that goes on with the session it came from.</summary>
    public static ClaimsPrincipal In(ClaimsPrincipal principal, ClaimsPrincipal? before = null)
    {
        var sid = (before is null ? null : Of(before)) ?? Guid.CreateVersion7();
        ((ClaimsIdentity)principal.Identity!).AddClaim(new System.Security.Claims.Claim(Claim, sid.ToString()));
        return principal;
    }

    public static Guid? Of(ClaimsPrincipal principal) => Guid.TryParse(principal.FindFirst(Claim)?.Value, out var sid) ? sid : null;
}
