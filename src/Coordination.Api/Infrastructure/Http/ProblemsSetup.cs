using System.Reflection;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Coordination.Infrastructure.Http;

public static class ProblemsSetup
{
    /// <summary>Every 4xx and 5xx answer is a problem with a code, written by <see cref="ProblemWriter"/>.</summary>
    public static WebApplicationBuilder AddCoordinationProblems(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemWriter>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ExceptionProblems>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenProblems>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = AddressGuard.KestrelLineLimit;
            kestrel.Limits.MaxRequestHeadersTotalSize = AddressGuard.KestrelHeaderLimit;
            kestrel.Limits.MaxRequestHeaderCount = AddressGuard.KestrelHeaderCount;
        });
        foreach (var category in WolverineBodyLog.Categories) builder.Logging.AddFilter(category, LogLevel.Critical);
        return builder;
    }
}

/// <summary>
/// Wolverine logs a body it cannot read as an error, under the category of the command type; a client's bad JSON is not
/// our error, so those categories (the command records', which carry nothing else) log only critical entries, and <see cref="ProblemWriter"/> logs
/// the refusal at information level instead.
/// </summary>
public static class WolverineBodyLog
{
    public static readonly IReadOnlySet<string> Categories = typeof(Program).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(m => m.GetCustomAttribute<WolverinePostAttribute>() is not null)
        .SelectMany(m => m.GetParameters())
        .Where(p => p.ParameterType.Assembly == typeof(Program).Assembly && IsRecord(p.ParameterType) &&
                    p.GetCustomAttributes().All(a => a.GetType().Namespace?.StartsWith("Wolverine") != true))
        .Select(p => p.ParameterType.FullName!.Replace('+', '.'))
        .ToHashSet();

    /// <summary>A command's body is a record; a service a route also takes is a class whose own log must stay whole.</summary>
    private static bool IsRecord(Type type) => type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null;
}
