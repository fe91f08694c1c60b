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
        Console.WriteLine(await new DemoHistory(store).LoadAsync());
        Console.WriteLine("A running service brings its views up to date within seconds; otherwise they catch up when it next starts.");
        return true;
    }
}
