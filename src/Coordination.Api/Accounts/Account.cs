using Microsoft.AspNetCore.Identity;

namespace Coordination.Accounts;

/// <summary>A person's sign-in: an Identity user carrying the role and district every route checks; enabled ⇄ disabled.</summary>
public sealed class Account : IdentityUser<Guid>
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string? District { get; set; }
    public bool Enabled { get; set; } = true;
}

/// <summary>How an account is shown to the administrator (never its password hash or security stamp).</summary>
public sealed record AccountView(Guid Id, string Email, string Name, string Role, string? District, bool Enabled, DateTimeOffset? LockedOutUntil)
{
    public static AccountView Of(Account account, DateTimeOffset now) =>
        new(account.Id, account.Email ?? "", account.Name, account.Role, account.District, account.Enabled,
            account.LockoutEnd > now ? account.LockoutEnd : null);
}
