using Bronn.Core.Execution.Data;

namespace Bronn.Web.Components.Builder;

/// <summary>
/// Each node's state in a run, from what is stored: a stored step says succeeded, failed or skipped; a node whose
/// upstream step led to it and has no step yet is running (waiting, for a parked delay or retry); the rest are queued.
/// </summary>
public static class RunStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Waiting = "waiting";

    public sealed record Edge(string From, string Port, string To);

    public static Dictionary<string, string> Compute(Bronn.Core.Execution.Data.Execution execution, IReadOnlyList<ExecutionStep> steps, IEnumerable<string> nodes, IReadOnlyList<Edge> edges)
    {
        var latest = steps.GroupBy(s => s.NodeId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Id).Last());
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        var finished = ExecutionStatus.IsFinished(execution.Status);
        foreach (var node in nodes)
        {
            if (latest.TryGetValue(node, out var step))
            {
                // A failed attempt that will be retried is still this node's turn.
                states[node] = step.Status == StepStatus.Failed && !finished ? Waiting : step.Status;
            }
            else if (finished)
            {
                continue; // never reached (the run stopped or was cancelled before it)
            }
            else if (execution.WaitingNodeId == node)
            {
                states[node] = Waiting;
            }
            else
            {
                var reached = edges.Any(e => e.To == node && latest.TryGetValue(e.From, out var from) && from.Status == StepStatus.Succeeded && from.Port == e.Port);
                states[node] = reached && execution.Status == ExecutionStatus.Running ? Running : Queued;
            }
        }
        return states;
    }
}
