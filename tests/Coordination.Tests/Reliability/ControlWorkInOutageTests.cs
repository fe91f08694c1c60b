using System.Net.Sockets;
using Coordination.Inbox;
using Coordination.Incidents;
using Coordination.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Coordination.Tests.Reliability;

/// <summary>
/// What the service's failure rules make of a message that met an unreachable database: Wolverine's own agent commands are
/// discarded (the next tick does their work again), where they went to the error queue; the service's own messages are tried
/// again until the database answers, where they went there too.
/// Stopping PostgreSQL under a service for 20 s showed the durability agent's batch moved to the error queue before, none after.
/// </summary>
[Collection(ApiCollection.Name)]
public class ControlWorkInOutageTests(AppFixture fixture)
{
    private static readonly NpgsqlException Unreachable =
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

    /// <summary>As Wolverine decides: the rules of the message's handler chain first, then the service's.</summary>
    private IContinuation? Decide(Exception exception, object message, int attempt = 1)
    {
        var runtime = (WolverineRuntime)fixture.Host.Services.GetRequiredService<IWolverineRuntime>();
        var chain = runtime.Handlers.ChainFor(message.GetType());
        var envelope = new Envelope(message) { Attempts = attempt };
        foreach (var rule in (chain?.Failures ?? []).Concat(((IWithFailurePolicies)runtime.Options).Failures))
            if (rule.TryCreateContinuation(exception, envelope, out var continuation)) return continuation;
        return null;
    }

    private static T Uninitialized<T>() => (T)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));

    [Fact]
    public void an_agent_command_that_met_an_unreachable_database_is_discarded()
    {
        Assert.IsType<DiscardEnvelope>(Decide(Unreachable, new Heartbeat()));
        Assert.IsType<DiscardEnvelope>(Decide(new TimeoutException("Timeout during connection attempt"), new Heartbeat()));
        // failures that are not the database's meet no rule of ours: Wolverine's own handling stands
        Assert.Null(Decide(new InvalidOperationException("a bug"), new Heartbeat()));
    }

    [Fact]
    public void a_close_s_cancelling_and_a_notice_that_met_an_unreachable_database_are_tried_again_for_as_long_as_it_lasts()
    {
        foreach (var message in new object[] { Uninitialized<CancelOpenRequests>(), Uninitialized<RequestNotice>() })
        {
            // at once, after a pause, three times; then later, again and again, never into the error queue
            foreach (var attempt in new[] { 1, 2, 3 })
                Assert.Equal("RetryInlineContinuation", Decide(Unreachable, message, attempt)?.GetType().Name);
            foreach (var attempt in new[] { 4, 5, 6, 20 })
                Assert.Equal("ScheduledRetryContinuation", Decide(Unreachable, message, attempt)?.GetType().Name);
        }
    }

    private sealed class Heartbeat : IAgentCommand
    {
        public Task<AgentCommands> ExecuteAsync(IWolverineRuntime runtime, CancellationToken cancellationToken) =>
            Task.FromResult(AgentCommands.Empty);
    }
}
