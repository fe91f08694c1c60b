namespace Coordination.Infrastructure.Telemetry;

public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>How far behind the newest event an async view may fall before /health/ready says Degraded.</summary>
    public double MaxViewLagSeconds { get; set; } = 30;

    /// <summary>How often the view lag and waiting notices are read from the database for the gauges.</summary>
    public double RefreshSeconds { get; set; } = 5;

    /// <summary>While the database fails, how often one line counts the failures not logged one by one (<see cref="OutageLogs"/>).</summary>
    public double OutageLogSeconds { get; set; } = 10;
}
