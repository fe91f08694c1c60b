using Coordination.Districts;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Coordination.Accounts;

public sealed record Login(string? Email, string? Password);

public sealed record RefreshTokens(string? RefreshToken);

public sealed record ChangePassword(string? Current, string? New);

/// <summary>Who the caller is; mustChangePassword while they signed in with a one-time password and have not chosen their own.</summary>
public sealed record Me(string Id, string? Email, string? Name, string Role, string? District, bool MustChangePassword);

/// <summary>Whether a session was ended: false for a token that has none here (Development, OIDC).</summary>
public sealed record SignedOut(bool SessionEnded);

public static class SignInEndpoints
{
    /// <summary>Unknown email, wrong password, disabled or locked: one answer, so that nobody learns which accounts exist.</summary>
    [AllowAnonymous, EnableRateLimiting(SignInLimits.Policy)]
    [WolverinePost("/api/account/login", OperationId = "Login"), Tags("Account")]
    [ProducesResponseType<AccessTokenResponse>(200), ProducesResponseType<ProblemDetails>(401, "application/problem+json"),
     ProducesResponseType<ProblemDetails>(429, "application/problem+json")]
    public static async Task<IResult> Login(Login command, UserManager<Account> users, SignInManager<Account> signIn)
    {
        // PostgreSQL cannot compare a NUL: no account has such an address, and the client is told which field holds it
        if (command.Email?.Contains('\0') == true) return Results.Problem(new Validation().Text(command.Email, "email", int.MaxValue).ToProblem());
        var account = string.IsNullOrWhiteSpace(command.Email) ? null : await users.FindByEmailAsync(command.Email.Trim());
        // Identity checks no password for an unknown, locked or password-less account: the same hash work as a wrong
        // password, so the time taken tells none of them apart.
        if (account is null || await users.IsLockedOutAsync(account) || !await users.HasPasswordAsync(account))
        {
            users.PasswordHasher.VerifyHashedPassword(new Account(), UnknownAccountHash.Value, command.Password ?? "");
            return AccountProblems.SignInRefused();
        }

        var checkedPassword = await signIn.CheckPasswordSignInAsync(account, command.Password ?? "", lockoutOnFailure: true);
        if (!checkedPassword.Succeeded || !account.Enabled) return AccountProblems.SignInRefused();
        return NewSession(await signIn.CreateUserPrincipalAsync(account));
    }

    /// <summary>A new session's first token pair.</summary>
    private static IResult NewSession(ClaimsPrincipal principal) =>
        TypedResults.SignIn(SessionTokens.Carrying(EndedSession.In(principal), Guid.CreateVersion7()), authenticationScheme: IdentityConstants.BearerScheme);

    private static readonly Lazy<string> UnknownAccountHash =
        new(() => new PasswordHasher<Account>().HashPassword(new Account(), AccountRules.NewPassword()));

