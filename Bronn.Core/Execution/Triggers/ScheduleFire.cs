namespace Bronn.Core.Execution.Triggers;

/// <summary>A schedule's fire time that has been turned into an execution. Its key makes each fire happen once.</summary>
public sealed class ScheduleFire
{
    public Guid WorkflowId { get; set; }
    public DateTimeOffset FireTime { get; set; }
    public Guid ExecutionId { get; set; }
}
