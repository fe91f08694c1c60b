using Coordination.Infrastructure.Telemetry;
using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Configuration;
using Wolverine.ErrorHandling.Matches;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;
using Wolverine.Runtime.Handlers;

namespace Coordination.Infrastructure.Hosting;

/// <summary>
/// Wolverine's own agent commands (the durability agent's batch of database work, agent health checks and assignments) that meet
/// an unreachable or busy database are discarded: they are periodic work that the next tick does again. Without this they went
/// to the error queue, that is the dead-letter table, where nobody should replay them. Wolverine's failure rules match the
/// exception alone, and the agent commands' own handler chain retries only its own exception, so one rule for the whole
/// service decides by the message: the service's own messages are tried again by their chains' rule first
/// (<see cref="OutageRetries"/>), and any other message that meets the outage goes to the error queue as it did without the
/// rule; no other rule of the service is configured after it.
/// </summary>
public sealed class ControlWorkInOutage : IContinuationSource
{
    public static void Apply(WolverineOptions options)
    {
        options.Policies.Add<OutageRetries>();
        options.Policies.OnException(IsOutage, OutageDescription).ContinueWith(new ControlWorkInOutage());
    }

    private static bool IsOutage(Exception e) => OutageLogs.KindOf(e) is not null;

    private const string OutageDescription = "the database unreachable or busy";

    /// <summary>
    /// The service's own messages (a close's cancelling of its incident's requests, the notices) that meet an unreachable or
    /// busy database are tried again, never moved to the error queue: at once after 1, 5 and 15 s, then every 1, 5 and 15
    /// minutes for as long as the outage lasts. Each waits in the durable inbox meanwhile, so the cancelling a close promised
    /// happens once the database answers. A failure of another kind meets no rule of ours.
    /// </summary>
    public sealed class OutageRetries : IHandlerPolicy
    {
        public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
        {
            foreach (var chain in chains.Where(c => c.MessageType.Assembly == typeof(OutageRetries).Assembly))
                chain.OnException(IsOutage, OutageDescription)
                    .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15))
                    .Then.ScheduleRetryIndefinitely(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15));
        }
    }

    public string Description => "discard Wolverine's agent commands; move any other message to the error queue";

    public IContinuation Build(Exception ex, Envelope envelope)
    {
        if (envelope.Message is IAgentCommand) return new DiscardEnvelope(ex);
        // Wolverine's own answer where no rule matches (a rule without slots builds it): the error queue
        new FailureRule(AnyException.Instance).TryCreateContinuation(ex, envelope, out var otherwise);
        return otherwise;
    }

    private sealed class AnyException : IExceptionMatch
    {
        public static readonly AnyException Instance = new();
        public string Description => "any exception";
        public bool Matches(Exception ex) => true;
    }
}
