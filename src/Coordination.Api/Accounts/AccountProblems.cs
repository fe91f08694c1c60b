using Microsoft.AspNetCore.Identity;

namespace Coordination.Accounts;

/// <summary>The answers an account route gives when it refuses, as problem details.</summary>
public static class AccountProblems
{
    public static IResult SignInRefused() => Unauthorized("sign-in-failed",
        "The email or password is wrong, or the account is disabled or locked for 15 minutes after 5 failed sign-ins.");

    public static IResult RefreshRefused() => Unauthorized("refresh-refused",
        "The refresh token is expired or no longer valid (the account was disabled, or its password or role changed). Sign in again.");

    public static IResult NotAnAccount() => Results.Problem(Problems.Conflict(
        "This token does not belong to an account (a Development or external token): there is no password to change here."));

    public static IResult UnknownAccount(Guid id) => Results.Problem(Problems.NotFound($"There is no account {id}."));

    /// <summary>Identity's refusals: password rules and a wrong current password are 400s on their field, a taken email a 409.</summary>
    public static IResult Refused(IdentityResult result)
    {
        if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            return Results.Problem(Problems.Conflict("An account with this email already exists."));

        var errors = result.Errors
            .GroupBy(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "current" : e.Code.StartsWith("Password") ? "new" : "email")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)
                ? "The current password is wrong."
                : e.Description).ToArray());
        return Results.Problem(Problems.Invalid(errors));
    }

    private static IResult Unauthorized(string code, string detail) => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status401Unauthorized, Title = "Not signed in", Detail = detail, Extensions = { ["code"] = code }
    });
}