    /// <summary>
    /// New tokens for a refresh token, while the account is enabled and its password and role are unchanged. The refresh token
    /// is replaced: presented again within Accounts:RefreshGrace it gets a pair again, later it ends its session.
    /// </summary>
    [AllowAnonymous, EnableRateLimiting(SignInLimits.Policy)]
    [WolverinePost("/api/account/refresh", OperationId = "RefreshTokens"), Tags("Account")]
    [ProducesResponseType<AccessTokenResponse>(200), ProducesResponseType<ProblemDetails>(401, "application/problem+json"),
     ProducesResponseType<ProblemDetails>(429, "application/problem+json")]
    public static async Task<IResult> Refresh(RefreshTokens command, SignInManager<Account> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer, AccountStamps stamps, TokenRotation rotation, HttpContext http, TimeProvider clock,
        CancellationToken cancellation)
    {
        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(command.RefreshToken) ? null : protector.Unprotect(command.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires <= clock.GetUtcNow() ||
            await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { Enabled: true } account ||
            !await stamps.StillValidAsync(ticket.Principal,
                AccountStamps.IssuedAt(ticket.Properties, bearer.Get(IdentityConstants.BearerScheme).RefreshTokenExpiration), cancellation) ||
            EndedSession.Of(ticket.Principal) is not { } sid ||
            await rotation.RotateAsync(sid, account.Id, SessionTokens.Of(ticket.Principal), Actor.Of(ticket.Principal, http), cancellation)
                is not { } issued)
            return AccountProblems.RefreshRefused();
        // the same session goes on: signing out of it ends the tokens of every refresh since its sign-in
        return TypedResults.SignIn(SessionTokens.Carrying(EndedSession.In(await signIn.CreateUserPrincipalAsync(account), ticket.Principal), issued),
            authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>
    /// Signs out of this session: its access token and every refresh token since its sign-in stop working (on every node
    /// within the account check's interval, on this one at once); the account's other sessions go on. A token that is not
    /// an account's (Development, OIDC) has no session here: nothing to end.
    /// </summary>
    [WolverinePost("/api/account/sign-out", OperationId = "SignOut"), Tags("Account")]
    public static async Task<SignedOut> SignOut(ClaimsPrincipal user, IDocumentSession session, AccountStamps stamps,
        IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock, CancellationToken cancellation)
    {
        if (EndedSession.Of(user) is not { } sid || !Guid.TryParse(user.Subject(), out var account)) return new SignedOut(false);
        var now = clock.GetUtcNow();
        session.Store(new EndedSession { Id = sid, AccountId = account, Until = now + bearer.Get(IdentityConstants.BearerScheme).RefreshTokenExpiration });
        // sessions whose last refresh token has expired need no keeping
        session.DeleteWhere<EndedSession>(e => e.AccountId == account && e.Until < now);
        await session.SaveChangesAsync(cancellation);
        stamps.Forget(account);
        return new SignedOut(true);
    }

    /// <summary>Who the token says the caller is; for a Development or OIDC token without an account, its claims only.</summary>
    [WolverineGet("/api/account/me", OperationId = "GetMe"), Tags("Account")]
    public static Me Get(ClaimsPrincipal user) =>
        new(user.Subject(), user.FindFirst("email")?.Value, user.FindFirst("name")?.Value, user.Role(), user.District(), OneTimePasswords.Holds(user));

    /// <summary>Changes the caller's own password: every other session's tokens stop working; this one gets new tokens.</summary>
    [WolverinePost("/api/account/password", OperationId = "ChangePassword"), Tags("Account")]
    [ProducesResponseType<AccessTokenResponse>(200), ProducesResponseType<ProblemDetails>(400, "application/problem+json"),
     ProducesResponseType<ProblemDetails>(429, "application/problem+json")]
    [SecretAnswer]
    public static async Task<IResult> Password(ChangePassword command, ClaimsPrincipal user, HttpContext http, AccountChanges accounts,
        SignInManager<Account> signIn, TimeProvider clock, CancellationToken cancellation)
    {
        var shape = new Validation().Text(command.Current, "current", 1000).Text(command.New, "new", 1000)
            .Require(command.New is null || command.New != command.Current, "new", "password-unchanged");
        if (!shape.IsValid) return Results.Problem(shape.ToProblem());
        if (!Guid.TryParse(user.Subject(), out var id) || await accounts.Users.FindByIdAsync(id.ToString()) is not { } account)
            return AccountProblems.NotAnAccount();

        // the current password is checked as a sign-in is: five wrong ones lock the account, so a taken token cannot guess it
        if (await accounts.Users.IsLockedOutAsync(account)) return AccountProblems.Locked(account, clock.GetUtcNow());
        var changed = await accounts.ChangePasswordAsync(account, command.Current!, command.New!, Actor.Of(user, http), cancellation);
        if (AccountProblems.WrongCurrent(changed))
        {
            await accounts.Users.AccessFailedAsync(account);
            if (await accounts.Users.IsLockedOutAsync(account)) return AccountProblems.Locked(account, clock.GetUtcNow());
        }

        if (!changed.Succeeded) return AccountProblems.Refused(changed);
        await accounts.Users.ResetAccessFailedCountAsync(account);
        return NewSession(await signIn.CreateUserPrincipalAsync(account));
    }
}
