namespace Bronn.Core.Workflows.Catalog;

/// <summary>Every node type Bronn knows, by type id. Registered once; read by the validator, runtime and builder.</summary>
public sealed class NodeCatalog(IEnumerable<INodeType> types)
{
    private readonly Dictionary<string, INodeType> byType = types.ToDictionary(t => t.Descriptor.Type, StringComparer.Ordinal);

    public IReadOnlyList<NodeDescriptor> Descriptors => byType.Values.Select(t => t.Descriptor)
        .OrderBy(d => d.Category switch { NodeCategory.Trigger => 0, NodeCategory.Action => 1, _ => 2 }).ThenBy(d => d.Type).ToList();

    public NodeDescriptor? Find(string? type) => type is not null && byType.TryGetValue(type, out var node) ? node.Descriptor : null;

    /// <summary>The node's durable wait (a delay), unless it is disabled: a disabled delay does not wait.</summary>
    public Execution.IDurableWait? DurableWaitOf(Definitions.NodeDefinition node) => node.IsDisabled ? null : FindType(node.Type) as Execution.IDurableWait;

    public INodeType? FindType(string? type) => type is not null && byType.TryGetValue(type, out var node) ? node : null;
}
