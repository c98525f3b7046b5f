namespace Bronn.Core.Execution.Data;

public static class ExecutionStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Waiting = "waiting";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Waiting, Succeeded, Failed, Cancelled];

    public static bool IsFinished(string status) => status is Succeeded or Failed or Cancelled;
}

/// <summary>One run of a published workflow version. Claimed by one engine process at a time through its lease.</summary>
public sealed class Execution
{
    public Guid Id { get; set; }
    public Guid WorkflowId { get; set; }
    public Guid WorkflowVersionId { get; set; }
    public Guid OwnerId { get; set; }
    public required string Status { get; set; }
    public required string TriggerType { get; set; }
    public required string TriggerData { get; set; }
    public string? Output { get; set; }
    public string? Error { get; set; }
    public string? FailedNodeId { get; set; }
    public bool CancelRequested { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>When a waiting execution (delay, retry backoff) may continue.</summary>
    public DateTimeOffset? ResumeAt { get; set; }
    /// <summary>The delay node whose durable timer <see cref="ResumeAt"/> is.</summary>
    public string? WaitingNodeId { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    /// <summary>
    /// How often in a row an engine holding this execution died (its lease lapsed) with no step finished in between;
    /// at Engine:MaxCrashes it fails.
    /// </summary>
    public int Crashes { get; set; }
    /// <summary>The newest step id when the last crash was counted: a newer one means the run made progress since.</summary>
    public long ProgressAtLastCrash { get; set; }
    /// <summary>The run that started this one: the failed run an error workflow reports on.</summary>
    public Guid? ParentExecutionId { get; set; }
    /// <summary>The scheduler rules this run was started under (Scheduling.Scheduler.Version): a later change never alters it.</summary>
    public int SchedulerVersion { get; set; } = Scheduling.Scheduler.Version;

    /// <summary>The W3C traceparent every run of this execution traces under (one trace per execution).</summary>
    public string? TraceParent { get; set; }
}

public static class StepStatus
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

/// <summary>A node's attempt within an execution: persisted when it completes, and never run again once it succeeded.</summary>
public sealed class ExecutionStep
{
    public long Id { get; set; }
    public Guid ExecutionId { get; set; }
    public required string NodeId { get; set; }
    /// <summary>
    /// Which step this is: the node and its activation ("check#0"), and for a per-item step the item ("send#0/3").
    /// At most one step per key succeeds, so a resume or replay never runs a completed one again.
    /// </summary>
    public required string Key { get; set; }
    public required string NodeType { get; set; }
    public required string Status { get; set; }
    public int Attempt { get; set; }
    public string? Input { get; set; }
    public string? Output { get; set; }
    /// <summary>
    /// Every item the step emitted, as [{"port", "json"}], when that is not exactly one (then it is <see cref="Output"/> on
    /// <see cref="Port"/>). <see cref="Output"/> is always the first item, so steps.&lt;id&gt;.output keeps working.
    /// </summary>
    public string? Items { get; set; }
    /// <summary>The output port taken (if: true/false), which decides the branch.</summary>
    public string? Port { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
}
