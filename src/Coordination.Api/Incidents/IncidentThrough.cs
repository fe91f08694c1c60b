using Marten.Services.BatchQuerying;

namespace Coordination.Incidents;

/// <summary>
/// An incident reached through the document of another stream that names it in a duplicated <c>incident_id</c> column
/// (a request, a deployment): a command that writes that stream finds, locks and reads the incident in the same round trip
/// as the stream itself. The column is the document's; its feature duplicates it.
/// </summary>
public static class IncidentThrough
{
    /// <summary>The incident's id as a subquery on the row of <typeparamref name="T"/> whose id is the one parameter.</summary>
    public static string IdOf<T>(IDocumentSession session) =>
        $"(select x.incident_id from {session.DocumentStore.Options.Schema.For<T>()} as x where x.id = ?)";

    /// <summary>Locks the incident's stream until the transaction ends (the statement's rows are not read).</summary>
    public static Task<IReadOnlyList<string>> LockIncidentOf<T>(this IBatchedQuery batch, IDocumentSession session, Guid id) =>
        batch.Query<string>($"select s.id::text from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams as s " +
                            $"where s.id = {IdOf<T>(session)} for update of s", id);

    /// <summary>The incident as its inline view holds it, none when no row of <typeparamref name="T"/> has the id.</summary>
    public static Task<IReadOnlyList<Incident>> IncidentOf<T>(this IBatchedQuery batch, IDocumentSession session, Guid id) =>
        batch.Query<Incident>($"select i.data from {session.DocumentStore.Options.Schema.For<Incident>()} as i where i.id = {IdOf<T>(session)}", id);
}
