namespace Bronn.Core.Execution.Scheduling;

public enum OutcomeKind { Succeeded, Skipped, Failed }

/// <summary>
/// What one activation of a node ended with, as recorded by a driver: how many items it emitted on each output port
/// (not the items: those stay in the step records), or the failure that ends the run.
/// </summary>
public sealed record NodeOutcome(string NodeId, OutcomeKind Kind, IReadOnlyDictionary<string, int> ItemsByPort, string? Error = null)
{
    public static NodeOutcome Succeeded(string nodeId, IReadOnlyDictionary<string, int> itemsByPort) => new(nodeId, OutcomeKind.Succeeded, itemsByPort);

    public static NodeOutcome Succeeded(string nodeId, string port, int items) => new(nodeId, OutcomeKind.Succeeded, new Dictionary<string, int> { [port] = items });

    public static NodeOutcome Skipped(string nodeId) => new(nodeId, OutcomeKind.Skipped, new Dictionary<string, int>());

    public static NodeOutcome Failed(string nodeId, string error) => new(nodeId, OutcomeKind.Failed, new Dictionary<string, int>(), error);

    public int ItemsOn(string port) => Kind == OutcomeKind.Succeeded && ItemsByPort.TryGetValue(port, out var count) ? count : 0;
}

/// <summary>The items one incoming edge delivers to an activation: items 0..Count-1 of From's port.</summary>
public sealed record EdgeInput(int EdgeIndex, string From, string Port, int Count);

/// <summary>A node to run now, with the items that reach it (grouped by incoming edge, in edge order).</summary>
public sealed record Activation(string NodeId, string Key, IReadOnlyList<EdgeInput> Inputs)
{
    public int ItemCount => Inputs.Sum(i => i.Count);
}

/// <summary>How the run ended: succeeded, or failed at a node with its error.</summary>
public sealed record RunEnd(bool Succeeded, string? FailedNodeId = null, string? Error = null);

/// <summary>
/// The scheduler's answer: nodes to run now (a driver may run them at the same time), nodes to record as skipped
/// (their inputs delivered nothing), and, once nothing more can run, how the run ended.
/// </summary>
public sealed record SchedulerDecision(IReadOnlyList<Activation> Run, IReadOnlyList<string> Skip, RunEnd? End)
{
    public bool IsIdle => Run.Count == 0 && Skip.Count == 0 && End is null;
}
