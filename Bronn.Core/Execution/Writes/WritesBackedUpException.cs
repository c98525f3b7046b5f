namespace Bronn.Core.Execution.Writes;

/// <summary>
/// More new executions wait to be written than Engine:MaxPendingWrites allows: the caller should try again shortly
/// (answered 503 with Retry-After) rather than the backlog growing without bound in memory.
/// </summary>
public sealed class WritesBackedUpException(int limit)
    : Exception($"Bronn is busy: {limit} runs are waiting to be stored (Engine:MaxPendingWrites). Nothing was started; try again in a moment.")
{
    public const int RetryAfterSeconds = 1;
}
