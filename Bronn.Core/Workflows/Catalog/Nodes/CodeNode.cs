using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Workflows.Code;

namespace Bronn.Core.Workflows.Catalog.Nodes;

/// <summary>JavaScript for what no node covers: per item (return the new item, or null to drop it) or once on all items.</summary>
public sealed class CodeNode(JavaScriptSandbox sandbox) : INodeType, INodeExecutor
{
    public const string EachItem = "each";
    public const string AllItems = "all";

    public NodeDescriptor Descriptor { get; } = new("code", "Code", NodeCategory.Logic, "code",
        "Runs JavaScript on the items, in a sandbox: no network, files or modules; limited time and memory.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [
            new("language", "Language", ParameterType.Select, Default: "javascript", Options: ["javascript"]),
            new("mode", "Mode", ParameterType.Select, Default: EachItem, Options: [EachItem, AllItems],
                Help: "each: runs once per item, `item` is the item; return the new item, or null to drop it. all: runs once, `items` is the list; return a list."),
            new("code", "Code", ParameterType.Code, Required: true,
                Help: "The body of a function: e.g. return { ...item, total: item.price * item.quantity };"),
        ],
        ExampleOutput: new { total = 42 },
        RunsOnAllItemsWhen: new ParameterCondition("mode", AllItems));

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        var code = context.Node.Parameter("code")?.GetString() ?? "";
        var all = Descriptor.RunsOnAllItemsFor(context.Node);
        if (all)
        {
            var items = JsonSerializer.SerializeToElement(context.AllInputItems);
            var returned = await sandbox.RunAsync(code, "items", items, context.Now, ct);
            return NodeResult.Emit(ListOf(returned));
        }
        var item = context.Item ?? JsonSerializer.SerializeToElement(new { });
        var result = await sandbox.RunAsync(code, "item", item, context.Now, ct);
        return result switch
        {
            null => NodeResult.Emit([]),
            { ValueKind: JsonValueKind.Object } one => new NodeResult(one),
            { } other => throw new NodeFailedException($"The code must return an object (the new item) or null to drop the item; it returned {Kind(other)}.", retryable: false),
        };
    }

    private static List<PortItem> ListOf(JsonElement? returned)
    {
        if (returned is not { ValueKind: JsonValueKind.Array } list)
        {
            throw new NodeFailedException($"In mode 'all' the code must return a list of objects (the new items); it returned {(returned is { } value ? Kind(value) : "nothing")}.", retryable: false);
        }
        return list.EnumerateArray().Select((element, i) => element.ValueKind == JsonValueKind.Object
            ? new PortItem("main", element)
            : throw new NodeFailedException($"In mode 'all' every element of the returned list must be an object; element {i} is {Kind(element)}.", retryable: false)).ToList();
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "nothing",
    };
}
