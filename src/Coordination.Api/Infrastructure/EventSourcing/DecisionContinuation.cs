using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;
using Wolverine.Configuration;
using Wolverine.Middleware;

namespace Coordination.Infrastructure.EventSourcing;

/// <summary>
/// Teaches Wolverine's code generation what a <see cref="Decision"/> returned by an endpoint's <c>Decide</c> means: a
/// refusal ends the request with its problem details (or, for the retry of a keyed command that was accepted, with the
/// first answer, as does an acceptance that changes nothing), an acceptance flows on to <c>Post</c> as a parameter.
/// </summary>
public sealed class DecisionContinuation : IContinuationStrategy
{
    public bool TryFindContinuationHandler(IChain chain, MethodCall call, out Frame? frame)
    {
        var decision = chain is HttpChain ? call.Creates.FirstOrDefault(v => v.VariableType == typeof(Decision)) : null;
        frame = decision is null ? null : new AnswerRefusal(decision);
        return frame is not null;
    }

    private sealed class AnswerRefusal : AsyncFrame
    {
        private readonly Variable _decision;
        private Variable? _http;

        public AnswerRefusal(Variable decision)
        {
            _decision = decision;
            uses.Add(decision);
        }

        public override IEnumerable<Variable> FindVariables(IMethodVariables chain)
        {
            _http = chain.FindVariable(typeof(HttpContext));
            yield return _http;
        }

        public override void GenerateCode(GeneratedMethod method, ISourceWriter writer)
        {
            var problem = $"{_decision.Usage}_problem";
            writer.WriteComment("A refused decision is answered with its problem details (403, 400, 412 or 409)");
            writer.Write($"var {problem} = {typeof(Verdicts).FullNameInCode()}.{nameof(Verdicts.Problem)}({_decision.Usage}, {_http!.Usage});");
            writer.Write($"BLOCK:if (!ReferenceEquals({problem}, {typeof(WolverineContinue).FullNameInCode()}.{nameof(WolverineContinue.NoProblems)}))");
            writer.WriteComment("unless it is the retry of a keyed command that was accepted: then the first answer again");
            writer.Write($"if (await {typeof(Http.IdempotentCommand).FullNameInCode()}.{nameof(Http.IdempotentCommand.AnsweredEarlierAsync)}({_http.Usage}).ConfigureAwait(false)) return;");
            writer.Write($"await {nameof(HttpHandler.WriteProblems)}({problem}, {_http.Usage}).ConfigureAwait(false);");
            writer.Write("return;");
            writer.FinishBlock();
            writer.BlankLine();
            writer.WriteComment("A keyed command that finds its own effect made (a twin or retry of an accepted run) answers as that run did");
            writer.Write($"if ({_decision.Usage}.{nameof(Decision.ChangesNothing)} && await {typeof(Http.IdempotentCommand).FullNameInCode()}.{nameof(Http.IdempotentCommand.AnsweredEarlierAsync)}({_http.Usage}).ConfigureAwait(false)) return;");
            writer.BlankLine();
            Next?.GenerateCode(method, writer);
        }
    }
}
