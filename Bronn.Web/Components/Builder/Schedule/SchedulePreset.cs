using System.Globalization;
using System.Text.RegularExpressions;

namespace Bronn.Web.Components.Builder.Schedule;

/// <summary>
/// The schedules people mean most often, as a form over the cron expression that is stored: every N minutes, every hour
/// at a minute, every day or every weekday at a time. Any other expression is "custom" and edited as cron.
/// </summary>
public sealed partial record SchedulePreset(string Kind, int Minutes = 15, int Hour = 9, int Minute = 0)
{
    public const string EveryMinutes = "every_minutes";
    public const string Hourly = "hourly";
    public const string Daily = "daily";
    public const string Weekdays = "weekdays";
    public const string Custom = "custom";

    public static readonly IReadOnlyList<(string Kind, string Label)> Kinds =
        [(EveryMinutes, "Every N minutes"), (Hourly, "Every hour"), (Daily, "Every day"), (Weekdays, "Every weekday (Mon-Fri)"), (Custom, "Custom (cron)")];

    /// <summary>The preset an expression is, or <see cref="Custom"/>.</summary>
    public static SchedulePreset Of(string? cron)
    {
        var text = Regex.Replace(cron?.Trim() ?? "", @"\s+", " ");
        if (text == "* * * * *")
        {
            return new(EveryMinutes, Minutes: 1);
        }
        if (EveryMinutesPattern().Match(text) is { Success: true } every && Number(every, 1) is >= 1 and <= 59 and var n)
        {
            return new(EveryMinutes, Minutes: n);
        }
        if (HourlyPattern().Match(text) is { Success: true } hourly && Number(hourly, 1) is >= 0 and <= 59 and var m)
        {
            return new(Hourly, Minute: m);
        }
        if (AtTimePattern().Match(text) is { Success: true } at && Number(at, 1) is >= 0 and <= 59 and var minute && Number(at, 2) is >= 0 and <= 23 and var hour)
        {
            return at.Groups[3].Value == "*" ? new(Daily, Hour: hour, Minute: minute) : new(Weekdays, Hour: hour, Minute: minute);
        }
        return new(Custom);
    }

    /// <summary>The cron expression this preset stands for (null for <see cref="Custom"/>: the expression is typed).</summary>
    public string? ToCron() => Kind switch
    {
        EveryMinutes => Minutes == 1 ? "* * * * *" : $"*/{Minutes} * * * *",
        Hourly => $"{Minute} * * * *",
        Daily => $"{Minute} {Hour} * * *",
        Weekdays => $"{Minute} {Hour} * * 1-5",
        _ => null,
    };

    public string Time => $"{Hour:00}:{Minute:00}";

    /// <summary>"09:30" or "9:30" to hour and minute; null when it is not a time of day.</summary>
    public static (int Hour, int Minute)? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? (time.Hour, time.Minute) : null;

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\*/(\d{1,2}) \* \* \* \*$")]
    private static partial Regex EveryMinutesPattern();

    [GeneratedRegex(@"^(\d{1,2}) \* \* \* \*$")]
    private static partial Regex HourlyPattern();

    [GeneratedRegex(@"^(\d{1,2}) (\d{1,2}) \* \* (\*|1-5)$")]
    private static partial Regex AtTimePattern();
}
