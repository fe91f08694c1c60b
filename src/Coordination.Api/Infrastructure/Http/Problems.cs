
namespace Coordination.Infrastructure.Http;

/// <summary>
/// RFC 9457 problem details for the answers our endpoints give: each with a stable <c>code</c> and its texts in the
/// language of the request (<see cref="ProblemWriter"/> does the same for problems the framework makes).
/// </summary>
public static class Problems
{
    public const string CodeMember = "code";
    public const string ErrorCodesMember = "errorCodes";

    public static ProblemDetails None => WolverineContinue.NoProblems;

    public static ProblemDetails Of(int status, Message why) =>
        new()
        {
            Status = status, Title = Title(status), Detail = why.ToString(),
            Extensions = { [CodeMember] = why.Code }
        };

    public static ProblemDetails Conflict(Message why) => Of(StatusCodes.Status409Conflict, why);

    public static ProblemDetails Forbidden(Message why) => Of(StatusCodes.Status403Forbidden, why);

    public static ProblemDetails NotFound(Message why) => Of(StatusCodes.Status404NotFound, why);

    public static ProblemDetails UnknownDistrict(string code) => NotFound(new Message("unknown-district", code));

    public static ProblemDetails PreconditionFailed(long current, string given)
    {
        var problem = Of(StatusCodes.Status412PreconditionFailed, new Message("version-mismatch", given, current));
        problem.Extensions["currentVersion"] = current;
        return problem;
    }

    /// <summary>A 400 with the errors per field; its code is the first error's, and errorCodes gives each field's codes.</summary>
    public static ProblemDetails Invalid(IReadOnlyDictionary<string, IReadOnlyList<Message>> errors)
    {
        var texts = errors.ToDictionary(e => e.Key, e => e.Value.Select(Worded).ToArray());
        return new HttpValidationProblemDetails(texts)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Title(StatusCodes.Status400BadRequest),
            Detail = string.Join(" ", texts.SelectMany(e => e.Value)),
            Extensions =
            {
                [CodeMember] = errors.First().Value[0].Code,
                [ErrorCodesMember] = errors.ToDictionary(e => e.Key, e => e.Value.Select(m => m.Code).Distinct().ToArray())
            }
        };
    }

    /// <summary>
    /// A field named in an error's text is named as people call it; errors and errorCodes keep the paths. A field the
    /// request does not take keeps the name the client sent, even where another request takes a field of that name.
    /// </summary>
    private static string Worded(Message message)
    {
        if (message.Code == "unknown-field") return message.ToString();
        var worded = message with { Args = [.. message.Args.Select(a => a is string path && FieldName.Known(path) ? new FieldName(path) : a)] };
        var text = worded.ToString();
        // a sentence that opens with a field's words opens with a capital (Judul wajib diisi.)
        return worded.Args is [FieldName first, ..] && text.StartsWith(first.ToString(), StringComparison.Ordinal) && text.Length > 0
            ? char.ToUpperInvariant(text[0]) + text[1..]
            : text;
    }

    public static ProblemDetails Invalid(string field, Message message) =>
        Invalid(new Dictionary<string, IReadOnlyList<Message>> { [field] = [message] });

    public static ProblemDetails Invalid(string field, string key, params object?[] args) => Invalid(field, new Message(key, args));

    /// <summary>The title of every problem with this status, in the request's language.</summary>
    public static string Title(int status)
    {
        var title = Texts.Localizer[$"title-{status}"];
        return title.ResourceNotFound ? Texts.Format(status >= 500 ? "title-500" : "title-400") : title.Value;
    }

    /// <summary>Writes a problem as the response, with its status, for middleware that answers before any endpoint runs.</summary>
    public static ValueTask WriteProblemAsync(this IProblemDetailsService service, HttpContext http, ProblemDetails problem,
        Exception? exception = null)
    {
        http.Response.StatusCode = problem.Status!.Value;
        return service.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
