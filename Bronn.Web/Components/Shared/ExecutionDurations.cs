using Bronn.Core.Execution.Data;

namespace Bronn.Web.Components.Shared;

public static class ExecutionDurations
{
    public static string Describe(Bronn.Core.Execution.Data.Execution execution) =>
        execution.FinishedAt is { } end && execution.StartedAt is { } start ? Describe(end - start) : "";

    /// <summary>
    /// How long the run took, without the time it spent waiting to try a failed step again (a back-off, or until someone
    /// retried it): "took 1.2 s (plus 4.0 s waiting to retry)".
    /// </summary>
    public static string Describe(Bronn.Core.Execution.Data.Execution execution, IReadOnlyList<ExecutionStep> steps)
    {
        if (execution.FinishedAt is not { } end || execution.StartedAt is not { } start)
        {
            return "";
        }
        var waiting = RetryWaits(steps);
        var working = end - start - waiting;
        return waiting > TimeSpan.Zero && working >= TimeSpan.Zero
            ? $"{Describe(working)} (plus {Describe(waiting)} waiting to retry)"
            : Describe(end - start);
    }

    /// <summary>The gaps between a failed attempt of a step and its next attempt.</summary>
    public static TimeSpan RetryWaits(IEnumerable<ExecutionStep> steps) => steps
        .GroupBy(s => s.Key, StringComparer.Ordinal)
        .SelectMany(attempts =>
        {
            var ordered = attempts.OrderBy(s => s.Attempt).ThenBy(s => s.StartedAt).ToList();
            return ordered.Zip(ordered.Skip(1), (failed, next) => failed.Status == StepStatus.Failed && next.StartedAt > failed.FinishedAt
                ? next.StartedAt - failed.FinishedAt : TimeSpan.Zero);
        })
        .Aggregate(TimeSpan.Zero, (total, gap) => total + gap);

    public static string Describe(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1_000 => $"{duration.TotalMilliseconds:N0} ms",
        < 60_000 => $"{duration.TotalSeconds:0.0} s",
        _ => $"{(int)duration.TotalMinutes} min {duration.Seconds} s",
    };
}
