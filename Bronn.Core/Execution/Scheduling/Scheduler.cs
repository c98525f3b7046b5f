namespace Bronn.Core.Execution.Scheduling;

/// <summary>
/// Decides what runs next from the plan and the recorded outcomes only: no database, no clock, no Temporal. Every
/// driver (the embedded runner, the Temporal workflow) asks it after each recorded outcome, so both walk a workflow
/// the same way, and a resume or replay from the same records decides the same thing.
/// <list type="bullet">
/// <item>A node is ready once every node it has an incoming edge from is settled (succeeded, skipped or failed), and
/// every earlier node whose results its expressions read (<see cref="ExecutionPlan.After"/>).</item>
/// <item>Its input is the items those edges delivered, in edge order; a node that receives no item is skipped (and so,
/// in the same decision, is everything downstream that receives nothing else).</item>
/// <item>A recorded failure ends the run as failed; nothing new starts.</item>
/// <item>When every node is settled and nothing is running, the run succeeded.</item>
/// </list>
/// </summary>
public static class Scheduler
{
    /// <summary>Pinned on each execution, so a later change of these rules never alters a run in flight.</summary>
    public const int Version = 1;

    public static string KeyOf(string nodeId) => $"{nodeId}#0";

    /// <param name="running">Nodes a driver has started and not yet recorded: they are not offered again.</param>
    public static SchedulerDecision Decide(ExecutionPlan plan, IReadOnlyDictionary<string, NodeOutcome> outcomes, IReadOnlySet<string> running)
    {
        if (outcomes.Values.FirstOrDefault(o => o.Kind == OutcomeKind.Failed) is { } failed)
        {
            return new([], [], new RunEnd(false, failed.NodeId, failed.Error));
        }
        if (!outcomes.ContainsKey(plan.Trigger))
        {
            throw new InvalidOperationException("The trigger's outcome is recorded with the execution; it is missing.");
        }
        var settled = new Dictionary<string, NodeOutcome>(outcomes, StringComparer.Ordinal);
        var run = new List<Activation>();
        var skip = new List<string>();
        foreach (var id in plan.Order)
        {
            if (settled.ContainsKey(id) || running.Contains(id))
            {
                continue;
            }
            var incoming = plan.Incoming[id];
            if (!incoming.All(e => settled.ContainsKey(e.From)) || !plan.After[id].All(settled.ContainsKey))
            {
                continue;
            }
            var inputs = incoming.Select(e => new EdgeInput(e.Index, e.From, e.FromPort, settled[e.From].ItemsOn(e.FromPort))).Where(i => i.Count > 0).ToList();
            if (inputs.Count == 0)
            {
                settled[id] = NodeOutcome.Skipped(id);
                skip.Add(id);
            }
            else
            {
                run.Add(new Activation(id, KeyOf(id), inputs));
            }
        }
        var done = run.Count == 0 && running.Count == 0 && settled.Count == plan.Nodes.Count;
        return new(run, skip, done ? new RunEnd(true) : null);
    }
}

/// <summary>For drivers that run one node at a time (both do today): what to do next, in plan order.</summary>
public static class SequentialWalk
{
    /// <summary>
    /// The first node in plan order that the decision runs or skips: the same sequence a walk of the plan in order
    /// takes, so step records and Temporal histories keep the order they always had.
    /// </summary>
    /// <param name="order">The plan's order (as the driver holds it).</param>
    public static (string NodeId, bool Skip)? Next(IReadOnlyList<string> order, SchedulerDecision decision)
    {
        if (decision.Run.Count == 0 && decision.Skip.Count == 0)
        {
            return null;
        }
        var run = decision.Run.Select(r => r.NodeId).ToHashSet(StringComparer.Ordinal);
        var skip = decision.Skip.ToHashSet(StringComparer.Ordinal);
        var next = order.First(id => run.Contains(id) || skip.Contains(id));
        return (next, skip.Contains(next));
    }
}
