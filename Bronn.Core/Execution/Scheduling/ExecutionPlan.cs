namespace Bronn.Core.Execution.Scheduling;

/// <summary>How a node consumes the items that reach it.</summary>
public enum ItemMode
{
    /// <summary>Once per incoming item (almost every node).</summary>
    EachItem,
    /// <summary>Once with all incoming items (aggregate, merge).</summary>
    AllItems,
}

public sealed record PlanNode(string Id, bool IsTrigger, ItemMode Items, IReadOnlyList<string> Outputs)
{
    /// <summary>The nodes whose results this node's expressions read (steps.&lt;id&gt;), besides its inputs.</summary>
    public IReadOnlyCollection<string> Reads { get; init; } = [];

    /// <summary>Its expressions read steps in a way that names no node (steps[name], a loop over steps): any node may be read.</summary>
    public bool ReadsAnyStep { get; init; }
}

/// <summary>An edge from one node's output port to another node (in definition order, which fixes item order).</summary>
public sealed record PlanEdge(int Index, string From, string FromPort, string To);

/// <summary>
/// A workflow compiled for the scheduler: nodes with their traits, edges, and a topological order. Plain data with no
/// definition JSON, expressions or parameters: the scheduler decides only from the graph and the recorded outcomes.
/// </summary>
public sealed class ExecutionPlan
{
    private readonly List<string> definitionOrder;

    public ExecutionPlan(IEnumerable<PlanNode> nodes, IEnumerable<(string From, string FromPort, string To)> edges)
    {
        var listed = nodes.ToList();
        definitionOrder = listed.Select(n => n.Id).ToList();
        Nodes = listed.ToDictionary(n => n.Id, StringComparer.Ordinal);
        Edges = edges.Select((e, i) => new PlanEdge(i, e.From, e.FromPort, e.To)).ToList();
        foreach (var edge in Edges.Where(e => !Nodes.ContainsKey(e.From) || !Nodes.ContainsKey(e.To)))
        {
            throw new ArgumentException($"The edge {edge.From} -> {edge.To} names a node that is not in the plan.");
        }
        Incoming = Nodes.Keys.ToDictionary(id => id, id => (IReadOnlyList<PlanEdge>)Edges.Where(e => e.To == id).ToList(), StringComparer.Ordinal);
        Trigger = Nodes.Values.Single(n => n.IsTrigger).Id;
        Order = TopologicalOrder();
        position = Order.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        After = Nodes.Values.ToDictionary(n => n.Id, n => (IReadOnlyList<string>)Order.Take(position[n.Id])
            .Where(earlier => n.ReadsAnyStep || n.Reads.Contains(earlier)).ToList(), StringComparer.Ordinal);
    }

    private readonly Dictionary<string, int> position;

    public IReadOnlyDictionary<string, PlanNode> Nodes { get; }
    public IReadOnlyList<PlanEdge> Edges { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<PlanEdge>> Incoming { get; }
    public string Trigger { get; }

    /// <summary>
    /// Every node after all the nodes it depends on. Ties keep definition order (the trigger first), first come first
    /// served: the order the engine has always walked, so sequential runs and "the last node's output" stay the same.
    /// </summary>
    public IReadOnlyList<string> Order { get; }

    /// <summary>
    /// The nodes before this one in <see cref="Order"/> whose results its expressions read: it runs after them even when
    /// no edge says so, so that running independent branches at the same time never changes what an expression sees.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> After { get; }

    /// <summary>Whether <paramref name="other"/> comes before <paramref name="nodeId"/> in <see cref="Order"/>: the results a node's expressions see.</summary>
    public bool IsBefore(string other, string nodeId) => position[other] < position[nodeId];

    private List<string> TopologicalOrder()
    {
        var waiting = Nodes.Keys.ToDictionary(id => id, id => Incoming[id].Select(e => e.From).Distinct().Count(), StringComparer.Ordinal);
        var ready = new Queue<string>(definitionOrder.Where(id => waiting[id] == 0).OrderBy(id => id == Trigger ? 0 : 1));
        var order = new List<string>();
        while (ready.TryDequeue(out var next))
        {
            order.Add(next);
            Release(next);
        }
        return order.Count == Nodes.Count ? order : throw new ArgumentException("The workflow has a cycle: the scheduler runs acyclic graphs only.");

        void Release(string id)
        {
            foreach (var to in definitionOrder.Where(to => Incoming[to].Any(e => e.From == id)))
            {
                if (--waiting[to] == 0)
                {
                    ready.Enqueue(to);
                }
            }
        }
    }
}
