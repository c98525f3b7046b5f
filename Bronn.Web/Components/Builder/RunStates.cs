using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Scheduling;

namespace Bronn.Web.Components.Builder;

/// <summary>
/// Each node's state in a run, from what is stored: a stored step says succeeded, failed or skipped; a node the
/// scheduler would run next is running (waiting, for a parked delay or retry); the rest are queued. The same
/// scheduler as the engines decides "next", so the canvas never disagrees with them.
/// </summary>
public static class RunStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Waiting = "waiting";

    /// <param name="plan">The canvas's graph for the scheduler; null when the draft cannot be compiled (then nothing shows as running).</param>
    public static Dictionary<string, string> Compute(Bronn.Core.Execution.Data.Execution execution, IReadOnlyList<ExecutionStep> steps, IEnumerable<string> nodes, ExecutionPlan? plan)
    {
        var latest = steps.GroupBy(s => s.NodeId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Id).Last());
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        var finished = ExecutionStatus.IsFinished(execution.Status);
        var next = finished || execution.Status != ExecutionStatus.Running ? [] : Next(plan, steps);
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
            else
            {
                states[node] = execution.WaitingNodeId == node ? Waiting : next.Contains(node) ? Running : Queued;
            }
        }
        return states;
    }

    private static HashSet<string> Next(ExecutionPlan? plan, IReadOnlyList<ExecutionStep> steps)
    {
        if (plan is null)
        {
            return [];
        }
        // A node's activation is settled by its one step (node#0); per-item steps alone leave it in progress.
        var outcomes = steps.Where(s => s.Status != StepStatus.Failed && s.Key == Scheduler.KeyOf(s.NodeId) && plan.Nodes.ContainsKey(s.NodeId))
            .ToDictionary(s => s.NodeId, s => s.Status == StepStatus.Skipped
                ? NodeOutcome.Skipped(s.NodeId)
                : NodeOutcome.Succeeded(s.NodeId, Bronn.Core.Execution.ActivationItems.Counts(Bronn.Core.Execution.ActivationItems.Of(s))), StringComparer.Ordinal);
        if (!outcomes.ContainsKey(plan.Trigger))
        {
            return [];
        }
        return Scheduler.Decide(plan, outcomes, new HashSet<string>()).Run.Select(r => r.NodeId).ToHashSet(StringComparer.Ordinal);
    }
}
