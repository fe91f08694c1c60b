using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Coordination.Tests.Incidents;
using Coordination.Infrastructure.Hosting;
using Coordination.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coordination.Tests.Operations;

/// <summary>
/// README (Operations, Metrics and traces): with OTEL_EXPORTER_OTLP_ENDPOINT naming a collector, traces, metrics and logs leave
/// the service over OTLP. The collector here is a small HTTP host that keeps what arrives; the service is run as its own process.
/// </summary>
public class OtlpExportTests
{
    [Fact]
    public async Task a_command_reaches_the_collector_as_its_trace_with_metrics_and_logs_and_no_token_password_or_body()
    {
        await using var collector = await Collector.StartAsync();
        const string databasePassword = "sandi-basis-data-rahasia";
        var environment = new Dictionary<string, string?>
        {
            // the test server trusts local connections; a password in the connection string must still never be exported
            ["ConnectionStrings__Marten"] = await TestDatabase.CreateDatabaseAsync() + $";Password={databasePassword}",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information"
        };
        var token = Tokens.District("61.05", sub: "otlp-tester");
        const string secretTitle = "Banjir rahasia ekspor";
        const string secretPassword = "kata-sandi-rahasia-ekspor-2026";
        await using var service = ServiceProcess.Start(environment);
        await service.WaitUntilReadyAsync();
        using var http = new HttpClient();

        var flood = JsonSerializer.SerializeToNode(IncidentScenarios.Flood(title: secretTitle), Api.Json)!.AsObject();
        flood["id"] = Guid.CreateVersion7().ToString();
        using var report = new HttpRequestMessage(HttpMethod.Post, $"{service.Url}/api/incidents")
        {
            Content = new StringContent(flood.ToJsonString(), Encoding.UTF8, "application/json")
        };
        report.Headers.Add("Authorization", $"Bearer {token}");
        const string correlationId = "otlp-korelasi-61-05";
        report.Headers.Add("X-Correlation-Id", correlationId);
        Assert.Equal(201, (int)(await http.SendAsync(report)).StatusCode);
        var login = await http.PostAsync($"{service.Url}/api/account/login", new StringContent(
            JsonSerializer.Serialize(new { email = "tidak.ada@dinsos.kalbarprov.go.id", password = secretPassword }), Encoding.UTF8, "application/json"));
        Assert.Equal(401, (int)login.StatusCode);

        // stopped as a process manager stops it: what the exporters still hold must leave before the process does
        await service.StopAsync();

        var traces = collector.Received("/v1/traces");
        var spans = traces.SelectMany(Otlp.Spans).ToList();
        Assert.NotEmpty(spans);
        Assert.All(traces, t => Assert.Contains("coordination", Otlp.ServiceNames(t)));
        var command = Assert.Single(spans, s => s.Name == "POST /api/incidents" && s.Parent.Length == 0);
        var trace = spans.Where(s => s.TraceId.SequenceEqual(command.TraceId)).ToList();
        Assert.Contains(trace, s => s.Scope == "Marten" && Otlp.Descends(s, command, trace));
        Assert.Contains(trace, s => s.Scope == "Npgsql" && Otlp.Descends(s, command, trace));

        var metrics = collector.Received("/v1/metrics");
        Assert.NotEmpty(metrics);
        var metricNames = metrics.SelectMany(Otlp.MetricNames).ToHashSet();
        Assert.Contains("http.server.request.duration", metricNames);
        Assert.Contains(metricNames, m => m.StartsWith("marten", StringComparison.Ordinal));
        Assert.All(metrics, m => Assert.Contains("coordination", Otlp.ServiceNames(m)));

        var logs = collector.Received("/v1/logs");
        Assert.NotEmpty(logs);
        Assert.All(logs, l => Assert.Contains("coordination", Otlp.ServiceNames(l)));
        // the command's own log lines (ASP.NET Core's request lines) carry its trace id, so a collector joins them to its trace
        Assert.Contains(logs.SelectMany(Otlp.LogTraceIds), id => id.SequenceEqual(command.TraceId));
        // and, as the JSON console lines do, the request's correlation id and the caller's sub, under the same names
        var commandLogs = logs.SelectMany(Otlp.LogRecords).Where(r => r.TraceId.SequenceEqual(command.TraceId)).ToList();
        Assert.Contains(commandLogs, r => r.Attributes.GetValueOrDefault("CorrelationId") == correlationId
                                          && r.Attributes.GetValueOrDefault("UserSub") == "otlp-tester");

        var everything = traces.Concat(metrics).Concat(logs).ToList();
        foreach (var secret in new[] { token, token.Split('.')[2], secretTitle, secretPassword, databasePassword })
            Assert.DoesNotContain(everything, body => Otlp.Holds(body, secret));
    }

    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        private Collector(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<Collector> StartAsync()
        {
            var url = $"http://127.0.0.1:{LoopbackPort.Free()}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(url);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new Collector(app, url);
            app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Enqueue(($"/v1/{signal}", body.ToArray()));
                context.Response.ContentType = "application/x-protobuf";
                return Results.Ok();
            });
            await app.StartAsync();
            return collector;
        }

        public List<byte[]> Received(string path) => _received.Where(r => r.Path == path).Select(r => r.Body).ToList();

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}

