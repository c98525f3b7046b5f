using Bronn.Core.Workflows.Definitions;
using Cronos;

namespace Bronn.Core.Execution.Triggers;

/// <summary>Cron in a time zone: five fields, or six with seconds first.</summary>
public static class CronSchedule
{
    public static CronExpression Parse(string cron) =>
        CronExpression.Parse(cron, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    public static bool TryParse(string cron, out CronExpression? expression)
    {
        try
        {
            expression = Parse(cron);
            return true;
        }
        catch (CronFormatException)
        {
            expression = null;
            return false;
        }
    }

    /// <summary>The shortest time between two fires, over the next <paramref name="samples"/> fires from a fixed date.</summary>
    public static TimeSpan ShortestGap(CronExpression expression, int samples = 200)
    {
        var shortest = TimeSpan.MaxValue;
        var from = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        DateTime? previous = null;
        foreach (var fire in expression.GetOccurrences(from, from.AddYears(2)).Take(samples))
        {
            if (previous is { } before && fire - before < shortest)
            {
                shortest = fire - before;
            }
            previous = fire;
        }
        return shortest;
    }

    /// <summary>The schedule trigger's time zone (validated on publish; UTC if it has since vanished from the system).</summary>
    public static TimeZoneInfo ZoneOf(NodeDefinition trigger) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(trigger.Parameter("timeZone")?.GetString() ?? "UTC", out var zone) ? zone : TimeZoneInfo.Utc;
}
