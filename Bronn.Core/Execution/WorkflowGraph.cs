using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Execution;

/// <summary>A published definition as the runner walks it: nodes in dependency order and their incoming edges.</summary>
public sealed class WorkflowGraph
{
    public WorkflowGraph(WorkflowDefinition definition, NodeCatalog catalog)
    {
        Nodes = (definition.Nodes ?? []).ToDictionary(n => n.Id!, StringComparer.Ordinal);
        Trigger = Nodes.Values.First(n => catalog.Find(n.Type)?.IsTrigger == true);
        Incoming = Nodes.Keys.ToDictionary(id => id, _ => new List<(string From, string Port)>(), StringComparer.Ordinal);
        foreach (var edge in definition.Edges ?? [])
        {
            var port = edge.FromPort ?? catalog.Find(Nodes[edge.From!].Type)?.OutputsOf(Nodes[edge.From!]).FirstOrDefault() ?? "main";
            Incoming[edge.To!].Add((edge.From!, port));
        }
        Order = TopologicalOrder();
        Plan = Scheduling.PlanCompiler.Compile(definition, catalog);
    }

    /// <summary>The same graph as the scheduler sees it.</summary>
    public Scheduling.ExecutionPlan Plan { get; }

    public IReadOnlyDictionary<string, NodeDefinition> Nodes { get; }
    public NodeDefinition Trigger { get; }
    public IReadOnlyDictionary<string, List<(string From, string Port)>> Incoming { get; }
    public IReadOnlyList<string> Order { get; }

    private List<string> TopologicalOrder()
    {
        var remaining = Incoming.ToDictionary(i => i.Key, i => i.Value.Select(e => e.From).Distinct().Count());
        var ready = new Queue<string>(Nodes.Keys.Where(id => remaining[id] == 0).OrderBy(id => id == Trigger.Id ? 0 : 1));
        var order = new List<string>();
        while (ready.TryDequeue(out var id))
        {
            order.Add(id);
            foreach (var next in Incoming.Where(i => i.Value.Any(e => e.From == id)).Select(i => i.Key))
            {
                if (--remaining[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }
        return order;
    }
}
