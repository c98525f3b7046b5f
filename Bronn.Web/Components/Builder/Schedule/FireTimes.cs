using Bronn.Core.Execution.Triggers;

namespace Bronn.Web.Components.Builder.Schedule;

/// <summary>When a schedule fires next, in its own time zone, as the engine computes it.</summary>
public static class FireTimes
{
    public static IReadOnlyList<DateTimeOffset> Next(string? cron, string? timeZone, DateTimeOffset from, int count = 5)
    {
        if (string.IsNullOrWhiteSpace(cron) || !CronSchedule.TryParse(cron, out var expression)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone, out var zone))
        {
            return [];
        }
        var fires = new List<DateTimeOffset>();
        for (var at = from; fires.Count < count && expression!.GetNextOccurrence(at, zone) is { } next; at = next)
        {
            fires.Add(next);
        }
        return fires;
    }
}
