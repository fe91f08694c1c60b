using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using Wolverine.Http.Resources;

namespace Coordination.Infrastructure.Http;

/// <summary>The answer to a command on an existing stream: its version after the command, also sent as ETag.</summary>
public sealed record Versioned(long Version) : IHttpAware
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new WolverineProducesResponseTypeMetadata { Type = typeof(Versioned), StatusCode = 200 });
        builder.Metadata.Add(AnswerRecordedInTransaction.Instance);
    }

    public void Apply(HttpContext context)
    {
        IfMatch.WriteETag(context, Version);
        IdempotentCommand.Record(context, this);
    }
}

/// <summary>The answer to a create: 201 with Location, or 200 when the same create was already accepted.</summary>
public sealed record Created(Guid Id, long Version) : IHttpAware
{
    [JsonIgnore] public string Location { get; init; } = "";
    [JsonIgnore] public bool AlreadyExisted { get; init; }

    /// <summary>The event a create starts its stream with, kept to recognise a retry when the id turns out taken.</summary>
    [JsonIgnore] public object? Started { get; init; }

    public static Created At(string location, Guid id, long version, bool alreadyExisted = false) =>
        new(id, version) { Location = location, AlreadyExisted = alreadyExisted };

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.RemoveStatusCodeResponse(200);
        builder.Metadata.Add(new WolverineProducesResponseTypeMetadata { Type = typeof(Created), StatusCode = 201 });
        builder.Metadata.Add(new WolverineProducesResponseTypeMetadata { Type = typeof(Created), StatusCode = 200 });
        builder.Metadata.Add(AnswerRecordedInTransaction.Instance);
    }

    public void Apply(HttpContext context)
    {
        context.Response.StatusCode = AlreadyExisted ? StatusCodes.Status200OK : StatusCodes.Status201Created;
        context.Response.Headers.Location = Location;
        IfMatch.WriteETag(context, Version);
        if (Started is not null) context.Features.Set(this);
        IdempotentCommand.Record(context, this);
    }
}