/// <summary>Just enough of the protobuf wire format to read OTLP's export requests: fields by number, strings as UTF-8.</summary>
internal static class Otlp
{
    public sealed record Span(byte[] TraceId, byte[] SpanId, byte[] Parent, string Name, string Scope);

    public static bool Holds(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>ExportTraceServiceRequest: 1 ResourceSpans { 1 Resource, 2 ScopeSpans { 1 scope { 1 name }, 2 Span } }.</summary>
    public static IEnumerable<Span> Spans(byte[] request) =>
        from resource in Messages(request, 1)
        from scopeSpans in Messages(resource, 2)
        let scope = Messages(scopeSpans, 1).Select(s => Text(s, 1)).FirstOrDefault() ?? ""
        from span in Messages(scopeSpans, 2)
        select new Span(Bytes(span, 1), Bytes(span, 2), Bytes(span, 4), Text(span, 5) ?? "", scope);

    /// <summary>ExportMetricsServiceRequest: 1 ResourceMetrics { 2 ScopeMetrics { 2 Metric { 1 name } } }.</summary>
    public static IEnumerable<string> MetricNames(byte[] request) =>
        from resource in Messages(request, 1)
        from scope in Messages(resource, 2)
        from metric in Messages(scope, 2)
        select Text(metric, 1) ?? "";

    /// <summary>ExportLogsServiceRequest: 1 ResourceLogs { 2 ScopeLogs { 2 LogRecord { 9 trace_id } } }.</summary>
    public static IEnumerable<byte[]> LogTraceIds(byte[] request) =>
        from resource in Messages(request, 1)
        from scope in Messages(resource, 2)
        from record in Messages(scope, 2)
        select Bytes(record, 9);

    public sealed record LogRecord(byte[] TraceId, IReadOnlyDictionary<string, string?> Attributes);

    /// <summary>ExportLogsServiceRequest: 1 ResourceLogs { 2 ScopeLogs { 2 LogRecord { 6 KeyValue { 1 key, 2 AnyValue { 1 string } }, 9 trace_id } } }.</summary>
    public static IEnumerable<LogRecord> LogRecords(byte[] request) =>
        from resource in Messages(request, 1)
        from scope in Messages(resource, 2)
        from record in Messages(scope, 2)
        select new LogRecord(Bytes(record, 9), Messages(record, 6)
            .GroupBy(a => Text(a, 1) ?? "")
            .ToDictionary(g => g.Key, g => Messages(g.First(), 2).Select(v => Text(v, 1)).FirstOrDefault()));

    /// <summary>Every export request: 1 Resource… { 1 Resource { 1 KeyValue { 1 key, 2 AnyValue { 1 string } } } }.</summary>
    public static IEnumerable<string?> ServiceNames(byte[] request) =>
        from resource in Messages(request, 1)
        from res in Messages(resource, 1)
        from attribute in Messages(res, 1)
        where Text(attribute, 1) == "service.name"
        select Messages(attribute, 2).Select(v => Text(v, 1)).FirstOrDefault();

    public static bool Descends(Span span, Span ancestor, IReadOnlyList<Span> trace)
    {
        for (var current = span; current.Parent.Length > 0;)
        {
            if (current.Parent.SequenceEqual(ancestor.SpanId)) return true;
            var parent = trace.FirstOrDefault(s => s.SpanId.SequenceEqual(current.Parent));
            if (parent is null) return false;
            current = parent;
        }
        return false;
    }

    private static IEnumerable<byte[]> Messages(byte[] message, int number) => Fields(message).Where(f => f.Number == number).Select(f => f.Value);

    private static byte[] Bytes(byte[] message, int number) => Messages(message, number).FirstOrDefault() ?? [];

    private static string? Text(byte[] message, int number) =>
        Messages(message, number).Select(b => Encoding.UTF8.GetString(b)).FirstOrDefault();

    /// <summary>The length-delimited fields of one message (varints and fixed-width fields are stepped over).</summary>
    private static List<(int Number, byte[] Value)> Fields(byte[] message)
    {
        var fields = new List<(int, byte[])>();
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0: Varint(message, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    fields.Add((number, message[position..(position + length)]));
                    position += length;
                    break;
                default: throw new InvalidDataException($"wire type {key & 7} at {position}");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}
