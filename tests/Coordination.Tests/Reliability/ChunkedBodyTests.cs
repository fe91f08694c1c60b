using System.Text;
using System.Text.Json;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;

namespace Coordination.Tests.Reliability;

/// <summary>
/// A body without a Content-Length (a chunked upload, as HttpClient sends a streamed JSON body) arrives in pieces: the
/// command reads it whole, a longer one than the limit is a 413 and a literal null a 400, and neither stores anything.
/// </summary>
public class ChunkedBodyTests(AppFixture fixture) : ApiTest(fixture)
{
    private static byte[] Json(object body) => JsonSerializer.SerializeToUtf8Bytes(body, Api.Json);

    [Fact]
    public async Task a_command_sent_in_pieces_without_a_length_is_read_whole()
    {
        var id = Guid.NewGuid();
        var body = Json(IncidentScenarios.Flood(id: id, title: "Banjir bandang Kayan Hulu, dikirim sepotong-sepotong"));

        (await Api.SendBytes(HttpMethod.Post, "/api/incidents", body, Tokens.Coordinator, chunked: true)).ShouldBe(201);

        var incident = (await Api.Get($"/api/incidents/{id}", Tokens.Coordinator)).ShouldBe(200);
        Assert.Equal("Banjir bandang Kayan Hulu, dikirim sepotong-sepotong", incident.Body!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_same_keyed_command_sent_in_pieces_twice_is_stored_once()
    {
        var body = Json(IncidentScenarios.Flood(id: Guid.NewGuid()));
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };

        var first = (await Api.SendBytes(HttpMethod.Post, "/api/incidents", body, Tokens.Coordinator, key, chunked: true)).ShouldBe(201);
        var retry = (await Api.SendBytes(HttpMethod.Post, "/api/incidents", body, Tokens.Coordinator, key, chunked: true)).ShouldBe(201);

        Assert.Equal(first.Text, retry.Text);
        Assert.Equal("true", retry.Headers["Idempotent-Replayed"]);
        await using var session = Store.QuerySession();
        Assert.Equal(1, await session.Events.QueryAllRawEvents().CountAsync());
    }

    [Fact]
    public async Task a_body_in_pieces_longer_than_the_limit_is_a_413_and_stores_nothing()
    {
        var padded = Encoding.UTF8.GetBytes($"{{\"title\":\"{new string('x', 300 * 1024)}\"}}");

        var answer = (await Api.SendBytes(HttpMethod.Post, "/api/incidents", padded, Tokens.Coordinator, chunked: true)).ShouldBeProblem(413);

        Assert.Equal("body-too-large", answer.Body!["code"]!.GetValue<string>());
        await using var session = Store.QuerySession();
        Assert.Equal(0, await session.Events.QueryAllRawEvents().CountAsync());
    }

    [Fact]
    public async Task a_literal_null_in_pieces_is_a_400()
    {
        var answer = (await Api.SendBytes(HttpMethod.Post, "/api/incidents", "  null "u8.ToArray(), Tokens.Coordinator, chunked: true)).ShouldBeProblem(400);

        Assert.Equal("body-null", answer.Body!["code"]!.GetValue<string>());
    }
}
