using Coordination.Districts;
using System.Text.Json.Serialization;
using JasperFx.Events;

namespace Coordination.Incidents;

public enum Hazard
{
    Flood,
    FlashFlood,
    Landslide,
    ForestFire,
    Haze,
    ExtremeWeather,
    Drought,
    Other
}

/// <summary>Indonesian practice: siaga darurat → tanggap darurat → transisi darurat ke pemulihan → closed.</summary>
public enum IncidentPhase
{
    Alert,
    Response,
    Recovery,
    Closed
}

public enum IncidentStatus
{
    Open,
    Closed
}

/// <summary>People affected or reached; the groups overlap and each is at most the total. A body names every group: one left out is no zero.</summary>
public sealed record AffectedPeople(
    [property: JsonRequired, Range(0, IncidentRules.MaxPeople)] int Total,
    [property: JsonRequired, Range(0, IncidentRules.MaxPeople)] int Children,
    [property: JsonRequired, Range(0, IncidentRules.MaxPeople)] int Elderly,
    [property: JsonRequired, Range(0, IncidentRules.MaxPeople)] int Disabled,
    [property: JsonRequired, Range(0, IncidentRules.MaxPeople)] int Pregnant)
{
    public static readonly AffectedPeople None = new(0, 0, 0, 0, 0);

    public static AffectedPeople operator +(AffectedPeople a, AffectedPeople b) =>
        new(a.Total + b.Total, a.Children + b.Children, a.Elderly + b.Elderly, a.Disabled + b.Disabled, a.Pregnant + b.Pregnant);
}

public sealed record EmergencyStatus(string Decree, DateOnly ValidUntil, DateOnly DeclaredOn);

public sealed record ActiveDeployment(Guid Id, string District, string TeamName);

/// <summary>
/// One incident, from its stream (inline snapshot, so reads and decisions see every accepted command at once):
/// reported in alert or response → response → recovery → closed, never backwards.
/// </summary>
public sealed record Incident(
    Guid Id,
    string District,
    Hazard Hazard,
    string Title,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReportedAt,
    IReadOnlyList<string> Villages,
    AffectedPeople Affected,
    IncidentPhase Phase,
    EmergencyStatus? Emergency,
    string? Summary,
    DateTimeOffset? ClosedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ActiveDeployment> ActiveDeployments)
{
    public long Version { get; set; }

    public IncidentStatus Status => Phase == IncidentPhase.Closed ? IncidentStatus.Closed : IncidentStatus.Open;

    public static Incident Create(IEvent<IncidentReported> e) =>
        new(e.Data.IncidentId, e.Data.District, e.Data.Hazard, e.Data.Title, e.Data.OccurredAt, e.Timestamp,
            e.Data.Villages, e.Data.Affected, e.Data.Phase, null, null, null, e.Timestamp, []);

    public Incident Apply(IEvent<IncidentAssessed> e) =>
        this with { Villages = e.Data.Villages, Affected = e.Data.Affected, UpdatedAt = e.Timestamp };

    public Incident Apply(IEvent<EmergencyStatusDeclared> e) =>
        this with
        {
            Emergency = new EmergencyStatus(e.Data.Decree, e.Data.ValidUntil, KalimantanBarat.DayOf(e.Timestamp)),
            UpdatedAt = e.Timestamp
        };

    public Incident Apply(IEvent<EmergencyStatusExtended> e) =>
        this with
        {
            Emergency = (Emergency ?? new EmergencyStatus(e.Data.Decree, e.Data.ValidUntil, KalimantanBarat.DayOf(e.Timestamp)))
                with { Decree = e.Data.Decree, ValidUntil = e.Data.ValidUntil },
            UpdatedAt = e.Timestamp
        };

    public Incident Apply(IEvent<IncidentPhaseChanged> e) => this with { Phase = e.Data.To, UpdatedAt = e.Timestamp };

    public Incident Apply(IEvent<IncidentClosed> e) =>
        this with { Phase = IncidentPhase.Closed, Summary = e.Data.Summary, ClosedAt = e.Timestamp, UpdatedAt = e.Timestamp };

    public Incident Apply(IncidentTeamDeployed e) =>
        this with { ActiveDeployments = [.. ActiveDeployments, new ActiveDeployment(e.DeploymentId, e.District, e.TeamName)] };

    public Incident Apply(IncidentTeamStoodDown e) =>
        this with { ActiveDeployments = ActiveDeployments.Where(d => d.Id != e.DeploymentId).ToList() };
}
