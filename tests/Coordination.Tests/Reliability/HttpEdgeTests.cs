using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Tests.Support;

namespace Coordination.Tests.Reliability;

/// <summary>The service behind Kestrel, as one process for the class, sent malformed HTTP over a raw connection.</summary>
public sealed class ServiceBehindKestrel : IAsyncLifetime
{
    private ServiceProcess? _service;
    public Uri Url => new(_service!.Url);

    public async Task InitializeAsync()
    {
        _service = ServiceProcess.Start(new Dictionary<string, string?> { ["ConnectionStrings__Marten"] = await TestDatabase.CreateDatabaseAsync() });
        await _service.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
    }
}

/// <summary>
/// What a client gets for a request that is not well-formed HTTP: once the request has reached the service (its body is
/// read there), a problem with a code in Indonesian that changes nothing; before that, Kestrel's own empty answer, which the
/// README lists.
/// </summary>
public class HttpEdgeTests(ServiceBehindKestrel service) : IClassFixture<ServiceBehindKestrel>
{
    private string Head(string method, string path, string extra = "") =>
        $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer {Tokens.Coordinator}\r\n{extra}";

    public static TheoryData<string, string> MalformedChunks => new()
    {
        { "a chunk size that is no number", "zz\r\n{}\r\n0\r\n\r\n" },
        { "a chunk longer than its size", "2\r\n{}xx\r\n0\r\n\r\n" },
        { "a trailer line without a colon", "2\r\n{}\r\n0\r\nno-colon\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedChunks))]
    public async Task a_body_whose_chunks_break_http_is_a_400_problem_in_indonesian_not_a_body_too_large(string _, string chunks)
    {
        var answer = await SendAsync(Head("POST", "/api/incidents", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n") + chunks);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("id", answer.Headers["content-language"]);
        var body = JsonNode.Parse(answer.Body)!;
        Assert.Equal("body-malformed", body["code"]!.GetValue<string>());
        Assert.Equal("Permintaan tidak valid", body["title"]!.GetValue<string>());
        Assert.Contains("chunked", body["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_command_whose_body_breaks_http_stores_nothing()
    {
        var id = Guid.CreateVersion7();
        var json = $"{{\"id\":\"{id}\",\"district\":\"61.05\",\"hazard\":\"flood\",\"title\":\"Banjir Sintang\",\"occurredAt\":\"2026-11-28T03:00:00Z\",\"villages\":[\"Baning Kota\"],\"affected\":{{\"total\":300,\"children\":90,\"elderly\":30,\"disabled\":3,\"pregnant\":2}}}}";
        var length = Encoding.UTF8.GetByteCount(json).ToString("x");
        var answer = await SendAsync(Head("POST", "/api/incidents", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n") +
                                     $"{length}\r\n{json}\r\n0\r\nno-colon\r\n\r\n");
        Assert.Equal(400, answer.Status);

        var read = await SendAsync(Head("GET", $"/api/incidents/{id}", "\r\n"));
        Assert.Equal(404, read.Status);
    }

    public static TheoryData<string, string, int, string> ReachTheService => new()
    {
        { "a body in chunks over the limit", $"Transfer-Encoding: chunked\r\n\r\n{string.Concat(Enumerable.Repeat($"8000\r\n{new string(' ', 0x8000)}\r\n", 9))}0\r\n\r\n", 413, "body-too-large" },
        { "a Content-Length over Kestrel's own limit", "Content-Length: 40000000\r\n\r\n{}", 413, "body-too-large" },
        { "chunks beside a Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nabcde\r\n0\r\n\r\n", 400, "invalid-json" },
        { "JSON nested too deep", $"Content-Length: 10000\r\n\r\n{new string('[', 5000)}{new string(']', 5000)}", 400, "invalid-json" },
        { "a text that is not UTF-8", "Content-Length: 14\r\n\r\n{\"title\":\"\u00ff\u00fe\"}", 400, "invalid-text" },
        { "a body that stops arriving", "Content-Length: 100\r\n\r\n{", 408, "request-timeout" },
    };

    [Theory]
    [MemberData(nameof(ReachTheService))]
    public async Task what_reaches_the_service_is_a_problem_with_a_code_in_indonesian(string _, string rest, int status, string code)
    {
        var answer = await SendAsync(Head("POST", "/api/incidents", "Content-Type: application/json\r\n") + rest, latin1: true);

        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("id", answer.Headers["content-language"]);
        var body = JsonNode.Parse(answer.Body)!;
        Assert.Equal(code, body["code"]!.GetValue<string>());
        Assert.Equal(status switch
        {
            400 => "Permintaan tidak valid", 408 => "Permintaan terlalu lama diterima", 413 => "Isi permintaan terlalu besar", _ => "?"
        }, body["title"]!.GetValue<string>());
        Assert.StartsWith("https://tools.ietf.org/html/rfc9110#section-15.5.", body["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("OPTIONS", "*", "Metode OPTIONS tidak diizinkan pada *.")]
    [InlineData("CONNECT", "127.0.0.1:443", "Metode CONNECT tidak diizinkan pada 127.0.0.1:443.")]
    public async Task a_request_that_names_no_path_is_refused_naming_the_target_it_sent(string method, string target, string detail)
    {
        var answer = await SendAsync($"{method} {target} HTTP/1.1\r\nHost: {(method == "CONNECT" ? target : "127.0.0.1")}\r\nConnection: close\r\n\r\n");

        Assert.Equal(405, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(detail, JsonNode.Parse(answer.Body)!["detail"]!.GetValue<string>());
    }

    /// <summary>Kestrel's answers before the request reaches the service, as the README's Errors section lists them.</summary>
    public static TheoryData<string, string, int> RefusedByKestrel => new()
    {
        { "a Content-Length that is no number", "POST /api/incidents HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n{}", 400 },
        { "two different Content-Lengths", "POST /api/incidents HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400 },
        { "a Transfer-Encoding that does not end in chunked", "POST /api/incidents HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n{}", 400 },
        { "an HTTP/1.0 body without Content-Length", "POST /api/incidents HTTP/1.0\r\nHost: a\r\n\r\n{}", 400 },
        { "a request line that is not METHOD PATH VERSION", "GET/api/incidents HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "a header line without a colon", "GET /api/incidents HTTP/1.1\r\nHost: a\r\nno-colon\r\n\r\n", 400 },
        { "a space before a header's colon", "GET /api/incidents HTTP/1.1\r\nHost: a\r\nX-Note : a\r\n\r\n", 400 },
        { "a negative Content-Length", "POST /api/incidents HTTP/1.1\r\nHost: a\r\nContent-Length: -2\r\n\r\n{}", 400 },
        { "an absolute-form target whose host is not Host", "GET http://other/api/incidents HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "a header value that is not ASCII", "GET /api/incidents HTTP/1.1\r\nHost: a\r\nX-Note: d\u00e9sa\r\n\r\n", 400 },
        { "no Host", "GET /api/incidents HTTP/1.1\r\n\r\n", 400 },
        { "two Hosts", "GET /api/incidents HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400 },
        { "a NUL in the path", "GET /api/incidents/%00 HTTP/1.1\r\nHost: a\r\n\r\n", 400 },
        { "a path of * for another method than OPTIONS", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 405 },
        { "a request line over 64 KB", $"GET /api/{new string('a', 70_000)} HTTP/1.1\r\nHost: a\r\n\r\n", 414 },
        { "headers over 128 KB", $"GET /api/incidents HTTP/1.1\r\nHost: a\r\nX-Note: {new string('a', 140_000)}\r\n\r\n", 431 },
        { "more than 400 headers", $"GET /api/incidents HTTP/1.1\r\nHost: a\r\n{string.Concat(Enumerable.Range(0, 450).Select(i => $"X-{i}: a\r\n"))}\r\n", 431 },
        { "an HTTP version other than 1.0 and 1.1", "GET /api/incidents HTTP/2.5\r\nHost: a\r\n\r\n", 505 },
    };

    [Theory]
    [MemberData(nameof(RefusedByKestrel))]
    public async Task what_kestrel_refuses_before_the_service_is_its_own_empty_answer(string _, string request, int status)
    {
        var answer = await SendAsync(request, latin1: true);
        Assert.Equal(status, answer.Status);
        Assert.Equal("", answer.Body);
    }

    private sealed record Answer(int Status, Dictionary<string, string> Headers, string Body)
    {
        public string? ContentType => Headers.TryGetValue("content-type", out var type) ? type.Split(';')[0] : null;
    }

    /// <summary>Writes the request as it is, and reads the answer until Kestrel closes the connection.</summary>
    private async Task<Answer> SendAsync(string request, bool latin1 = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(service.Url.Host, service.Url.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(latin1 ? Encoding.Latin1.GetBytes(request) : Encoding.UTF8.GetBytes(request));
        using var read = new MemoryStream();
        try
        {
            await stream.CopyToAsync(read).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (IOException)
        {
            // Kestrel may reset a connection it refused once its answer is written
        }

        var bytes = read.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end > 0, $"no answer: {Encoding.UTF8.GetString(bytes)}");
        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = bytes[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var coding) && coding == "chunked") body = Unchunked(body);
        return new Answer(int.Parse(lines[0].Split(' ')[1]), headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Unchunked(byte[] chunked)
    {
        var body = new MemoryStream();
        var at = 0;
        while (true)
        {
            var line = at + chunked.AsSpan(at).IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.Latin1.GetString(chunked, at, line - at).Split(';')[0], 16);
            if (size == 0) return body.ToArray();
            body.Write(chunked, line + 2, size);
            at = line + 2 + size + 2;
        }
    }
}
