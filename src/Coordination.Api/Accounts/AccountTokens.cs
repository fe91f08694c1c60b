using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Coordination.Accounts;

/// <summary>
/// Whether an account's token is still good: the account is enabled and its security stamp is the one in the token.
/// Each node asks the database at most every Accounts:CheckEvery (30 s) per account, so a disabled account, a changed role
/// or district, or a changed password stops working on every node within that time; on the node that made the change, at once.
/// A token issued after the node's answer was read (signed in, or a password changed, on another node or by the <c>demo</c>
/// command since) may carry what that answer predates: refused by it, the database is asked again, so a new token works at
/// once on every node. A token issued before the answer is refused by it with no second read.
/// </summary>
public sealed class AccountStamps(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<IdentityOptions> identity, IConfiguration configuration,
    TimeProvider clock)
    : ISignedIn
{
    private readonly TimeSpan _checkEvery = configuration.GetValue(AccountsConfiguration.CheckEvery.Key, TimeSpan.FromSeconds(30));

    /// <summary>A ticket's time of issue is kept to the second: a token of the second after the answer was read is newer.</summary>
    private static readonly TimeSpan IssuedWithin = TimeSpan.FromSeconds(1);

    private sealed record Current(string? Stamp, bool Enabled, IReadOnlySet<Guid> EndedSessions, DateTimeOffset ReadAt);

    /// <param name="issued">When the token was issued (its ticket's), if known.</param>
    public async Task<bool> StillValidAsync(ClaimsPrincipal principal, DateTimeOffset? issued, CancellationToken cancellation)
    {
        if (!Guid.TryParse(principal.Subject(), out var id)) return false;
        var current = await cache.GetOrCreateAsync(Key(id), entry => ReadAsync(entry, id, cancellation));
        if (Accepts(current, principal)) return true;
        if (issued is not { } at || current!.ReadAt >= at + IssuedWithin) return false;
        cache.Remove(Key(id));
        return Accepts(await cache.GetOrCreateAsync(Key(id), entry => ReadAsync(entry, id, cancellation)), principal);
    }

    /// <summary>
    /// When a bearer ticket was issued: Identity's tickets carry only their expiry, the moment of issue plus the token's lifetime
    /// (<paramref name="lifetime"/>, the access or the refresh token's).
    /// </summary>
    public static DateTimeOffset? IssuedAt(AuthenticationProperties? ticket, TimeSpan lifetime) =>
        ticket?.IssuedUtc ?? ticket?.ExpiresUtc - lifetime;

    private bool Accepts(Current? current, ClaimsPrincipal principal) =>
        current is { Enabled: true } && principal.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value is { } stamp &&
        current.Stamp == stamp && !(EndedSession.Of(principal) is { } sid && current.EndedSessions.Contains(sid));

    private async Task<Current> ReadAsync(ICacheEntry entry, Guid id, CancellationToken cancellation)
    {
        entry.AbsoluteExpirationRelativeToNow = _checkEvery;
        var readAt = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDb>();
        var account = await EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
            db.Users.Where(a => a.Id == id).Select(a => new { a.SecurityStamp, a.Enabled }), cancellation);
        if (account is null) return new Current(null, false, new HashSet<Guid>(), readAt);
        await using var session = scope.ServiceProvider.GetRequiredService<IDocumentStore>().QuerySession();
        var ended = await Marten.QueryableExtensions.ToListAsync(
            session.Query<EndedSession>().Where(e => e.AccountId == id).Select(e => e.Id), cancellation);
        return new Current(account.SecurityStamp, account.Enabled, ended.ToHashSet(), readAt);
    }

    /// <summary>An account's token carries its security stamp; any other token (a JWT) is not an account's to check.</summary>
    public Task<bool> StillAsync(ClaimsPrincipal user, CancellationToken cancellation) =>
        user.HasClaim(c => c.Type == identity.Value.ClaimsIdentity.SecurityStampClaimType)
            ? StillValidAsync(user, null, cancellation)
            : Task.FromResult(true);

    public void Forget(Guid id) => cache.Remove(Key(id));

    private static string Key(Guid id) => $"account-stamp:{id}";
}

/// <summary>Account bearer tokens (Identity's, protected by the data-protection keys in PostgreSQL), checked against the account.</summary>
public sealed class AccountTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccountStamps stamps, IOptionsMonitor<BearerTokenOptions> bearer) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Account";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = await Context.AuthenticateAsync(IdentityConstants.BearerScheme);
        if (!token.Succeeded) return token.None ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(token.Failure!);
        var issued = AccountStamps.IssuedAt(token.Properties, bearer.Get(IdentityConstants.BearerScheme).BearerTokenExpiration);
        return await stamps.StillValidAsync(token.Principal, issued, Context.RequestAborted)
            ? AuthenticateResult.Success(new AuthenticationTicket(token.Principal, token.Properties, SchemeName))
            : AuthenticateResult.Fail(Revoked);
    }

    private const string Revoked = "token-revoked";

    /// <summary>A refused account token is a 401 problem saying why: no longer valid for the account, or not a token at all.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteProblemAsync(Context,
            Problems.Of(StatusCodes.Status401Unauthorized, new Message(failure?.Message == Revoked ? Revoked : "token-invalid")));
    }

    /// <summary>JWTs (Development tokens, the OIDC provider's) have three dot-separated parts; account tokens have none.</summary>
    public static string SchemeFor(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length && !header.Contains('.')
            ? SchemeName
            : JwtBearerDefaults.AuthenticationScheme;
    }
}
