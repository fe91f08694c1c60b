namespace Coordination.Browser.Tests.Support;

/// <summary>
/// A browser test on the shared desk: the browser contexts it opened are closed when it ends. A page left open keeps its
/// live stream and reloads on the notices of every test after it, so that the open pages of a run loaded the service more
/// with each test.
/// </summary>
public abstract class DeskTest(DeskFixture desk) : IAsyncLifetime
{
    protected DeskFixture Desk { get; } = desk;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Desk.CloseTestPagesAsync();
}
