using Bronn.Core.Execution.Scheduling;

namespace Bronn.Scheduler.Tests;

/// <summary>Small plans written as text: "trigger>a, a.true>b" (node ids; ports after a dot, main by default).</summary>
internal static class Plans
{
    public static ExecutionPlan Parse(string edges, params string[] allItemsNodes)
    {
        var parsed = edges.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(e =>
        {
            var (from, to) = (e.Split('>')[0], e.Split('>')[1]);
            var port = from.Contains('.') ? from.Split('.')[1] : "main";
            return (From: from.Split('.')[0], Port: port, To: to);
        }).ToList();
        var ids = parsed.SelectMany(e => new[] { e.From, e.To }).Prepend("trigger").Distinct().ToList();
        var nodes = ids.Select(id => new PlanNode(id, id == "trigger", allItemsNodes.Contains(id) ? ItemMode.AllItems : ItemMode.EachItem,
            parsed.Where(e => e.From == id).Select(e => e.Port).Distinct().DefaultIfEmpty("main").ToList()));
        return new ExecutionPlan(nodes, parsed.Select(e => (e.From, e.Port, e.To)));
    }

    public static Dictionary<string, NodeOutcome> Started() => new() { ["trigger"] = NodeOutcome.Succeeded("trigger", "main", 1) };
}
