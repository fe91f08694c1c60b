using Microsoft.AspNetCore.Identity;

namespace Coordination.Accounts;

/// <summary>
/// A password the administrator handed over (a new account's, or a reset one) works once: a session signed in with it may
/// say who it is, change the password and sign out, and nothing else until the person has chosen their own. The account
/// holds the claim while its password is one-time, so every token issued meanwhile carries it.
/// </summary>
public static class OneTimePasswords
{
    public const string Claim = "password";
    public const string Value = "one-time";

    private static readonly string[] StillOpen = ["/api/account/me", "/api/account/password", "/api/account/sign-out"];

    public static bool Holds(ClaimsPrincipal user) => user.HasClaim(Claim, Value);

    /// <summary>Marks the account's password as one-time; an account already marked (a second reset) keeps its one mark.</summary>
    public static async Task<IdentityResult> MarkAsync(UserManager<Account> users, Account account) =>
        (await users.GetClaimsAsync(account)).Any(c => c.Type == Claim && c.Value == Value)
            ? IdentityResult.Success
            : await users.AddClaimAsync(account, new System.Security.Claims.Claim(Claim, Value));

    public static async Task<IdentityResult> UnmarkAsync(UserManager<Account> users, Account account) =>
        (await users.GetClaimsAsync(account)).Any(c => c.Type == Claim)
            ? await users.RemoveClaimAsync(account, new System.Security.Claims.Claim(Claim, Value))
            : IdentityResult.Success;

    /// <summary>Runs after authentication: a one-time password's session reaches only the routes that let it choose its own.</summary>
    public static WebApplication UseOneTimePasswords(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (Holds(http.User) && http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null &&
                !StillOpen.Any(path => http.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http, ProblemDetails = Problems.Forbidden(new Message("password-change-required"))
                });
                return;
            }

            await next(http);
        });
        return app;
    }
}
