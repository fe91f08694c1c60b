using System.Globalization;
using System.Text.Json.Serialization;
using Coordination.Districts;
using Coordination.Infrastructure.Json;
using Coordination.Personnel;
using Coordination.Requests;

namespace Coordination.Inbox;

public enum NoticeKind
{
    RequestIssued,
    RequestCancelled,
    RequestAccepted,
    RequestPartiallyAccepted,
    RequestDeclined
}

/// <summary>
/// Tells the other side of a request what happened: sent through Wolverine's durable outbox, then kept as the inbox
/// entry of its audience (a district code, or the province's coordinators). Its words are kept as a message key and
/// arguments and worded when the inbox is read, in the reader's language; Text is their wording when the notice was made.
/// </summary>
public sealed record RequestNotice(
    Guid Id,
    string Audience,
    NoticeKind Kind,
    Guid RequestId,
    Guid IncidentId,
    string District,
    string Text,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NoticeWords? Words = null)
{
    /// <summary>The notice as its reader sees it: the words in the reader's language.</summary>
    public RequestNotice ForReader() => Words is null ? this : this with { Text = Words.ToMessage().ToString(), Words = null };
}

/// <summary>A message key and its arguments, stored: an argument is a text shown as it is, or words of its own (a role, a priority).</summary>
public sealed record NoticeWords(string Key, IReadOnlyList<NoticeWords> Args, string? Text = null)
{
    public static NoticeWords Of(string key, params NoticeWords[] args) => new(key, args);

    public static NoticeWords Literal(object? text) => new("", [], Convert.ToString(text, CultureInfo.InvariantCulture) ?? "");

    public static readonly NoticeWords None = Literal("");

    public Message ToMessage() => new(Key, [.. Args.Select(a => a.Text ?? (object)a.ToMessage())]);
}

public static class Notices
{
    /// <summary>The audience of the provincial coordinators' inbox; districts are addressed by their code.</summary>
    public const string Province = "province";

    private static NoticeWords Role(PersonnelRole role) => NoticeWords.Of($"role-{Kebab.Name(role)}");

    private static NoticeWords District(string code) =>
        KalimantanBarat.Find(code) is { } d
            ? NoticeWords.Of(d.Kind == DistrictKind.Kota ? "district-kota" : "district-kabupaten", NoticeWords.Literal(d.Code), NoticeWords.Literal(d.Name))
            : NoticeWords.Literal(code);

    private static RequestNotice Notice(string audience, NoticeKind kind, Guid requestId, Guid incidentId, string district, NoticeWords words,
        DateTimeOffset at) =>
        new(Guid.CreateVersion7(), audience, kind, requestId, incidentId, district, words.ToMessage().ToString(), at, words);

    public static RequestNotice Issued(PersonnelRequested e, DateTimeOffset at) =>
        Notice(e.District, NoticeKind.RequestIssued, e.RequestId, e.IncidentId, e.District,
            NoticeWords.Of("notice-issued", NoticeWords.Literal(e.Count), Role(e.Role), NoticeWords.Of($"priority-{Kebab.Name(e.Priority)}"),
                e.Skills.Count > 0 ? NoticeWords.Of("notice-skills", NoticeWords.Literal(string.Join(", ", e.Skills))) : NoticeWords.None,
                e.NeededBy is { } by
                    ? NoticeWords.Of("notice-needed-by", NoticeWords.Literal(by.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))
                    : NoticeWords.None), at);

    public static RequestNotice Cancelled(Request request, string reason, DateTimeOffset at) =>
        Notice(request.District, NoticeKind.RequestCancelled, request.Id, request.IncidentId, request.District,
            NoticeWords.Of("notice-cancelled", NoticeWords.Literal(request.Count), Role(request.Role), NoticeWords.Literal(reason)), at);

    public static RequestNotice Answered(Request request, object answer, DateTimeOffset at) => answer switch
    {
        RequestAccepted a => Notice(Province, a.Accepted >= a.Requested ? NoticeKind.RequestAccepted : NoticeKind.RequestPartiallyAccepted,
            request.Id, request.IncidentId, request.District,
            NoticeWords.Of("notice-accepted", District(request.District), NoticeWords.Literal(a.Accepted), NoticeWords.Literal(a.Requested),
                Role(request.Role)), at),
        RequestDeclined d => Notice(Province, NoticeKind.RequestDeclined, request.Id, request.IncidentId, request.District,
            NoticeWords.Of("notice-declined", District(request.District), NoticeWords.Literal(request.Count), Role(request.Role),
                NoticeWords.Literal(d.Reason)), at),
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer.GetType().Name, "not an answer to a request")
    };
}
