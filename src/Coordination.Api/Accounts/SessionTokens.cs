using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Coordination.Accounts;

/// <summary>
/// A session's refresh tokens: the current one, the one it replaced and when. Rotated ⇄ rotated on each refresh; ended for
/// good once a replaced token comes back after the grace window.
/// </summary>
public sealed record SessionTokens(Guid Id, Guid Current, Guid Previous, DateTimeOffset ReplacedAt, bool Ended)
{
    /// <summary>The id of the refresh token a token pair carries, beside the session's sid.</summary>
    public const string Claim = "rti";

    public static SessionTokens Create(RefreshTokenRotated e) => new(e.SessionId, e.Current, e.Replaced, e.At, false);

    public SessionTokens Apply(RefreshTokenRotated e) => this with { Current = e.Current, Previous = e.Replaced, ReplacedAt = e.At };

    public SessionTokens Apply(RefreshTokenReused _) => this with { Ended = true };

    /// <summary>A principal about to be signed in, carrying the id of the refresh token it gets.</summary>
    public static ClaimsPrincipal Carrying(ClaimsPrincipal principal, Guid token)
    {
        ((ClaimsIdentity)principal.Identity!).AddClaim(new System.Security.Claims.Claim(Claim, token.ToString()));
        return principal;
    }

    /// <summary>The refresh token's id; Guid.Empty for a token issued before tokens carried one (it counts as its session's first).</summary>
    public static Guid Of(ClaimsPrincipal principal) => Guid.TryParse(principal.FindFirst(Claim)?.Value, out var id) ? id : Guid.Empty;
}

/// <summary>What a refresh token presented to a session gets: a pair carrying <paramref name="Issue"/>, or nothing.</summary>
public sealed record Rotation(Guid? Issue, object? Event)
{
    /// <summary>
    /// The current token is replaced by a new one; the token it replaced, presented again within the grace window (a retry
    /// whose answer was lost), gets the current one again; any older token, or that one after the window, is a sign that
    /// someone else holds the session's tokens: the session ends.
    /// </summary>
    public static Rotation Decide(SessionTokens? state, Guid sessionId, Guid accountId, Guid presented, Guid replacement,
        DateTimeOffset now, TimeSpan grace)
    {
        if (state is { Ended: true }) return new Rotation(null, null);
        if (state is null || presented == state.Current)
            return new Rotation(replacement, new RefreshTokenRotated(sessionId, accountId, presented, replacement, now));
        if (presented == state.Previous && now - state.ReplacedAt <= grace) return new Rotation(state.Current, null);
        return new Rotation(null, new RefreshTokenReused(sessionId, accountId, presented, now));
    }
}

/// <summary>
/// Refresh token rotation: each refresh replaces the token presented, and a replaced token that comes back after
/// Accounts:RefreshGrace (30 s) ends its session on every node (its access and refresh tokens), as signing out does.
/// </summary>
public sealed class TokenRotation(IDocumentStore store, AccountStamps stamps, IOptionsMonitor<BearerTokenOptions> bearer,
    IConfiguration configuration, TimeProvider clock, ILoggerFactory logs)
{
    // the category README names for an operator's filter
    private readonly ILogger _logger = logs.CreateLogger("Coordination.Accounts.Sessions");

    private readonly TimeSpan _grace = configuration.GetValue(AccountsConfiguration.RefreshGrace.Key, TimeSpan.FromSeconds(30));

    /// <summary>The id the new refresh token carries; null when the session is over (or has just been ended).</summary>
    /// <param name="actor">The account the refresh token names, as whoever presents it acts.</param>
    public async Task<Guid?> RotateAsync(Guid sessionId, Guid accountId, Guid presented, Actor actor, CancellationToken cancellation)
    {
        var replacement = Guid.CreateVersion7();
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            actor.Stamp(session);
            var stream = await session.Events.FetchForWriting<SessionTokens>(sessionId, cancellation);
            var now = clock.GetUtcNow();
            var rotation = Rotation.Decide(stream.Aggregate, sessionId, accountId, presented, replacement, now, _grace);
            if (rotation.Event is null) return rotation.Issue;
            stream.AppendOne(rotation.Event);
            if (rotation.Event is RefreshTokenReused)
                session.Store(new EndedSession
                {
                    Id = sessionId, AccountId = accountId, Until = now + bearer.Get(IdentityConstants.BearerScheme).RefreshTokenExpiration
                });
            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            // another refresh of the same session came first: decide again on what it stored
            catch (Exception e) when (attempt < 3 && e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException
                                          or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
                continue;
            }

            if (rotation.Event is RefreshTokenReused)
            {
                stamps.Forget(accountId);
                _logger.LogWarning(
                    "A replaced refresh token of session {SessionId} of account {AccountId} was presented again after the grace window: someone else may hold the session's tokens, and the session is ended",
                    sessionId, accountId);
            }

            return rotation.Issue;
        }
    }
}
