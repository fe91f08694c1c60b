using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Coordination.Infrastructure.Telemetry;

public static class Logs
{
    /// <summary>
    /// With Logging:Console:FormatterName=json every line is one JSON object with a UTC timestamp and its scopes: the trace
    /// id (activity tracking), and for requests the correlation id and caller's sub (<see cref="Http.LogScope"/>).
    /// </summary>
    public static IServiceCollection AddCoordinationLogs(this IServiceCollection services)
    {
        services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        services.Replace(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(BadInputIsNoError<>)));
        // the factory ASP.NET Core registers, made the same way, with an outage's repeated failures counted instead of written
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp =>
        {
            var inner = new LoggerFactory(sp.GetServices<ILoggerProvider>(), sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                sp.GetService<IOptions<LoggerFactoryOptions>>(), sp.GetService<IExternalScopeProvider>());
            return new OutageLoggerFactory(inner, new OutageLogs(inner, sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<IOptions<OperationsOptions>>()));
        }));
        return services;
    }
}

/// <summary>
/// Wolverine logs a request body that is not valid JSON as an error under the command's type, then answers 400: that is the
/// client's mistake, not the service's, so it is logged at Information (still without the body).
/// </summary>
public sealed class BadInputIsNoError<T>(ILoggerFactory factory) : ILogger<T>
{
    private const string WolverineBadBody = "Error trying to deserialize JSON from incoming HTTP body";
    private readonly ILogger _inner = factory.CreateLogger<T>();

    public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (level >= LogLevel.Error && exception is System.Text.Json.JsonException && state is IReadOnlyList<KeyValuePair<string, object?>> values &&
            values.Any(v => v.Key == "{OriginalFormat}" && v.Value is string format && format.StartsWith(WolverineBadBody)))
            level = LogLevel.Information;
        _inner.Log(level, id, state, exception, formatter);
    }

    public bool IsEnabled(LogLevel level) => _inner.IsEnabled(level);
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _inner.BeginScope(state);
}
