using System.Net.Mail;
using System.Security.Cryptography;
using Coordination.Districts;
using Microsoft.AspNetCore.Identity;

namespace Coordination.Accounts;

/// <summary>What an account must look like: pure checks, no database.</summary>
public static class AccountRules
{
    public const int NameLength = 120;
    public const int EmailLength = 254;
    public const int MinimumPasswordLength = 12;

    /// <summary>No look-alike characters (0/O, 1/l/I): the initial password is read aloud or copied by hand.</summary>
    private const string PasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static Validation Profile(string? name, string? role, string? district) => new Validation()
        .Text(name, "name", NameLength)
        .Require(role is not null && Roles.All.Contains(role), "role", "account-role-unknown", Roles.All)
        .Require(role != Roles.District || KalimantanBarat.Exists(district), "district", "account-district-required")
        .Require(role is not (Roles.Coordinator or Roles.Analyst or Roles.Admin) || string.IsNullOrEmpty(district), "district",
            "account-district-not-allowed");

    public static Validation Email(string? email) => new Validation()
        .Text(email, "email", EmailLength)
        .Require(string.IsNullOrWhiteSpace(email) || (MailAddress.TryCreate(email.Trim(), out var parsed) && parsed.Address == email.Trim()),
            "email", "account-email-invalid");

    /// <summary>16 characters from a 55-letter alphabet (about 92 bits), from the operating system's random source.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 16);

    public static string? DistrictFor(string role, string? district) => role == Roles.District ? district : null;
}

/// <summary>
/// Passwords that are long enough and still guessed first: few different characters (aaaaaaaaaaaa, 121212121212), a run
/// on the keyboard or in the alphabet (123456789012, qwertyuiopas), a common word with digits (password2026,
/// katasandi123), or the account's own email.
/// </summary>
public sealed class GuessablePasswords : IPasswordValidator<Account>
{
    public const string Code = "PasswordGuessable";

    /// <summary>A password holding the account's email or the name before its @ (budi.santoso2026): said as such, since a person
    /// who chose a long phrase with their own name in it cannot tell why it is "too easy to guess".</summary>
    public const string HoldsEmailCode = "PasswordHoldsEmail";
    private const int FewestDistinct = 5;

    private static readonly string[] Runs =
        ["01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba",
         "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p"];

    private static readonly string[] Words =
        ["password", "passw0rd", "katasandi", "sandi", "rahasia", "qwerty", "admin", "administrator", "letmein", "welcome",
         "iloveyou", "indonesia", "bismillah", "dinsos", "tagana"];

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account account, string? password) =>
        Task.FromResult(password is null ? IdentityResult.Success
            : HoldsEmail(password, account.Email)
                ? IdentityResult.Failed(new IdentityError { Code = HoldsEmailCode, Description = "The password holds the account's email." })
                : Guessable(password, account.Email)
                    ? IdentityResult.Failed(new IdentityError { Code = Code, Description = "The password is too easy to guess." })
                    : IdentityResult.Success);

    /// <summary>The account's email, or the name before its @ (four characters or more), within the password.</summary>
    public static bool HoldsEmail(string password, string? email)
    {
        if (string.IsNullOrEmpty(email)) return false;
        var lower = password.ToLowerInvariant();
        var local = email.Split('@')[0].ToLowerInvariant();
        return lower.Contains(email.ToLowerInvariant(), StringComparison.Ordinal) ||
               (local.Length >= 4 && lower.Contains(local, StringComparison.Ordinal));
    }

    public static bool Guessable(string password, string? email)
    {
        var lower = password.ToLowerInvariant();
        if (lower.Distinct().Count() < FewestDistinct) return true;
        if (Runs.Any(run => run.Contains(lower, StringComparison.Ordinal))) return true;
        var letters = new string(lower.Where(char.IsLetter).ToArray());
        if (lower.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '!' or '@' or '#') &&
            Words.Contains(letters)) return true;
        return HoldsEmail(password, email);
    }
}
