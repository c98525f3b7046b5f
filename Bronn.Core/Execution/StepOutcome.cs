namespace Bronn.Core.Execution;

/// <summary>
/// How one node's step ended: its status, the port it left by (Stop: a filter of the days before items ended the run
/// there; kept so that histories of that time replay), and Cancelled: the run was cancelled before this node ran.
/// </summary>
public sealed record StepOutcome(string Status, string? Port, bool Stop, bool Cancelled = false)
{
    /// <summary>How many items the node emitted on each port; absent in histories from before items (then one, on Port).</summary>
    public IReadOnlyDictionary<string, int>? ItemsByPort { get; init; }

    /// <summary>The node waits for this called run (workflow.execute): the interpreter runs it as a child workflow, then the node again.</summary>
    public Guid? AwaitsExecution { get; init; }

    public Scheduling.NodeOutcome ToOutcome(string nodeId) => Status != Data.StepStatus.Succeeded
        ? Scheduling.NodeOutcome.Skipped(nodeId)
        : Scheduling.NodeOutcome.Succeeded(nodeId, ItemsByPort ?? new Dictionary<string, int> { [Port ?? "main"] = 1 });
}
