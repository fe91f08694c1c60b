using Marten;

namespace Coordination.Inbox;

/// <summary>A notice waiting for a district officer (audience = district code) or for the coordinators (audience = province).</summary>
public sealed record InboxItem(
    Guid Id,
    string Audience,
    NoticeKind Kind,
    Guid RequestId,
    Guid IncidentId,
    string District,
    string Text,
    DateTimeOffset At);

public static class RequestNoticeHandler
{
    /// <summary>Stored under the notice's own id, so a redelivered notice overwrites itself instead of doubling.</summary>
    public static void Handle(RequestNotice notice, IDocumentSession session) =>
        session.Store(new InboxItem(notice.NoticeId, notice.Audience, notice.Kind, notice.RequestId, notice.IncidentId,
            notice.District, notice.Text, notice.At));
}
