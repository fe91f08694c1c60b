using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Coordination.Tests.Support;
using Xunit.Abstractions;

namespace Coordination.Tests.Infrastructure;

/// <summary>
/// Requests generated from the OpenAPI document, valid and mutated, for every operation and every kind of caller: whatever
/// a client sends, the answer is never a 5xx, every 4xx is a problem with a code, a title and a detail, and its status is
/// one the document declares for the operation.
/// </summary>
public class GeneratedInputTests(AppFixture fixture, ITestOutputHelper output) : ApiTest(fixture)
{
    /// <summary>Fixed, so that a failure reproduces; COORDINATION_GENERATED_SEED tries another.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("COORDINATION_GENERATED_SEED"), out var seed) ? seed : 61_2026;
    /// <summary>20,000 unless COORDINATION_GENERATED_REQUESTS says otherwise (a quick local run).</summary>
    private static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("COORDINATION_GENERATED_REQUESTS"), out var count) ? count : 20_000;
    private const int Workers = 4;

    [Fact]
    public async Task twenty_thousand_generated_requests_meet_no_server_error_and_every_refusal_is_a_problem_with_a_code()
    {
        var document = await ApiDocument.LoadAsync(Api);
        var world = await World.CreateAsync(Api);
        var generator = new InputGenerator(document, world, Seed);
        var client = new RawClient(Host);
        var statuses = new ConcurrentDictionary<int, int>();
        var elapsed = new ConcurrentDictionary<string, double>();
        var failures = new ConcurrentBag<(int N, Call Call, Answer Answer, string Why)>();
        var next = -1;

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < Count)
            {
                var call = generator.Next(n);
                Answer answer;
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    answer = await client.Send(call);
                    var name = generator.OperationOf(n).Name;
                    elapsed.AddOrUpdate(name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, (_, ms) => ms + Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"#{n} could not be sent (seed {Seed}): {call.Describe}", e);
                }

                statuses.AddOrUpdate(answer.Status, 1, (_, c) => c + 1);
                if (Fault(answer) is { } why) failures.Add((n, call, answer, why));
                var operation = document.Find(call.Method, call.Url.Split('?')[0]);
                if (operation is not null && !operation.Statuses.Contains(answer.Status.ToString()))
                    failures.Add((n, call, answer, $"{operation.Name} → {answer.Status}: status not declared in the OpenAPI document"));
            }
        })));
        clock.Stop();

        output.WriteLine($"seed {Seed}: {Count} requests over {document.Operations.Count} operations in {clock.Elapsed.TotalSeconds:0.0} s " +
                         $"({Count / clock.Elapsed.TotalSeconds:0} per second)");
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")));
        output.WriteLine("slowest operations (ms in all): " + string.Join(", ", elapsed.OrderByDescending(e => e.Value).Take(8).Select(e => $"{e.Key} {e.Value:0}")));
        var distinct = failures.OrderBy(f => f.N).DistinctBy(f => (f.Call.Method, document.Find(f.Call.Method, f.Call.Url.Split('?')[0])?.Path, f.Answer.Status, f.Why)).ToList();
        Assert.True(failures.IsEmpty,
            $"{failures.Count} faulty answers (seed {Seed}; request n is InputGenerator.Next(n)), {distinct.Count} distinct:\n" +
            string.Join("\n", distinct.Take(40).Select(f => $"#{f.N} {f.Why}\n    sent {f.Call.Describe}\n    got  {f.Answer}")));
    }

    /// <summary>What is wrong with an answer whatever was asked, or null.</summary>
    public static string? Fault(Answer answer)
    {
        if (answer.Status >= 500) return $"server error {answer.Status}";
        if (answer.Status < 400) return null;
        if (answer.ContentType?.StartsWith("application/problem+json") != true) return $"{answer.Status} is not application/problem+json";
        try
        {
            using var body = JsonDocument.Parse(answer.Body);
            foreach (var member in new[] { "code", "title", "detail" })
                if (!body.RootElement.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
                    return $"{answer.Status} problem without {member}";
            return null;
        }
        catch (JsonException)
        {
            return $"{answer.Status} problem that is not JSON";
        }
    }
}
