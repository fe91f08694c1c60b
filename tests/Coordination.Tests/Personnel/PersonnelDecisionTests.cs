using Coordination.Drills;
using Coordination.Personnel;
using Coordination.Tests.Support;

namespace Coordination.Tests.Personnel;

public class PersonnelDecisionTests
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-0000000000c1");
    private static readonly PersonnelRegistered Registered = new(Id, "61.05", "Dewi", PersonnelRole.Counselor, ["psychological-first-aid"]);

    [Fact]
    public void a_registered_person_is_available_until_set_otherwise()
    {
        Assert.Equal(PersonnelStatus.Available, Given.Fold<Person>(Registered).Status);
        var sick = Given.Fold<Person>(Registered, new AvailabilitySet(Id, "61.05", false, "sakit"));
        Assert.Equal(PersonnelStatus.Unavailable, sick.Status);
        Assert.Equal("sakit", sick.UnavailableReason);
    }

    [Fact]
    public void deployed_status_follows_the_assignment_until_release()
    {
        var deployment = Guid.NewGuid();
        Assert.Equal(PersonnelStatus.Deployed, Given.Fold<Person>(Registered, new PersonnelAssigned(Id, "61.05", deployment, Guid.NewGuid())).Status);
        Assert.Equal(PersonnelStatus.Available,
            Given.Fold<Person>(Registered, new PersonnelAssigned(Id, "61.05", deployment, Guid.NewGuid()), new PersonnelReleased(Id, "61.05", deployment)).Status);
    }

    [Fact]
    public void someone_who_fell_ill_while_deployed_is_unavailable_after_stand_down()
    {
        var deployment = Guid.NewGuid();
        var person = Given.Fold<Person>(Registered, new PersonnelAssigned(Id, "61.05", deployment, Guid.NewGuid()), new AvailabilitySet(Id, "61.05", false, "sakit"),
            new PersonnelReleased(Id, "61.05", deployment));
        Assert.Equal(PersonnelStatus.Unavailable, person.Status);
    }

    [Fact]
    public void setting_the_same_availability_again_changes_nothing()
    {
        Assert.Empty(SetAvailabilityEndpoint.Decide(new SetAvailability(true, null), Given.Fold<Person>(Registered), Given.Admin).Events);
        SetAvailabilityEndpoint.Decide(new SetAvailability(false, "cuti"), Given.Fold<Person>(Registered), Given.Admin)
            .ShouldAppend(new AvailabilitySet(Id, "61.05", false, "cuti"));
    }

    [Fact]
    public void unavailability_needs_a_reason() => Assert.False(new SetAvailability(false, " ").Check().IsValid);

    [Fact]
    public void a_training_is_recorded_once()
    {
        var command = new RecordTraining("Dukungan Psikososial Awal", new DateOnly(2026, 3, 1), new DateOnly(2028, 3, 1));
        RecordTrainingEndpoint.Decide(command, Given.Fold<Person>(Registered), Given.Admin, Given.Clock)
            .ShouldAppend(new TrainingCompleted(Id, "61.05", "Dukungan Psikososial Awal", new DateOnly(2026, 3, 1), new DateOnly(2028, 3, 1)));
        var trained = Given.Fold<Person>(Registered, new TrainingCompleted(Id, "61.05", "Dukungan Psikososial Awal", new DateOnly(2026, 3, 1), new DateOnly(2028, 3, 1)));
        Assert.Empty(RecordTrainingEndpoint.Decide(command, trained, Given.Admin, Given.Clock).Events);
    }

    [Fact]
    public void a_training_cannot_expire_before_it_was_completed_or_be_completed_in_the_future()
    {
        var today = new DateOnly(2026, 11, 28);
        Assert.False(new RecordTraining("PFA", new DateOnly(2026, 3, 1), new DateOnly(2026, 2, 1)).Check(today).IsValid);
        Assert.False(new RecordTraining("PFA", new DateOnly(2026, 12, 1), null).Check(today).IsValid);
        Assert.True(new RecordTraining("PFA", new DateOnly(2026, 3, 1), null).Check(today).IsValid);
    }

    [Fact]
    public void known_skills_are_normalised_and_free_text_kept()
    {
        Assert.Equal(["psychological-first-aid", "Bahasa Dayak"], Skills.Normalize(["Psychological-First-Aid", " Bahasa Dayak ", "psychological-first-aid"]));
    }

    [Fact]
    public void drill_participants_must_be_the_districts_own_personnel()
    {
        var own = Given.Fold<Person>(Registered);
        var melawi = Given.Fold<Person>(Registered with { PersonId = Guid.NewGuid(), District = "61.10", Name = "Yohanes" });
        var unknown = Guid.NewGuid();
        var people = new Dictionary<Guid, Person> { [own.Id] = own, [melawi.Id] = melawi };

        Assert.True(RecordDrillEndpoint.Participants("61.05", [own.Id], people).IsValid);
        var problem = RecordDrillEndpoint.Participants("61.05", [own.Id, melawi.Id, unknown], people).ToProblem();
        Assert.Contains("Yohanes", problem.Detail);
        Assert.Contains("61.10", problem.Detail);
        Assert.Contains(unknown.ToString(), problem.Detail);
    }

    [Fact]
    public void a_training_finished_today_in_wib_is_not_in_the_future_in_the_first_hours_of_the_day()
    {
        // 01:30 WIB on 28 November is still 27 November in UTC
        var earlyMorning = Given.ClockAt(new DateTimeOffset(2026, 11, 27, 18, 30, 0, TimeSpan.Zero));
        RecordTrainingEndpoint.Decide(new RecordTraining("PFA", new DateOnly(2026, 11, 28), null), Given.Fold<Person>(Registered), Given.Admin, earlyMorning)
            .ShouldAppend(new TrainingCompleted(Registered.PersonId, Registered.District, "PFA", new DateOnly(2026, 11, 28), null));
        RecordTrainingEndpoint.Decide(new RecordTraining("PFA", new DateOnly(2026, 11, 29), null), Given.Fold<Person>(Registered), Given.Admin, earlyMorning)
            .ShouldRefuse(Coordination.Infrastructure.EventSourcing.Verdict.Invalid);
    }
}
