using System.Globalization;

namespace Coordination.Infrastructure.Json;

/// <summary>Figures as the views' sentences show them, the same in every culture.</summary>
public static class Words
{
    public static string Percent(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(ratio * 100):0}%");
}
