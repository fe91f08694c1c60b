using System.Reflection;
using Coordination.Infrastructure.Localization;
using Microsoft.Extensions.Logging.Console;

namespace Coordination.Infrastructure.Hosting;

/// <summary>
/// A setting the service reads by its key (<c>configuration[…]</c>, <c>GetValue</c>) rather than through an options class
/// bound to a section. Declared as a static field, so that the service's list of the settings it reads is found in its code.
/// </summary>
public sealed record Setting(string Key)
{
    public override string ToString() => Key;
}

/// <summary>
/// The settings the service and its host read, as the code declares them: the host's keys (urls, environment, …), every key of
/// appsettings*.json, every property of an options class bound to a section (a type with a <c>Section</c> constant), every
/// <see cref="Setting"/> field, and the open sections of Kestrel and Logging. A setting given on the command line that is
/// none of these is refused before anything starts: the host would silently ignore it.
/// </summary>
public static class Settings
{
    /// <summary>The host watches no configuration file (see Program).</summary>
    public static readonly Setting ReloadConfigOnChange = new("hostBuilder:reloadConfigOnChange");

    /// <summary>Kestrel's endpoints and limits are named freely (Kestrel:Endpoints:Http:Url).</summary>
    private static readonly string[] OpenSections = ["Kestrel"];

    /// <summary>
    /// What a start given host settings (<c>-- --urls http://…</c>) would ignore: the first argument that is not a setting
    /// the service reads, with the nearest one it does read when that is close; a setting with no value; a word that is no
    /// setting's value. Arguments are read as the host's command
    /// line reads them: <c>--Key value</c>, <c>--Key=value</c>, <c>/Key value</c>, <c>Key=value</c>.
    /// </summary>
    internal static Message? Mistyped(string[] args, IReadOnlyCollection<string> loggerAliases, IEnumerable<string> settingFiles)
    {
        Known? known = null;
        for (var i = 0; i < args.Length; i++)
        {
            var typed = args[i];
            var dashes = typed.StartsWith("--", StringComparison.Ordinal) ? 2 : typed.StartsWith('-') || typed.StartsWith('/') ? 1 : 0;
            var body = typed[dashes..];
            var equals = body.IndexOf('=');
            // a word that is no setting's value: the host would pass over it (-- --urls http://… extra)
            if (dashes == 0 && equals < 0) return new Message("cli-stray-argument", typed);
            var key = equals < 0 ? body : body[..equals];
            // its value follows; a setting last with nothing after it would be passed over as well (-- --urls)
            if (equals < 0 && i + 1 == args.Length) return new Message("cli-setting-without-value", typed);
            var value = equals >= 0 ? body[(equals + 1)..] : args[++i];
            known ??= new Known(loggerAliases, settingFiles);
            // one dash is the host's short form, which it ignores unless mapped (none is)
            var shown = equals < 0 ? typed : typed[..(dashes + equals)];
            // OpenTelemetry's exporter reads its OTEL_* variables from the environment alone
            if (key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase))
                return new Message("cli-setting-environment-only", shown, key.ToUpperInvariant());
            // a section given empty sets nothing: a host built for tests passes its settings so, each section before its keys
            if (dashes == 1 && !typed.StartsWith('/') || !known.Accepts(key) && !(value.Length == 0 && known.IsSection(key)))
            {
                return known.Nearest(key) is { } nearest
                    ? new Message("cli-unknown-setting-near", shown, $"--{nearest}")
                    : new Message("cli-unknown-setting", shown);
            }
        }

