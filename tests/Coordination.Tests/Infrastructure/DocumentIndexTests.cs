using Coordination.Incidents;
using Coordination.Tests.Support;
using JasperFx;
using Marten;
using Weasel.Core;

namespace Coordination.Tests.Infrastructure;

/// <summary>The views' documents are found by columns that Marten keeps beside the JSON, not by expressions over it.</summary>
public class DocumentIndexTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task no_index_of_a_document_reads_its_json()
    {
        // An index over the JSON (data ->> 'district') changes with every write of the document, so PostgreSQL writes a new
        // entry in each index for every command that updates the incident or the deployment, and cannot keep the new version
        // on its page (HOT). A timestamp read from the JSON also runs a SQL function on every write.
        var indexes = await IndexesAsync(Fixture.ConnectionString);
        Assert.Contains(indexes, i => i.Contains("mt_doc_incident") && i.Contains("(district)"));
        Assert.Contains(indexes, i => i.Contains("mt_doc_deployment") && i.Contains("(incident_id)"));
        Assert.DoesNotContain(indexes, i => i.Contains("data"));
    }

    [Fact]
    public async Task documents_stored_before_their_fields_had_columns_are_found_by_them_after_the_upgrade()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync();
        var reportedAt = new DateTimeOffset(2026, 11, 20, 0, 30, 0, TimeSpan.Zero);
        var earlier = new Incident(Guid.NewGuid(), "61.05", Hazard.Flood, "Banjir Sintang", reportedAt.AddHours(-5), reportedAt,
            ["Tanjung Puri"], AffectedPeople.None, IncidentPhase.Response, null, null, null, reportedAt, []);

        // the store as the version before this one shaped it: indexes over the JSON, no columns
        var before = new StoreOptions();
        before.Connection(connectionString);
        before.DatabaseSchemaName = Coordination.Infrastructure.Hosting.EventStore.Schema;
        before.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        before.Schema.For<Incident>().Index(x => x.District).Index(x => x.ReportedAt);
        await using (var old = new DocumentStore(before))
        {
            await using var session = old.LightweightSession();
            session.Store(earlier);
            await session.SaveChangesAsync();
        }

        await using var upgraded = new DocumentStore(Coordination.Infrastructure.Hosting.EventStore.Options(connectionString));
        await upgraded.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var query = upgraded.QuerySession();
        var found = await query.Query<Incident>().Where(i => i.District == "61.05" && i.ReportedAt >= reportedAt).ToListAsync();
        Assert.Equal(earlier.Id, Assert.Single(found).Id);
        Assert.DoesNotContain(await IndexesAsync(connectionString), i => i.Contains("data"));
    }

    private static async Task<List<string>> IndexesAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"select indexdef from pg_indexes where schemaname = '{Coordination.Infrastructure.Hosting.EventStore.Schema}' and tablename like 'mt_doc_%'", connection);
        var indexes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) indexes.Add(reader.GetString(0));
        return indexes;
    }
}
