using System.Text;
using Coordination.Infrastructure.Http;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Tests.Reliability;

/// <summary>A service upgraded while clients still retry commands that the version before it answered.</summary>
public class IdempotencyUpgradeTests
{
    [Fact]
    public async Task an_answer_stored_before_answers_travelled_with_events_is_still_replayed_until_it_expires()
    {
        await using var host = await InProcessHost.StartAsync();
        var api = new Api(host);
        var incident = await api.ReportedIncident();

        // what the version before this one stored for a keyed command it answered: a document without a format
        var path = $"/api/incidents/{incident}/phase";
        var body = Encoding.UTF8.GetBytes("""{"phase":"recovery"}""");
        var request = new DefaultHttpContext().Request;
        request.Method = "POST";
        request.Path = path;
        request.HttpContext.Features.Set(new RequestBody(body));
        await using (var session = host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(new IdempotencyRecord
            {
                Id = "ani\nbefore-upgrade", RequestHash = RequestBody.Hash(request), Completed = true, Status = 200,
                ContentType = "application/json; charset=utf-8", Body = """{"version":2}""", ETag = "\"2\"", CreatedAt = DateTimeOffset.UtcNow
            });
            await session.SaveChangesAsync();
        }

        var retry = (await api.SendBytes(HttpMethod.Post, path, body, Tokens.Coordinator,
            new Dictionary<string, string> { ["Idempotency-Key"] = "before-upgrade" })).ShouldBe(200);
        Assert.Equal("true", retry.Headers["Idempotent-Replayed"]);
        Assert.Equal("""{"version":2}""", retry.Text);
        // not run a second time: the incident is still in its first phase
        Assert.Equal("response", (await api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).Body!["phase"]!.GetValue<string>());
    }
}
