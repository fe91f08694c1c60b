using Coordination.Districts;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Coordination.Accounts;

public sealed record Login(string? Email, string? Password);

public sealed record RefreshTokens(string? RefreshToken);

public sealed record ChangePassword(string? Current, string? New);

public sealed record Me(string Id, string? Email, string? Name, string Role, string? District);

public static class SignInEndpoints
{
    /// <summary>Unknown email, wrong password, disabled or locked: one answer, so that nobody learns which accounts exist.</summary>
    [AllowAnonymous]
    [WolverinePost("/api/account/login", OperationId = "Login"), Tags("Account")]
    [ProducesResponseType<AccessTokenResponse>(200), ProducesResponseType<ProblemDetails>(401, "application/problem+json")]
    public static async Task<IResult> Login(Login command, UserManager<Account> users, SignInManager<Account> signIn)
    {
        var account = string.IsNullOrWhiteSpace(command.Email) ? null : await users.FindByEmailAsync(command.Email.Trim());
        if (account is null)
        {
            // The same work as a wrong password, so the time taken does not tell either.
            users.PasswordHasher.VerifyHashedPassword(new Account(), UnknownAccountHash.Value, command.Password ?? "");
            return AccountProblems.SignInRefused();
        }

        var checkedPassword = await signIn.CheckPasswordSignInAsync(account, command.Password ?? "", lockoutOnFailure: true);
        if (!checkedPassword.Succeeded || !account.Enabled) return AccountProblems.SignInRefused();
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(account), authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static readonly Lazy<string> UnknownAccountHash =
        new(() => new PasswordHasher<Account>().HashPassword(new Account(), AccountRules.NewPassword()));

    /// <summary>New tokens for a refresh token, while the account is enabled and its password and role are unchanged.</summary>
    [AllowAnonymous]
    [WolverinePost("/api/account/refresh", OperationId = "RefreshTokens"), Tags("Account")]
    [ProducesResponseType<AccessTokenResponse>(200), ProducesResponseType<ProblemDetails>(401, "application/problem+json")]
    public static async Task<IResult> Refresh(RefreshTokens command, SignInManager<Account> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(command.RefreshToken) ? null : protector.Unprotect(command.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires <= clock.GetUtcNow() ||
            await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { Enabled: true } account)
            return AccountProblems.RefreshRefused();
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(account), authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>Who the token says the caller is; for a Development or OIDC token without an account, its claims only.</summary>
    [WolverineGet("/api/account/me", OperationId = "GetMe"), Tags("Account")]
    public static Me Get(ClaimsPrincipal user) =>
        new(user.Subject(), user.FindFirst("email")?.Value, user.FindFirst("name")?.Value, user.Role(), user.District());

    /// <summary>Changes the caller's own password: every other session's tokens stop working; this one gets new tokens.</summary>
    [WolverinePost("/api/account/password", OperationId = "ChangePassword"), Tags("Account")]
    [ProducesResponseType<AccessTokenResponse>(200), ProducesResponseType<ProblemDetails>(400, "application/problem+json")]
    [SecretAnswer]
    public static async Task<IResult> Password(ChangePassword command, ClaimsPrincipal user, HttpContext http, AccountChanges accounts,
        SignInManager<Account> signIn, CancellationToken cancellation)
    {
        var shape = new Validation().Text(command.Current, "current", 1000).Text(command.New, "new", 1000);
        if (!shape.IsValid) return Results.Problem(shape.ToProblem());
        if (!Guid.TryParse(user.Subject(), out var id) || await accounts.Users.FindByIdAsync(id.ToString()) is not { } account)
            return AccountProblems.NotAnAccount();

        var changed = await accounts.ChangePasswordAsync(account, command.Current!, command.New!, Actor.Of(user, http), cancellation);
        if (!changed.Succeeded) return AccountProblems.Refused(changed);
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(account), authenticationScheme: IdentityConstants.BearerScheme);
    }
}
