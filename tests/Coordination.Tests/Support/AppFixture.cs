using Alba;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Coordination.Tests.Support;

/// <summary>One in-process host per test collection, on its own database of the shared test server.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public CapturedLogs Logs { get; } = new();
    public CountingPasswordHasher Passwords { get; } = new();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateDatabaseAsync();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
            builder.UseSetting("Projections:DaemonMode", "Solo");
            builder.UseSetting("Readiness:Targets:61.05", "4");
            // every test signs in from the same (absent) address: the per-address limit has a host of its own (SignInLimitTests)
            builder.UseSetting("Accounts:SignInAttempts", "1000000");
            // the console is the test run's output: warnings and errors only (tests read the logs through CapturedLogs)
            builder.UseSetting("Logging:Console:LogLevel:Default", "Warning");
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
                services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<Coordination.Accounts.Account>>(Passwords);
            });
        });
    }

    public async Task DisposeAsync()
    {
        var mismatches = await ContractMismatchesAsync();
        await Host.StopAsync();
        await Host.DisposeAsync();
        if (mismatches.Count == 0) return;
        // a collection's cleanup failure fails the run, but the runner shows its message only at detailed verbosity: the list
        // is also written to a file
        var file = Path.Combine(AppContext.BaseDirectory, "contract-mismatches.txt");
        var message = $"{mismatches.Count} answers the API tests received differ from the OpenAPI document (also in {file}):\n" +
                      string.Join("\n", mismatches);
        await File.WriteAllTextAsync(file, message);
        throw new Xunit.Sdk.XunitException(message);
    }

    /// <summary>
    /// Every answer the collection's tests received on a route of the OpenAPI document, checked against it (declared status,
    /// content type, schema); a test of an unknown route or method is the router's business, not the contract's.
    /// </summary>
    public async Task<List<string>> ContractMismatchesAsync()
    {
        var document = await ApiDocument.LoadAsync(new Api(Host));
        return Answers.Of(Host).Where(a => document.Find(a.Method, a.Url.Split('?')[0]) is not null)
            .Select(a => document.Mismatch(a.Method, a.Url, a.Status, a.ContentType, a.Body)).OfType<string>().Distinct().ToList();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "api";
}

/// <summary>Base of every HTTP test class: a clean event store per class, and the API client.</summary>
[Collection(ApiCollection.Name)]
public abstract class ApiTest(AppFixture fixture) : IAsyncLifetime
{
    protected IAlbaHost Host => fixture.Host;
    protected AppFixture Fixture => fixture;
    protected Api Api { get; } = new(fixture.Host);
    protected IDocumentStore Store => fixture.Host.Services.GetRequiredService<IDocumentStore>();

    public virtual async Task InitializeAsync() => await Host.ResetAllMartenDataAsync();

    /// <summary>Waits until the async daemon has applied every stored event to the views.</summary>
    protected Task ViewsCaughtUp() => Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
