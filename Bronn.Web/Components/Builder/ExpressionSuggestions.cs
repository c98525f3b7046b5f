using System.Text.Json;
using Bronn.Core.Execution.Testing;
using Bronn.Core.Workflows.Catalog;

namespace Bronn.Web.Components.Builder;

/// <summary>A value a parameter can refer to: where it comes from, its path, and a sample of it when one is known.</summary>
public sealed record ExpressionSuggestion(string Group, string Path, string? Example);

/// <summary>
/// What the selected node can refer to: the item it runs on, the trigger's data and the outputs (first item, and all
/// items) of the nodes upstream of it, with the fields seen in the last run (or the node type's example output).
/// </summary>
public static class ExpressionSuggestions
{
    private const int MaxFieldsPerSource = 12;

    public static List<ExpressionSuggestion> For(BuilderNode node, IReadOnlyCollection<BuilderNode> nodes, ILookup<string, string> upstreamOf, SampleData sample)
    {
        var suggestions = new List<ExpressionSuggestion>();
        var byKey = nodes.ToDictionary(n => n.Key, StringComparer.Ordinal);
        var trigger = nodes.FirstOrDefault(n => n.Descriptor?.IsTrigger == true);
        var triggerData = sample.Trigger.ValueKind == JsonValueKind.Object && sample.Trigger.EnumerateObject().Any()
            ? sample.Trigger
            : Example(trigger?.Descriptor);
        // The item this node runs on comes from the node right before it (its first item in the last run, or an example).
        if (node != trigger && upstreamOf[node.Key].FirstOrDefault() is { } feeding && byKey.TryGetValue(feeding, out var feeder))
        {
            var item = feeder == trigger ? triggerData : sample.Steps.TryGetValue(feeding, out var last) ? last : Example(feeder.Descriptor);
            suggestions.Add(new("Item", "item", null));
            suggestions.AddRange(Fields("Item", "item", item, depth: 2));
        }
        if (node != trigger)
        {
            suggestions.Add(new("Trigger", "trigger", null));
            suggestions.AddRange(Fields("Trigger", "trigger", triggerData, depth: 2));
        }
        foreach (var key in Upstream(node.Key, upstreamOf))
        {
            if (!byKey.TryGetValue(key, out var source) || source == trigger)
            {
                continue;
            }
            var group = $"{source.DisplayName} ({key})";
            var output = sample.Steps.TryGetValue(key, out var seen) ? seen : Example(source.Descriptor);
            suggestions.Add(new(group, $"steps.{key}.output", null));
            suggestions.AddRange(Fields(group, $"steps.{key}.output", output, depth: 1));
            suggestions.Add(new(group, $"steps.{key}.items", null));
        }
        suggestions.Add(new("Run", "execution.id", null));
        suggestions.Add(new("Run", "now", null));
        return suggestions;
    }

    /// <summary>The nodes from which a path leads to this one, nearest first.</summary>
    public static IEnumerable<string> Upstream(string key, ILookup<string, string> upstreamOf)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { key };
        var queue = new Queue<string>([key]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var from in upstreamOf[current])
            {
                if (seen.Add(from))
                {
                    queue.Enqueue(from);
                    yield return from;
                }
            }
        }
    }

    private static JsonElement Example(NodeDescriptor? descriptor) =>
        descriptor?.ExampleOutput is { } example ? JsonSerializer.SerializeToElement(example) : default;

    private static IEnumerable<ExpressionSuggestion> Fields(string group, string path, JsonElement value, int depth)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        foreach (var property in value.EnumerateObject().Take(MaxFieldsPerSource))
        {
            var child = IsIdentifier(property.Name) ? $"{path}.{property.Name}" : $"{path}[\"{property.Name.Replace("\"", "", StringComparison.Ordinal)}\"]";
            yield return new(group, child, Preview(property.Value));
            if (depth > 1)
            {
                foreach (var nested in Fields(group, child, property.Value, depth - 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && !char.IsDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string? Preview(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{…}",
        JsonValueKind.Array => $"[{value.GetArrayLength()} items]",
        JsonValueKind.String => value.GetString() is { Length: > 40 } s ? s[..40] + "…" : value.GetString(),
        _ => value.GetRawText(),
    };

    /// <summary>How a parameter of this type refers to a path: conditions take bare expressions, text takes {{ }}.</summary>
    public static string Reference(string parameterType, string path) =>
        parameterType is ParameterType.Expression or ParameterType.Value ? path : $"{{{{ {path} }}}}";

    public static bool Applies(string parameterType) =>
        parameterType is ParameterType.String or ParameterType.Url or ParameterType.Text or ParameterType.Expression or ParameterType.Value;
}
