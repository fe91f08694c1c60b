using Microsoft.EntityFrameworkCore;

namespace Coordination.Accounts;

/// <summary>
/// Who did it, for people reading a history: an event's actor is the subject of the caller's token, which for an account is
/// its id; this gives those accounts' names. Other actors (a Development or OIDC token's subject) have none here.
/// </summary>
public sealed class AccountNames(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyDictionary<string, string>> OfAsync(IEnumerable<string?> actors, CancellationToken cancellation)
    {
        var ids = actors.Select(a => Guid.TryParse(a, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<string, string>();
        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountsDb>().Users.Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Name });
        var listed = await EntityFrameworkQueryableExtensions.ToListAsync(accounts, cancellation);
        return listed.ToDictionary(a => a.Id.ToString(), a => a.Name, StringComparer.OrdinalIgnoreCase);
    }
}
