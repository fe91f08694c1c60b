using System.Net.Mail;
using System.Security.Cryptography;
using Coordination.Districts;

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
