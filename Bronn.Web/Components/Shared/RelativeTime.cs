namespace Bronn.Web.Components.Shared;

/// <summary>"in 54 min", "3 h ago": times people read at a glance, with the exact time in a tooltip.</summary>
public static class RelativeTime
{
    public static string Describe(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } time)
        {
            return "never";
        }
        var delta = time - now;
        var span = delta.Duration();
        var amount = span.TotalMinutes < 1 ? "less than a minute"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
            : span.TotalDays < 2 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} days";
        return delta >= TimeSpan.Zero ? $"in {amount}" : $"{amount} ago";
    }

    public static string Exact(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'") ?? "";
}
