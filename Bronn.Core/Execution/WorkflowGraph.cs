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
        Plan = Scheduling.PlanCompiler.Compile(definition, catalog);
        Pinned = (definition.PinData ?? []).Where(p => Nodes.ContainsKey(p.Key) && Nodes[p.Key] != Trigger)
            .ToDictionary(p => p.Key, p => (IReadOnlyList<System.Text.Json.JsonElement>)p.Value, StringComparer.Ordinal);
        Settings = definition.Settings;
        RunsInMemory = Nodes.Values.All(n => n == Trigger || n.IsDisabled || catalog.Find(n.Type)?.Pure == true || Pinned.ContainsKey(n.Id!));
    }

    /// <summary>Pinned output by node (a run from the builder only: published versions carry none).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<System.Text.Json.JsonElement>> Pinned { get; }

    /// <summary>Every node after the trigger is pure: a run can go start to finish in memory and be stored once.</summary>
    public bool RunsInMemory { get; }

    /// <summary>The same graph as the scheduler sees it.</summary>
    public Scheduling.ExecutionPlan Plan { get; }

    /// <summary>The workflow's settings as published with this version (its error workflow, for one).</summary>
    public WorkflowSettings? Settings { get; }

    public IReadOnlyDictionary<string, NodeDefinition> Nodes { get; }
    public NodeDefinition Trigger { get; }
    public IReadOnlyDictionary<string, List<(string From, string Port)>> Incoming { get; }
    public IReadOnlyList<string> Order => Plan.Order;
}
