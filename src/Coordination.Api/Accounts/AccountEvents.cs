namespace Coordination.Accounts;

// The audit of an account, one stream per account; who acted and when ride in the event metadata. Never a password or hash.
public sealed record AccountCreated(Guid AccountId, string Email, string Name, string Role, string? District);

public sealed record AccountChanged(Guid AccountId, string Name, string Role, string? District);

public sealed record AccountDisabled(Guid AccountId);

public sealed record AccountEnabled(Guid AccountId);

public sealed record AccountPasswordReset(Guid AccountId);

public sealed record AccountPasswordChanged(Guid AccountId);
