using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;

namespace Coordination.Tests.Support;

public sealed record Response(int Status, JsonNode? Body, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Text)
{
    public Guid Id => Guid.Parse(Body!["id"]!.GetValue<string>());
    public long Version => Body!["version"]!.GetValue<long>();
    public string? Detail => Body?["detail"]?.GetValue<string>();
    public JsonObject? Errors => Body?["errors"] as JsonObject;

    public Response ShouldBe(int status)
    {
        Assert.True(Status == status, $"Expected {status} but got {Status}: {Text}");
        return this;
    }

    public Response ShouldBeProblem(int status)
    {
        ShouldBe(status);
        Assert.Equal("application/problem+json", ContentType?.Split(';')[0]);
        Assert.Equal(status, Body!["status"]!.GetValue<int>());
        return this;
    }
}

/// <summary>Every answer the API tests received through <see cref="Api"/>, for the check against the OpenAPI document.</summary>
public static class Answers
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IAlbaHost, System.Collections.Concurrent.ConcurrentQueue<Answer>> Received = new();

    public static void Record(IAlbaHost host, Answer answer)
    {
        if (answer.Url.StartsWith("/api/")) Received.GetOrAdd(host, _ => new()).Enqueue(answer);
    }

    public static IReadOnlyList<Answer> Of(IAlbaHost host) => Received.TryGetValue(host, out var answers) ? answers.ToArray() : [];
}

/// <summary>A small JSON client over the in-process host that never asserts by itself.</summary>
public sealed class Api(IAlbaHost host)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IAlbaHost Host => host;

    public Task<Response> Get(string url, string? token = null, IDictionary<string, string>? headers = null) =>
        Send(HttpMethod.Get, url, null, token, headers);

    public Task<Response> Post(string url, object? body, string? token = null, IDictionary<string, string>? headers = null) =>
        Send(HttpMethod.Post, url, body switch { null => "", string raw => raw, _ => JsonSerializer.Serialize(body, Json) }, token, headers);

    public Task<Response> Put(string url, object? body, string? token = null, IDictionary<string, string>? headers = null) =>
        Send(HttpMethod.Put, url, JsonSerializer.Serialize(body, Json), token, headers);

    public Task<Response> Send(HttpMethod method, string url, string? json, string? token,
        IDictionary<string, string>? headers = null, string contentType = "application/json") =>
        SendBytes(method, url, json is null ? null : Encoding.UTF8.GetBytes(json), token, headers, contentType);

    /// <param name="chunked">Sends the body without a Content-Length, a few bytes per read, as a chunked upload arrives.</param>
    public async Task<Response> SendBytes(HttpMethod method, string url, byte[]? body, string? token,
        IDictionary<string, string>? headers = null, string contentType = "application/json", bool chunked = false)
    {
        var result = await host.Scenario(s =>
        {
            if (method == HttpMethod.Get) s.Get.Url(url);
            else
            {
                if (method == HttpMethod.Put) s.Put.Url(url);
                else s.Post.Url(url);
                s.ConfigureHttpContext(http =>
                {
                    var bytes = body ?? [];
                    http.Request.Body = chunked ? new Trickle(bytes, 7) : new MemoryStream(bytes);
                    http.Request.ContentLength = chunked ? null : bytes.Length;
                    http.Request.ContentType = contentType;
                });
            }

            if (token is not null) s.WithRequestHeader("Authorization", $"Bearer {token}");
            headers = new Dictionary<string, string>(headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
            // the tests read English unless they ask for a language (an empty Accept-Language sends none)
            headers.TryAdd("Accept-Language", "en");
            foreach (var (name, value) in headers.Where(h => h.Value.Length > 0)) s.WithRequestHeader(name, value);
            s.IgnoreStatusCode();
        });

        var text = await result.ReadAsTextAsync();
        JsonNode? answer = null;
        if (!string.IsNullOrWhiteSpace(text) && result.Context.Response.ContentType?.Contains("json") == true)
            answer = JsonNode.Parse(text);
        var responseHeaders = result.Context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Answers.Record(host, new Answer(method.Method, url, result.Context.Response.StatusCode, result.Context.Response.ContentType, text));
        return new Response(result.Context.Response.StatusCode, answer, result.Context.Response.ContentType, responseHeaders, text);
    }
}

/// <summary>A request body that hands out at most <paramref name="piece"/> bytes per read and has no length.</summary>
public sealed class Trickle(byte[] bytes, int piece) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => _position = (int)value; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(buffer.Length, piece), bytes.Length - _position);
        bytes.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        return Read(buffer.Span);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
