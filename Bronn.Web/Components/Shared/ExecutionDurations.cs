namespace Bronn.Web.Components.Shared;

public static class ExecutionDurations
{
    public static string Describe(Bronn.Core.Execution.Data.Execution execution) =>
        execution.FinishedAt is { } end && execution.StartedAt is { } start ? Describe(end - start) : "";

    public static string Describe(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1_000 => $"{duration.TotalMilliseconds:N0} ms",
        < 60_000 => $"{duration.TotalSeconds:0.0} s",
        _ => $"{(int)duration.TotalMinutes} min {duration.Seconds} s",
    };
}
