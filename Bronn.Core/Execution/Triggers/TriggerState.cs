namespace Bronn.Core.Execution.Triggers;

/// <summary>A polling trigger's position (e.g. Gmail's historyId) and when it polls next. Survives republishing.</summary>
public sealed class TriggerCursor
{
    public Guid WorkflowId { get; set; }
    public required string Cursor { get; set; }
    public DateTimeOffset NextPollAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An event a polling trigger turned into an execution; its key (workflow + event) forbids a second one.</summary>
public sealed class TriggerEvent
{
    public Guid WorkflowId { get; set; }
    public required string EventKey { get; set; }
    public Guid ExecutionId { get; set; }
}
