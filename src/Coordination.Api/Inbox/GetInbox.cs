using Coordination.Districts;

namespace Coordination.Inbox;

public static class InboxQuery
{
    public static async Task<IReadOnlyList<RequestNotice>> For(IQuerySession session, string audience, int? limit, int? offset, CancellationToken cancellation)
    {
        var paging = Infrastructure.Http.Paging.From(limit, offset, new Validation());
        var notices = await session.Query<RequestNotice>().Where(i => i.Audience == audience)
            .OrderByDescending(i => i.At).ThenByDescending(i => i.Id)
            .Skip(paging.Offset).Take(paging.Limit).ToListAsync(cancellation);
        return [.. notices.Select(n => n.ForReader())];
    }

    public static ProblemDetails CheckPaging(int? limit, int? offset)
    {
        var v = new Validation();
        Infrastructure.Http.Paging.From(limit, offset, v);
        return v.ToProblem();
    }
}

public static class GetDistrictInboxEndpoint
{
    public static ProblemDetails Validate(string code, ClaimsPrincipal user, int? limit, int? offset)
    {
        if (!KalimantanBarat.Exists(code)) return Problems.UnknownDistrict(code);
        if (user.IsInRole(Roles.District) && user.District() != code)
            return Problems.Forbidden(new Message("inbox-other-district", KalimantanBarat.Named(code), user.ActsFor()));
        return InboxQuery.CheckPaging(limit, offset);
    }

    /// <summary>New requests addressed to the district, cancellations of its requests and the close of each incident it works on, newest first.</summary>
    [WolverineGet("/api/districts/{code}/inbox", OperationId = "GetDistrictInbox"), Tags("Inbox")]
    public static Task<IReadOnlyList<RequestNotice>> Get(string code, int? limit, int? offset, IQuerySession session, CancellationToken cancellation) =>
        InboxQuery.For(session, code, limit, offset, cancellation);
}

public static class GetProvinceInboxEndpoint
{
    public static ProblemDetails Validate(int? limit, int? offset) => InboxQuery.CheckPaging(limit, offset);

    /// <summary>The districts' answers to the coordinators' requests, the requests cancelled and the incidents closed, newest first.</summary>
    [Authorize(Roles = $"{Roles.Coordinator},{Roles.Admin},{Roles.Analyst}")]
    [WolverineGet("/api/inbox", OperationId = "GetProvinceInbox"), Tags("Inbox")]
    public static Task<IReadOnlyList<RequestNotice>> Get(int? limit, int? offset, IQuerySession session, CancellationToken cancellation) =>
        InboxQuery.For(session, Notices.Province, limit, offset, cancellation);
}
