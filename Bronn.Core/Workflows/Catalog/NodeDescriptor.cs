using System.Text.Json.Serialization;

namespace Bronn.Core.Workflows.Catalog;

public static class NodeCategory
{
    public const string Trigger = "trigger";
    public const string Action = "action";
    public const string Logic = "logic";
}

/// <summary>How a parameter is edited and checked. Strings of every kind accept {{ expressions }}.</summary>
public static class ParameterType
{
    public const string String = "string";
    /// <summary>An absolute http(s) address (text; an expression is checked when it runs).</summary>
    public const string Url = "url";
    public const string Text = "text";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Select = "select";
    public const string Json = "json";
    public const string Duration = "duration";
    public const string Cron = "cron";
    public const string Expression = "expression";
    /// <summary>An expression read as data, not text (split_out's list): "{{ trigger.body.orders }}" or a bare path.</summary>
    public const string Value = "value";
    /// <summary>An object of name -> string (expression), such as set.fields or http headers.</summary>
    public const string KeyValue = "keyValue";
    /// <summary>Program text (the code node's JavaScript): never a template, edited in a code editor.</summary>
    public const string Code = "code";
    /// <summary>The id of one of the owner's workflows (picked in the inspector).</summary>
    public const string Workflow = "workflow";
    /// <summary>http.request's pagination object: {nextUrl, maxPages} or {param, start, step, stopWhen, maxPages}.</summary>
    public const string Pagination = "pagination";
}

/// <summary>A parameter having a value: e.g. the code node runs once on all items when its mode is "all".</summary>
public sealed record ParameterCondition(
    [property: JsonPropertyName("parameter")] string Parameter,
    [property: JsonPropertyName("equals")] string EqualsValue);

/// <summary>A parameter that matters only while another has one of these values ("" stands for not set).</summary>
public sealed record ParameterShownWhen(
    [property: JsonPropertyName("parameter")] string Parameter,
    [property: JsonPropertyName("anyOf")] IReadOnlyList<string> AnyOf);

public sealed record ParameterDescriptor(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("required")] bool Required = false,
    [property: JsonPropertyName("default")] object? Default = null,
    [property: JsonPropertyName("options")] IReadOnlyList<string>? Options = null,
    [property: JsonPropertyName("help")] string? Help = null,
    [property: JsonPropertyName("secret")] bool Secret = false,
    [property: JsonPropertyName("shownWhen")] ParameterShownWhen? ShownWhen = null,
    /// <summary>A keyValue parameter whose values may also be JSON objects, sent as they are (Notion's own property shapes).</summary>
    [property: JsonPropertyName("objectValues")] bool ObjectValues = false)
{
    /// <summary>Whether an editor shows this parameter, given the node's parameters.</summary>
    public bool IsShownFor(IReadOnlyDictionary<string, System.Text.Json.JsonElement> parameters) =>
        ShownWhen is not { } when || when.AnyOf.Contains(parameters.TryGetValue(when.Parameter, out var current) ? Text(current) : "");

    private static string Text(System.Text.Json.JsonElement value) =>
        value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
}

/// <summary>Everything the validator, the runtime and the builder know about a node type: described once.</summary>
public sealed record NodeDescriptor(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("icon")] string Icon,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("inputs")] IReadOnlyList<string> Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyList<string> Outputs,
    [property: JsonPropertyName("parameters")] IReadOnlyList<ParameterDescriptor> Parameters,
    [property: JsonPropertyName("integration")] string? Integration = null,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string>? Scopes = null,
    [property: JsonPropertyName("exampleOutput")] object? ExampleOutput = null,
    [property: JsonPropertyName("runsOnAllItems")] bool RunsOnAllItems = false,
    [property: JsonPropertyName("minIncoming")] int MinIncoming = 0,
    [property: JsonPropertyName("outputsFromParameter")] string? OutputsFromParameter = null,
    [property: JsonPropertyName("runsOnAllItemsWhen")] ParameterCondition? RunsOnAllItemsWhen = null,
    [property: JsonPropertyName("takesCredential")] bool TakesCredential = false,
    [property: JsonPropertyName("takesAnyIntegration")] bool TakesAnyIntegration = false,
    [property: JsonPropertyName("importsCurl")] bool ImportsCurl = false,
    [property: JsonPropertyName("pure")] bool Pure = false)
{
    // Pure: computes its items from its input alone, at once: no effect outside the run, no wait, no sandbox. A run made
    // only of pure nodes after its trigger runs in memory and is stored once, finished.

    /// <summary>Whether this node runs once on all its items (aggregate, merge, code in mode "all") rather than once per item.</summary>
    public bool RunsOnAllItemsFor(Definitions.NodeDefinition node) =>
        RunsOnAllItems || (RunsOnAllItemsWhen is { } when && node.Parameter(when.Parameter)?.ToString() == when.EqualsValue);

    /// <summary>
    /// A node's output ports: the type's own, plus (for a switch) one per key of the parameter named by
    /// <see cref="OutputsFromParameter"/>, in the order written, before the type's own; last, "error" when the node's
    /// error policy is error_output.
    /// </summary>
    public IReadOnlyList<string> OutputsOf(Definitions.NodeDefinition node)
    {
        var outputs = OutputsFromParameter is { } name && node.Parameter(name) is { ValueKind: System.Text.Json.JsonValueKind.Object } cases
            ? cases.EnumerateObject().Select(c => c.Name).Concat(Outputs).Distinct(StringComparer.Ordinal).ToList()
            : Outputs;
        return HasErrorOutput(node) ? [.. outputs.Where(o => o != Definitions.ErrorPolicies.ErrorPort), Definitions.ErrorPolicies.ErrorPort] : outputs;
    }

    /// <summary>Whether the node routes failed items to its "error" port (any node but a trigger can).</summary>
    public bool HasErrorOutput(Definitions.NodeDefinition node) => !IsTrigger && Definitions.ErrorPolicies.Of(node) == Definitions.ErrorPolicies.ErrorOutput;

    public bool IsTrigger => Category == NodeCategory.Trigger;

    public static readonly IReadOnlyList<string> Main = ["main"];
    public static readonly IReadOnlyList<string> None = [];
}

/// <summary>One class per node type. Its descriptor is the single source of truth about the type.</summary>
public interface INodeType
{
    NodeDescriptor Descriptor { get; }
}
