using Coordination.Accounts;
using JasperFx.CommandLine;

namespace Coordination.Demo;

[Description("Loads a realistic demo history (all 14 districts, the 2021 Sintang and Melawi floods, a landslide, a haze alert)", Name = "demo")]
public class DemoCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Console.WriteLine(await new DemoHistory(host.Services).LoadAsync());
        Console.WriteLine(Texts.Format("cli-demo-views"));

        if (!host.Services.GetRequiredService<IHostEnvironment>().IsDevelopment()) return true;
        await using var scope = host.Services.CreateAsyncScope();
        var accounts = await DemoAccounts.CreateAsync(scope.ServiceProvider.GetRequiredService<AccountChanges>(), CancellationToken.None);
        Console.WriteLine(Texts.Format("cli-demo-accounts"));
        foreach (var line in accounts) Console.WriteLine(line);
        return true;
    }
}
