namespace Coordination.Infrastructure.Localization;

/// <summary>Western Indonesian Time (WIB, UTC+7), as Asia/Pontianak keeps it: the clock every date and time a person reads is in.</summary>
public static class Wib
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Pontianak");
}