        return null;
    }

    /// <summary>Every setting key the service reads, for <see cref="Mistyped"/> and for checking the README against.</summary>
    internal sealed class Known
    {
        private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _containers = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _loggers = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _consoleOptions = new(StringComparer.OrdinalIgnoreCase);

        public Known(IReadOnlyCollection<string> loggerAliases, IEnumerable<string> settingFiles)
        {
            // the host's own keys: urls, environment, contentRoot, applicationName, shutdownTimeoutSeconds, …
            foreach (var defaults in new[] { typeof(Microsoft.AspNetCore.Hosting.WebHostDefaults), typeof(Microsoft.Extensions.Hosting.HostDefaults) })
            foreach (var field in defaults.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(string)))
                _keys.Add((string)field.GetValue(null)!);

            foreach (var type in typeof(Settings).Assembly.GetTypes())
            {
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                             .Where(f => f.FieldType == typeof(Setting) && !f.Name.Contains('<')))
                    if (field.GetValue(null) is Setting setting) Add(setting.Key, container: true);

                // an options class bound to its section: each of its properties is a setting
                if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } section
                    && section.GetValue(null) is string name)
                    foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                        Add($"{name}:{property.Name}", container: !IsValue(property.PropertyType));
            }

            foreach (var file in settingFiles)
            {
                var json = new ConfigurationBuilder().AddJsonFile(file, optional: true, reloadOnChange: false).Build();
                foreach (var (key, value) in json.AsEnumerable())
                    if (value is not null) _keys.Add(key);
            }

            foreach (var alias in loggerAliases) _loggers.Add(alias);
            foreach (var property in typeof(ConsoleLoggerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                _consoleOptions.Add(property.Name);
        }

        private void Add(string key, bool container)
        {
            _keys.Add(key);
            if (container) _containers.Add(key);
        }

        private static bool IsValue(Type type) =>
            type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || Nullable.GetUnderlyingType(type) is { } inner && IsValue(inner);

        public bool Accepts(string key)
        {
            if (_keys.Contains(key)) return true;
            var parts = key.Split(':');
            for (var length = parts.Length - 1; length > 0; length--)
                if (_containers.Contains(string.Join(':', parts[..length]))) return true;
            if (OpenSections.Any(open => parts[0].Equals(open, StringComparison.OrdinalIgnoreCase))) return parts.Length > 1;
            return parts is ["Logging", ..] && AcceptsLogging(parts[1..]);
        }

        /// <summary>A section that holds settings the service reads (Projections, Logging:Console, ConnectionStrings).</summary>
        public bool IsSection(string key)
        {
            var parts = key.Split(':');
            return _keys.Any(k => k.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase))
                   || OpenSections.Any(open => key.Equals(open, StringComparison.OrdinalIgnoreCase))
                   || parts switch
                   {
                       ["Logging"] or ["Logging", "LogLevel"] or ["Logging", "Console", "FormatterOptions", ..] => true,
                       ["Logging", var provider] => _loggers.Contains(provider),
                       ["Logging", var provider, "LogLevel"] => _loggers.Contains(provider),
                       _ => false
                   };
        }

        /// <summary>
        /// Logging:LogLevel:{category}, Logging:{provider}:LogLevel:{category} for the providers the service logs to, and the
        /// console's options (Logging:Console:FormatterName, Logging:Console:FormatterOptions:…).
        /// </summary>
        private bool AcceptsLogging(string[] parts) => parts switch
        {
            ["LogLevel", _] => true,
            [var provider, "LogLevel", _] => _loggers.Contains(provider),
            ["Console", "FormatterOptions", _, ..] => true,
            ["Console", var option] => _consoleOptions.Contains(option),
            _ => false
        };

        /// <summary>The known key nearest to one that is not, when few letters tell them apart.</summary>
        public string? Nearest(string key)
        {
            var candidates = _keys
                .Concat(_loggers.Select(provider => $"Logging:{provider}:LogLevel:Default"))
                .Concat(_consoleOptions.Select(option => $"Logging:Console:{option}"))
                .Append("Logging:LogLevel:Default");
            var (best, distance) = candidates.Select(c => (c, Distance(key.ToLowerInvariant(), c.ToLowerInvariant())))
                .MinBy(c => c.Item2);
            return best is not null && distance <= Math.Max(2, key.Length / 6) ? best : null;
        }

        private static int Distance(string a, string b)
        {
            var row = Enumerable.Range(0, b.Length + 1).ToArray();
            for (var i = 1; i <= a.Length; i++)
            {
                var diagonal = row[0];
                row[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var above = row[j];
                    row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                    diagonal = above;
                }
            }

            return row[b.Length];
        }
    }

    /// <summary>The aliases of the logging providers the service logs to (Console, Debug, EventSource, OpenTelemetry, …).</summary>
    internal static IReadOnlyCollection<string> LoggerAliases(IServiceProvider services) =>
        services.GetServices<ILoggerProvider>()
            .SelectMany(p => new[] { p.GetType().GetCustomAttribute<ProviderAliasAttribute>()?.Alias, p.GetType().FullName })
            .OfType<string>().ToArray();

    /// <summary>appsettings.json and every appsettings.{Environment}.json beside it.</summary>
    internal static IEnumerable<string> SettingFiles(IHostEnvironment environment) =>
        Directory.Exists(environment.ContentRootPath)
            ? Directory.EnumerateFiles(environment.ContentRootPath, "appsettings*.json")
            : [];
}
