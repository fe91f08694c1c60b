namespace Coordination.Infrastructure.Auth;

/// <summary>
/// Whether a caller authenticated earlier may still act: an answer that stays open (the event stream) asks again while it
/// runs, since its token was checked only when it began. An account that was disabled, or whose role, district or password
/// changed, is no longer signed in; a JWT holds until it expires.
/// </summary>
public interface ISignedIn
{
    Task<bool> StillAsync(ClaimsPrincipal user, CancellationToken cancellation);
}
