using JasperFx.CommandLine;

namespace Coordination.Accounts;

public class AccountsInput : NetCoreInput
{
    [Description("add or list")]
    public string Action { get; set; } = "list";

    [Description("the account's email, with which its owner signs in")]
    public string? EmailFlag { get; set; }

    [Description("the owner's name as colleagues know it")]
    public string? NameFlag { get; set; }

    [Description("coordinator, district, analyst or admin")]
    public string? RoleFlag { get; set; }

    [Description("Kemendagri district code of a district officer, e.g. 61.05")]
    public string? DistrictFlag { get; set; }
}

/// <summary>Accounts from the command line: the first administrator, and a look at who has access. Works beside a running service.</summary>
[Description("Adds an account (printing its one-time password) or lists the accounts", Name = "accounts")]
public class AccountsCommand : JasperFxAsyncCommand<AccountsInput>
{
    public override async Task<bool> Execute(AccountsInput input)
    {
        using var host = input.BuildHost();
        await host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountChanges>();

        switch (input.Action)
        {
            case "list":
                foreach (var account in await accounts.ListAsync(new Paging(Paging.MaxLimit, 0), CancellationToken.None))
                    Console.WriteLine($"{account.Id}  {account.Email,-40} {account.Role,-12} {account.District ?? "-",-6} " +
                                      $"{Texts.Format(account.Enabled ? "cli-account-enabled" : "cli-account-disabled")}" +
                                      $"{(account.LockedOutUntil is { } until ? Texts.Format("cli-account-locked", until) : "")}  {account.Name}");
                return true;
            case "add":
                return await AddAsync(input, accounts);
            default:
                await Console.Error.WriteLineAsync(Texts.Format("cli-accounts-usage"));
                return false;
        }
    }

    private static async Task<bool> AddAsync(AccountsInput input, AccountChanges accounts)
    {
        var name = input.NameFlag ?? input.EmailFlag?.Split('@')[0];
        var shape = AccountRules.Email(input.EmailFlag).Merge(AccountRules.Profile(name, input.RoleFlag, input.DistrictFlag));
        if (!shape.IsValid)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, shape.Messages()));
            return false;
        }

        var (account, password, result) = await accounts.CreateAsync(Guid.CreateVersion7(), input.EmailFlag!.Trim(), name!.Trim(),
            input.RoleFlag!, input.DistrictFlag, Actor.CommandLine, CancellationToken.None);
        if (account is null)
        {
            await Console.Error.WriteLineAsync(AccountProblems.EmailTaken(result)
                ? Texts.Format("email-taken")
                : string.Join(Environment.NewLine, AccountProblems.Shape(result).Messages()));
            return false;
        }

        Console.WriteLine(Texts.Format("cli-account-created", account.Id.ToString(), account.Email,
            $"{account.Role}{(account.District is null ? "" : " " + account.District)}"));
        Console.WriteLine(Texts.Format("cli-account-password", password));
        return true;
    }
}
