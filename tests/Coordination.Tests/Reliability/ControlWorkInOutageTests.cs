using System.Net.Sockets;
using Coordination.Inbox;
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
/// discarded (the next tick does their work again), where they went to the error queue; anything else still goes there.
/// Stopping PostgreSQL under a service for 20 s showed the durability agent's batch moved to the error queue before, none after.
/// </summary>
[Collection(ApiCollection.Name)]
public class ControlWorkInOutageTests(AppFixture fixture)
{
    private static readonly NpgsqlException Unreachable =
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

    private IContinuation? Decide(Exception exception, object message)
    {
        var options = fixture.Host.Services.GetRequiredService<IWolverineRuntime>().Options;
        var envelope = new Envelope(message);
        foreach (var rule in ((IWithFailurePolicies)options).Failures)
            if (rule.TryCreateContinuation(exception, envelope, out var continuation)) return continuation;
        return null;
    }

    [Fact]
    public void an_agent_command_that_met_an_unreachable_database_is_discarded_and_a_notice_goes_to_the_error_queue()
    {
        Assert.IsType<DiscardEnvelope>(Decide(Unreachable, new Heartbeat()));
        Assert.IsType<DiscardEnvelope>(Decide(new TimeoutException("Timeout during connection attempt"), new Heartbeat()));

        var notice = Decide(Unreachable, (RequestNotice)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(RequestNotice)));
        Assert.NotNull(notice);
        Assert.IsNotType<DiscardEnvelope>(notice);
        Assert.Equal("MoveToErrorQueue", notice.GetType().Name);
        // failures that are not the database's meet no rule of ours: Wolverine's own handling stands
        Assert.Null(Decide(new InvalidOperationException("a bug"), new Heartbeat()));
    }

    private sealed class Heartbeat : IAgentCommand
    {
        public Task<AgentCommands> ExecuteAsync(IWolverineRuntime runtime, CancellationToken cancellationToken) =>
            Task.FromResult(AgentCommands.Empty);
    }
}
