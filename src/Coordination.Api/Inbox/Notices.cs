using System.Globalization;
using System.Text.Json.Serialization;
using Coordination.Districts;
using Coordination.Incidents;
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
    RequestDeclined,
    IncidentClosed
}

/// <summary>
/// Tells the other side of a request what happened: sent through Wolverine's durable outbox, then kept as the inbox
/// entry of its audience (a district code, or the province's coordinators). An incident's close is a notice of no request. Its words are kept as a message key and
/// arguments and worded when the inbox is read, in the reader's language; Text is their wording when the notice was made.
/// </summary>
public sealed record RequestNotice(
    Guid Id,
    string Audience,
    NoticeKind Kind,
    Guid? RequestId,
    Guid IncidentId,
    string District,
    string Text,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NoticeWords? Words = null)
{
    /// <summary>The notice as its reader sees it: the words in the reader's language.</summary>
    public RequestNotice ForReader() => Words is null ? this : this with { Text = Words.ToMessage().ToString(), Words = null };
}

/// <summary>
/// A message key and its arguments, stored: an argument is a text shown as it is, a moment (shown on the province's clock in
/// the reader's words), words of its own (a role, a priority), or a list of these (no key, no text), shown joined with commas.
/// </summary>
public sealed record NoticeWords(
    string Key,
    IReadOnlyList<NoticeWords> Args,
    string? Text = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? At = null)
{
    public static NoticeWords Of(string key, params NoticeWords[] args) => new(key, args);

    public static NoticeWords Moment(DateTimeOffset at) => new("", [], At: at);

    public static NoticeWords Literal(object? text) => new("", [], Convert.ToString(text, CultureInfo.InvariantCulture) ?? "");

    public static NoticeWords List(IEnumerable<NoticeWords> items) => new("", [.. items]);

    public static readonly NoticeWords None = Literal("");

    public Message ToMessage() => new(Key, [.. Args.Select(a => a.Argument())]);

    private object Argument() => At is { } at ? at : Text ?? (Key.Length == 0 ? Args.Select(a => a.Argument()).ToList() : (object)ToMessage());
}

public static class Notices
{
    /// <summary>The audience of the provincial coordinators' inbox; districts are addressed by their code.</summary>
    public const string Province = "province";

    private static NoticeWords Role(PersonnelRole role, int? count) => NoticeWords.Of(role.CountedKey(count));

    private static NoticeWords Skill(string skill) => Skills.Named(skill) is Message known ? NoticeWords.Of(known.Key) : NoticeWords.Literal(skill);

    private static NoticeWords District(string code) =>
        KalimantanBarat.Find(code) is { } d
            ? NoticeWords.Of(d.Kind == DistrictKind.Kota ? "district-kota" : "district-kabupaten", NoticeWords.Literal(d.Code), NoticeWords.Literal(d.Name))
            : NoticeWords.Literal(code);

    /// <summary>The notice for its audience: a district hears of requests issued to it and cancelled; the province of answers.</summary>
    public static RequestNotice From(RequestNews news) => news.Kind switch
    {
        RequestNewsKind.Issued => Notice(news, news.District, NoticeKind.RequestIssued,
            NoticeWords.Of("notice-issued", NoticeWords.Literal(news.Count), Role(news.Role, news.Count),
                NoticeWords.Of($"priority-{Kebab.Name(news.Priority ?? Priority.Medium)}"),
                news.Skills.Count > 0 ? NoticeWords.Of("notice-skills", NoticeWords.List(news.Skills.Select(Skill))) : NoticeWords.None,
                news.NeededBy is { } by
                    ? NoticeWords.Of("notice-needed-by-moment", NoticeWords.Moment(by))
                    : NoticeWords.None)),
        RequestNewsKind.Cancelled => Notice(news, news.District, NoticeKind.RequestCancelled,
            NoticeWords.Of(news.ClosedWithIncident ? "notice-cancelled-with-incident" : "notice-cancelled", NoticeWords.Literal(news.Count),
                Role(news.Role, news.Count), NoticeWords.Literal(news.Reason))),
        RequestNewsKind.Accepted => Notice(news, Province, news.Accepted >= news.Count ? NoticeKind.RequestAccepted : NoticeKind.RequestPartiallyAccepted,
            NoticeWords.Of("notice-accepted", District(news.District), NoticeWords.Literal(news.Accepted), NoticeWords.Literal(news.Count),
                Role(news.Role, news.Count))),
        RequestNewsKind.Declined => Notice(news, Province, NoticeKind.RequestDeclined,
            NoticeWords.Of("notice-declined", District(news.District), NoticeWords.Literal(news.Count), Role(news.Role, news.Count),
                NoticeWords.Literal(news.Reason))),
        _ => throw new ArgumentOutOfRangeException(nameof(news), news.Kind, "unknown request news")
    };

    /// <summary>
    /// Every notice the news makes: the one <see cref="From"/> words, and the province's of a cancelled request (pressed Batalkan
    /// on one coordinator's page, or done by its incident's close, which no page pressed: the other pages would not know),
    /// stored under an id derived from the news' own, so that a redelivery overwrites both.
    /// </summary>
    public static IEnumerable<RequestNotice> All(RequestNews news)
    {
        yield return From(news);
        if (news.Kind == RequestNewsKind.Cancelled)
            yield return Notice(news, Province, NoticeKind.RequestCancelled,
                NoticeWords.Of(news.ClosedWithIncident ? "notice-cancelled-with-incident-province" : "notice-cancelled-province",
                    District(news.District), NoticeWords.Literal(news.Count), Role(news.Role, news.Count), NoticeWords.Literal(news.Reason)))
                with { Id = NameBasedId.Of($"notice\n{news.Id}\n{Province}") };
    }

    /// <summary>
    /// The notices of an incident closed: the province's, and the same for each district involved (the incident's own, and each
    /// with a request or a team of it), so that its officer's pages follow the close: the province's under the news' own id, each district's under one derived from it.
    /// </summary>
    public static IEnumerable<RequestNotice> Closed(IncidentClosedNews news, IEnumerable<string> involved)
    {
        yield return Closed(news, Province);
        foreach (var district in involved.Append(news.District).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            yield return Closed(news, district) with { Id = NameBasedId.Of($"notice\n{news.Id}\n{district}") };
    }

    private static RequestNotice Closed(IncidentClosedNews news, string audience)
    {
        var words = NoticeWords.Of("notice-incident-closed", NoticeWords.Literal(news.Title), District(news.District), NoticeWords.Literal(news.Summary));
        return new(news.Id, audience, NoticeKind.IncidentClosed, null, news.IncidentId, news.District, words.ToMessage().ToString(), news.At, words);
    }

    /// <summary>Stored under the news' own id, so a redelivery overwrites itself instead of doubling.</summary>
    private static RequestNotice Notice(RequestNews news, string audience, NoticeKind kind, NoticeWords words) =>
        new(news.Id, audience, kind, news.RequestId, news.IncidentId, news.District, words.ToMessage().ToString(), news.At, words);
}
