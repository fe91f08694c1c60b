using Coordination.Tests.Incidents;
using Coordination.Tests.Support;

namespace Coordination.Tests.Infrastructure;

/// <summary>
/// A read that carries no version of its own is tagged with what it says, and the same read sent with that tag is a 304
/// without a body while the answer stays the same: a district's page on a slow line reads its lists again on every live
/// update, mostly unchanged.
/// </summary>
public class ConditionalReadsTests(AppFixture fixture) : ApiTest(fixture)
{
    private static Dictionary<string, string> Naming(string tag, string language = "en") =>
        new() { ["If-None-Match"] = tag, ["Accept-Language"] = language };

    [Fact]
    public async Task a_list_read_again_with_its_tag_is_a_304_without_a_body_until_it_changes()
    {
        var incident = await Api.ReportedIncident();
        await Api.IssuedRequest(incident, "61.10");
        const string url = "/api/requests?district=61.10";

        var first = (await Api.Get(url, Tokens.District("61.10"))).ShouldBe(200);
        var tag = first.Headers["ETag"];
        Assert.StartsWith("W/\"", tag);
        Assert.Equal("no-store", first.Headers["Cache-Control"]);

        var again = (await Api.Get(url, Tokens.District("61.10"), Naming(tag))).ShouldBe(304);
        Assert.Equal("", again.Text);
        Assert.Equal(tag, again.Headers["ETag"]);
        // a list of tags, and "*", name it too; another tag does not
        (await Api.Get(url, Tokens.District("61.10"), Naming($"W/\"0000\", {tag}"))).ShouldBe(304);
        (await Api.Get(url, Tokens.District("61.10"), Naming("*"))).ShouldBe(304);
        Assert.Equal(first.Text, (await Api.Get(url, Tokens.District("61.10"), Naming("W/\"0000\""))).ShouldBe(200).Text);

        // a second request for Melawi: the same tag now gets the list whole, with a tag of its own
        await Api.IssuedRequest(incident, "61.10");
        var changed = (await Api.Get(url, Tokens.District("61.10"), Naming(tag))).ShouldBe(200);
        Assert.Equal(2, changed.Body!.AsArray().Count);
        Assert.NotEqual(tag, changed.Headers["ETag"]);
    }

    [Fact]
    public async Task the_tag_follows_the_words_so_another_language_or_caller_is_answered_in_full()
    {
        await Api.RegisteredPeople(1, "61.05");
        const string url = "/api/districts/61.05/readiness";
        var english = (await Api.Get(url, Tokens.District("61.05"))).ShouldBe(200);
        var indonesian = (await Api.Get(url, Tokens.District("61.05"), Naming(english.Headers["ETag"], "id"))).ShouldBe(200);
        Assert.NotEqual(english.Headers["ETag"], indonesian.Headers["ETag"]);
        Assert.Contains("belum pernah diadakan simulasi", indonesian.Text);

        // a coordinator reads the same district's roster as its officer does: the same words, the same tag
        var roster = (await Api.Get("/api/districts/61.05/personnel", Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Get("/api/districts/61.05/personnel", Tokens.Coordinator, Naming(roster.Headers["ETag"]))).ShouldBe(304);
        // another district's officer is refused Sintang's inbox, tag or not
        var inbox = (await Api.Get("/api/districts/61.05/inbox", Tokens.District("61.05"))).ShouldBe(200);
        (await Api.Get("/api/districts/61.05/inbox", Tokens.District("61.10"), Naming(inbox.Headers["ETag"]))).ShouldBeProblem(403);
    }

    [Fact]
    public async Task a_read_of_one_stream_keeps_its_version_as_etag_and_a_problem_has_no_tag()
    {
        var incident = await Api.ReportedIncident();
        var read = (await Api.Get($"/api/incidents/{incident}", Tokens.Coordinator)).ShouldBe(200);
        Assert.Equal("\"1\"", read.Headers["ETag"]);
        // If-None-Match is not what a version is for: the read answers whole
        (await Api.Get($"/api/incidents/{incident}", Tokens.Coordinator, Naming("\"1\""))).ShouldBe(200);

        var missing = (await Api.Get($"/api/incidents/{Guid.CreateVersion7()}/coverage", Tokens.Coordinator, Naming("*"))).ShouldBeProblem(404);
        Assert.False(missing.Headers.ContainsKey("ETag"));
    }
}
