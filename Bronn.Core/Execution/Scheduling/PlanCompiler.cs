using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Execution.Scheduling;

/// <summary>A validated workflow definition as the scheduler's plan; node traits come from the catalog's descriptors.</summary>
public static class PlanCompiler
{
    public static ExecutionPlan Compile(WorkflowDefinition definition, NodeCatalog catalog)
    {
        var nodes = (definition.Nodes ?? []).Select(node =>
        {
            var descriptor = catalog.Find(node.Type ?? "") ?? throw new ArgumentException($"Node '{node.Id}' has the unknown type '{node.Type}'.");
            var (reads, readsAny) = StepReferences.Of(node);
            return new PlanNode(node.Id!, descriptor.IsTrigger, descriptor.RunsOnAllItemsFor(node) ? ItemMode.AllItems : ItemMode.EachItem, descriptor.OutputsOf(node))
            {
                Reads = reads, ReadsAnyStep = readsAny,
            };
        }).ToList();
        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var edges = (definition.Edges ?? []).Select(e => (e.From!, e.FromPort ?? byId[e.From!].Outputs.FirstOrDefault() ?? "main", e.To!));
        return new ExecutionPlan(nodes, edges);
    }
}
