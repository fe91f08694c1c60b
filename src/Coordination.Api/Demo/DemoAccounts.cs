using Coordination.Accounts;

namespace Coordination.Demo;

/// <summary>An account of the demo: its id is made from its email, so the history can name it before it is created.</summary>
public sealed record DemoPerson(string Email, string Name, string Role, string? District)
{
    public Guid Id => DemoHistory.IdOf($"account:{Email}");
}

/// <summary>
/// The accounts of the people who act in the demo history (the province's coordinator and each district's officer), and in
/// Development one account per role for trying the service out, each with a new password on every run.
/// </summary>
public static class DemoAccounts
{
    private const string Domain = "demo.kalbarprov.go.id";

    public static readonly DemoPerson Coordinator = new($"koordinator@{Domain}", "Ani Rahmawati", Roles.Coordinator, null);

    private static readonly DemoPerson[] Officers =
    [
        new($"sambas@{Domain}", "Syarif Hidayat", Roles.District, "61.01"),
        new($"mempawah@{Domain}", "Nurhayati Uray", Roles.District, "61.02"),
        new($"sanggau@{Domain}", "Agustinus Ding", Roles.District, "61.03"),
        new($"ketapang@{Domain}", "Hamdani Saputra", Roles.District, "61.04"),
        new($"sintang@{Domain}", "Budi Santoso", Roles.District, "61.05"),
        new($"kapuashulu@{Domain}", "Fransiska Jalung", Roles.District, "61.06"),
        new($"bengkayang@{Domain}", "Markus Anyang", Roles.District, "61.07"),
        new($"landak@{Domain}", "Veronika Nyangun", Roles.District, "61.08"),
        new($"sekadau@{Domain}", "Stefanus Lumban", Roles.District, "61.09"),
        new($"melawi@{Domain}", "Yohanes Apui", Roles.District, "61.10"),
        new($"kayongutara@{Domain}", "Siti Rahayu", Roles.District, "61.11"),
        new($"kuburaya@{Domain}", "Rudi Kurniawan", Roles.District, "61.12"),
        new($"pontianak@{Domain}", "Dewi Lestari", Roles.District, "61.71"),
        new($"singkawang@{Domain}", "Margareta Lim", Roles.District, "61.72")
    ];

    public static DemoPerson OfficerOf(string district) => Officers.Single(o => o.District == district);

    /// <summary>The accounts whose one-time passwords the demo prints in Development.</summary>
    private static readonly DemoPerson[] SignIn =
    [
        Coordinator, OfficerOf("61.05"), OfficerOf("61.10"),
        new($"analis@{Domain}", "Rina Oktaviani", Roles.Analyst, null),
        new($"admin@{Domain}", "Admin Provinsi", Roles.Admin, null)
    ];

    /// <summary>
    /// Creates the account of each person who acts in the history, unless it exists; an email already taken by an account of
    /// another id is left as it is (the history then names no one for that person).
    /// </summary>
    public static async Task ActorsAsync(AccountChanges accounts, CancellationToken cancellation)
    {
        foreach (var person in Officers.Prepend(Coordinator))
        {
            if (await accounts.Users.FindByIdAsync(person.Id.ToString()) is not null || await accounts.Users.FindByEmailAsync(person.Email) is not null)
                continue;
            await accounts.CreateAsync(person.Id, person.Email, person.Name, person.Role, person.District, Actor.CommandLine, cancellation);
        }
    }

    /// <summary>The accounts to try the service with, each with a new one-time password: one line per account to print.</summary>
    public static async Task<IReadOnlyList<string>> CreateAsync(AccountChanges accounts, CancellationToken cancellation)
    {
        var lines = new List<string>();
        foreach (var (email, name, role, district) in SignIn)
        {
            var password = await accounts.Users.FindByEmailAsync(email) is { } existing
                ? (await accounts.ResetPasswordAsync(existing, Actor.CommandLine, cancellation)).Password
                : (await accounts.CreateAsync(DemoHistory.IdOf($"account:{email}"), email, name, role, district, Actor.CommandLine, cancellation)).Password;
            lines.Add($"  {email,-36} {password}  {role}{(district is null ? "" : " " + district)}");
        }

        return lines;
    }
}
