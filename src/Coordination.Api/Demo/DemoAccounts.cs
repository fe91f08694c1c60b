using Coordination.Accounts;

namespace Coordination.Demo;

/// <summary>One account per role for trying the service out (Development only); a repeated demo gives each a new password.</summary>
public static class DemoAccounts
{
    private static readonly (string Email, string Name, string Role, string? District)[] People =
    [
        ("koordinator@demo.kalbarprov.go.id", "Ani Rahmawati", Roles.Coordinator, null),
        ("sintang@demo.kalbarprov.go.id", "Budi Santoso", Roles.District, "61.05"),
        ("melawi@demo.kalbarprov.go.id", "Yohanes Apui", Roles.District, "61.10"),
        ("analis@demo.kalbarprov.go.id", "Rina Oktaviani", Roles.Analyst, null),
        ("admin@demo.kalbarprov.go.id", "Admin Provinsi", Roles.Admin, null)
    ];

    public static async Task<IReadOnlyList<string>> CreateAsync(AccountChanges accounts, CancellationToken cancellation)
    {
        var lines = new List<string>();
        foreach (var (email, name, role, district) in People)
        {
            var password = await accounts.Users.FindByEmailAsync(email) is { } existing
                ? (await accounts.ResetPasswordAsync(existing, Actor.CommandLine, cancellation)).Password
                : (await accounts.CreateAsync(Guid.CreateVersion7(), email, name, role, district, Actor.CommandLine, cancellation)).Password;
            lines.Add($"  {email,-36} {password}  {role}{(district is null ? "" : " " + district)}");
        }

        return lines;
    }
}
