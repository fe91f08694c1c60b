using JasperFx.Events.Projections;

namespace Coordination.Personnel;

public static class PersonnelConfiguration
{
    public static void AddPersonnel(this StoreOptions options)
    {
        options.Projections.Snapshot<Person>(SnapshotLifecycle.Inline);
        options.Schema.For<Person>().Index(x => x.District);
    }
}
