using Microsoft.AspNetCore.Identity;

namespace Coordination.Accounts;

/// <summary>The answers an account route gives when it refuses, as problem details.</summary>
public static class AccountProblems
{
    public static IResult SignInRefused() => Unauthorized("sign-in-failed");

    public static IResult RefreshRefused() => Unauthorized("refresh-refused");

    public static IResult NotAnAccount() => Results.Problem(Problems.Conflict(new Message("not-an-account")));

    public static IResult UnknownAccount(Guid id) => Results.Problem(Problems.NotFound(new Message("unknown-account", id)));

    /// <summary>Too many wrong passwords: the account is locked until the time named, then opens again by itself.</summary>
    public static IResult Locked(Account account, DateTimeOffset now)
    {
        var until = account.LockoutEnd ?? now;
        var retryAfter = Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds));
        return new LockedAnswer(Problems.Of(StatusCodes.Status429TooManyRequests, new Message("account-locked", until)), retryAfter);
    }

    public static bool WrongCurrent(IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));

    private sealed class LockedAnswer(ProblemDetails problem, int retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(problem).ExecuteAsync(http);
        }
    }

    /// <summary>Identity's refusals: password rules and a wrong current password are 400s on their field, a taken email a 409.</summary>
    public static IResult Refused(IdentityResult result) =>
        EmailTaken(result) ? Results.Problem(Problems.Conflict(new Message("email-taken"))) : Results.Problem(Shape(result).ToProblem());

    public static bool EmailTaken(IdentityResult result) =>
        result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName));

    /// <summary>Identity's refusals other than a taken email, in our words on the field each concerns (Identity's own are English only).</summary>
    public static Validation Shape(IdentityResult result)
    {
        var shape = new Validation();
        foreach (var error in result.Errors)
        {
            if (error.Code == nameof(IdentityErrorDescriber.PasswordMismatch)) shape.Add("current", "password-wrong");
            else if (error.Code == nameof(IdentityErrorDescriber.PasswordTooShort)) shape.Add("new", "password-too-short", AccountRules.MinimumPasswordLength);
            else if (error.Code == GuessablePasswords.HoldsEmailCode) shape.Add("new", "password-holds-email");
            else if (error.Code.StartsWith("Password")) shape.Add("new", "password-too-weak");
            else shape.Add("email", "account-email-invalid");
        }

        return shape;
    }

    private static IResult Unauthorized(string key) => Results.Problem(Problems.Of(StatusCodes.Status401Unauthorized, new Message(key)));
}
