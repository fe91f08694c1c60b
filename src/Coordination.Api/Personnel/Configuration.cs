using JasperFx.Events.Projections;

namespace Coordination.Personnel;

public sealed class PersonnelStore : Infrastructure.Hosting.IStoreFeature
{
    public void Configure(StoreOptions options)
    {
        options.Projections.Snapshot<Person>(SnapshotLifecycle.Inline);
        options.Schema.For<Person>().Duplicate(x => x.District);
    }
}
