using Coordination.Infrastructure.Telemetry;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.ErrorHandling.Matches;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Coordination.Infrastructure.Hosting;

/// <summary>
/// Wolverine's own agent commands (the durability agent's batch of database work, agent health checks and assignments) that meet
/// an unreachable or busy database are discarded: they are periodic work that the next tick does again. Without this they went
/// to the error queue, that is the dead-letter table, where nobody should replay them. Wolverine's failure rules match the
/// exception alone, and the agent commands' own handler chain retries only its own exception, so one rule for the whole
/// service decides by the message: every other message that meets the outage (a request notice) goes to the error queue as
/// it did without the rule; no other rule of the service is configured after it.
/// </summary>
public sealed class ControlWorkInOutage : IContinuationSource
{
    public static void Apply(WolverineOptions options) =>
        options.Policies.OnException(e => OutageLogs.KindOf(e) is not null, "the database unreachable or busy")
            .ContinueWith(new ControlWorkInOutage());

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
