namespace Coordination.Accounts;

// A signed-in session's refresh tokens, one stream per session (its sid); never a token itself, only the ids it carries.
public sealed record RefreshTokenRotated(Guid SessionId, Guid AccountId, Guid Replaced, Guid Current, DateTimeOffset At);

public sealed record RefreshTokenReused(Guid SessionId, Guid AccountId, Guid Reused, DateTimeOffset At);
