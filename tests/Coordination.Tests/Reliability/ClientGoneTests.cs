using System.Text.Json;
using Alba;
using Coordination.Tests.Incidents;
using Coordination.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Coordination.Tests.Reliability;

/// <summary>
/// A district officer on a bad connection: the connection drops while the phone is still sending a command's body. The
/// service has nothing to answer and nobody to answer to: it stores nothing, writes no error (the client went away, not the
/// service), and the retry under the same key runs once.
/// </summary>
public class ClientGoneTests(AppFixture fixture) : ApiTest(fixture)
{
    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    private async Task<int> EventCount()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "tombstone").CountAsync();
    }

    public enum Drop
    {
        /// <summary>The peer reset the connection (a phone leaving coverage): the body read fails with ConnectionResetException.</summary>
        Reset,

        /// <summary>The server saw the connection go: the request is aborted while its body is read.</summary>
        Aborted,

        /// <summary>
        /// The client stopped sending and closed: Kestrel answers 400 (unexpected end of the body), and writing that answer fails
        /// because nobody is left to read it.
        /// </summary>
        Ended
    }

    [Theory]
    [InlineData(Drop.Reset)]
    [InlineData(Drop.Aborted)]
    [InlineData(Drop.Ended)]
    public async Task a_body_cut_off_by_the_client_stores_nothing_logs_no_error_and_its_retry_records_once(Drop drop)
    {
        var incident = await Api.ReportedIncident();
        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
        var body = JsonSerializer.SerializeToUtf8Bytes(Scenarios.Service(total: 4, contacts: 6), Api.Json);
        var events = await EventCount();
        var logged = Fixture.Logs.Lines.Count;

        using var aborted = new CancellationTokenSource();
        HttpContext? served = null;
        var cut = await Record.ExceptionAsync(() => Host.Scenario(s =>
        {
            s.Post.Url($"/api/deployments/{team}/services");
            s.ConfigureHttpContext(http =>
            {
                served = http;
                http.Request.Body = new ClientBody(body, body.Length / 2, drop, aborted);
                http.Request.ContentLength = body.Length;
                http.Request.ContentType = "application/json";
                if (drop != Drop.Reset) http.RequestAborted = aborted.Token;
                if (drop == Drop.Ended) http.Response.Body = new Closed(aborted);
            });
            s.WithRequestHeader("Authorization", $"Bearer {Tokens.District("61.05")}");
            s.WithRequestHeader("Idempotency-Key", "cut-off-1");
            s.IgnoreStatusCode();
        }));

        var written = Fixture.Logs.Lines.Skip(logged).ToList();
        Assert.DoesNotContain(written, line => line.StartsWith("Error ") || line.StartsWith("Critical ") || line.StartsWith("Warning "));
        // nobody reads this answer; what the service records of it (metrics, logs) says the client closed the request (and the
        // dead connection is closed, not drained), or, when it stopped sending, the 400 it was given
        Assert.Equal(drop == Drop.Ended ? 400 : 499, served!.Response.StatusCode);
        if (drop == Drop.Reset) Assert.NotNull(cut);
        Assert.Equal(events, await EventCount());

        var retry = (await Api.Post($"/api/deployments/{team}/services", Scenarios.Service(total: 4, contacts: 6), Tokens.District("61.05"),
            Key("cut-off-1"))).ShouldBe(201);
        Assert.False(retry.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Single((await Api.Get($"/api/deployments/{team}/services", Tokens.Analyst)).Body!.AsArray());
    }

    /// <summary>
    /// The phone sent the whole command and lost the connection while it ran: the command runs to its end (cancelled half way,
    /// it stored nothing or, cancelled inside the append, left event sequence numbers drawn that held every async view for
    /// 3 s), and the retry under the same key is answered with what the first run did.
    /// </summary>
    [Fact]
    public async Task a_command_whose_client_goes_away_once_it_is_sent_runs_to_its_end_and_its_retry_replays_it()
    {
        var incident = await Api.ReportedIncident();
        var team = await Api.TeamOnSite(incident, await Api.RegisteredPeople(1, "61.05"));
        var body = JsonSerializer.SerializeToUtf8Bytes(Scenarios.Service(total: 4, contacts: 6), Api.Json);

        using var aborted = new CancellationTokenSource();
        var sent = await Host.Scenario(s =>
        {
            s.Post.Url($"/api/deployments/{team}/services");
            s.ConfigureHttpContext(http =>
            {
                http.Request.Body = new ClientBody(body, body.Length, null, aborted);
                http.Request.ContentLength = body.Length;
                http.Request.ContentType = "application/json";
                http.RequestAborted = aborted.Token;
            });
            s.WithRequestHeader("Authorization", $"Bearer {Tokens.District("61.05")}");
            s.WithRequestHeader("Idempotency-Key", "sent-then-gone");
            s.IgnoreStatusCode();
        });

        Assert.True(aborted.IsCancellationRequested);
        Assert.Equal(201, sent.Context.Response.StatusCode);
        var retry = (await Api.Post($"/api/deployments/{team}/services", Scenarios.Service(total: 4, contacts: 6), Tokens.District("61.05"),
            Key("sent-then-gone"))).ShouldBe(201);
        Assert.Equal("true", retry.Headers["Idempotent-Replayed"]);
        Assert.Single((await Api.Get($"/api/deployments/{team}/services", Tokens.Analyst)).Body!.AsArray());
    }

    /// <summary>
    /// A body that hands out its first bytes, then fails as a dropped connection does; without a drop it arrives whole, and the
    /// connection is gone the moment its end has been read.
    /// </summary>
    private sealed class ClientBody(byte[] bytes, int sent, Drop? drop, CancellationTokenSource aborted) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;
        public override long Position { get => _position; set => _position = (int)value; }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (_position < sent)
            {
                var n = Math.Min(buffer.Length, sent - _position);
                bytes.AsMemory(_position, n).CopyTo(buffer);
                _position += n;
                if (drop is null && _position == bytes.Length) await aborted.CancelAsync();
                return n;
            }

            switch (drop)
            {
                case null:
                    return 0;
                case Drop.Reset:
                    throw new ConnectionResetException("Connection reset by peer");
                case Drop.Ended:
                    throw new Microsoft.AspNetCore.Http.BadHttpRequestException("Unexpected end of request content.", 400);
                default:
                    await aborted.CancelAsync();
                    throw new ConnectionAbortedException("The connection was aborted by the application.");
            }
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A connection the client has closed: the first write finds it gone, and the request is aborted.</summary>
    private sealed class Closed(CancellationTokenSource aborted) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await aborted.CancelAsync();
            throw new OperationCanceledException(aborted.Token);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
