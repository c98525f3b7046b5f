using System.Text.Json;
using System.Text.Json.Nodes;
using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class MergeNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("merge", "Merge", NodeCategory.Logic, "merge_type",
        "Waits for every incoming branch that can still deliver, then joins their items: one after the other (append), or item by item (combine).",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("mode", "Mode", ParameterType.Select, Default: "append", Options: ["append", "combine"],
            Help: "append: all items, input by input. combine: item 1 of each input merged into one object, then item 2, ...")],
        ExampleOutput: new { id = 1, amount = 150 },
        RunsOnAllItems: true, MinIncoming: 2, Pure: true);

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        if ((await context.TextAsync("mode") ?? "append") != "combine")
        {
            return NodeResult.Emit(context.AllInputItems.Select(i => new PortItem("main", i)).ToList());
        }
        var delivered = context.InputsByEdge.Where(items => items.Count > 0).ToList();
        var combined = new List<PortItem>();
        for (var i = 0; i < (delivered.Count == 0 ? 0 : delivered.Max(items => items.Count)); i++)
        {
            var merged = new JsonObject();
            foreach (var item in delivered.Where(items => i < items.Count).Select(items => items[i]).Where(item => item.ValueKind == JsonValueKind.Object))
            {
                foreach (var property in item.EnumerateObject())
                {
                    merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                }
            }
            combined.Add(new PortItem("main", JsonSerializer.SerializeToElement(merged)));
        }
        return NodeResult.Emit(combined);
    }
}
