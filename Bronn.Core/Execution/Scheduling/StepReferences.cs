using System.Text.Json;
using System.Text.RegularExpressions;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Execution.Scheduling;

/// <summary>
/// Which nodes' results a node's expressions read: every <c>steps.&lt;id&gt;</c> or <c>steps["id"]</c> in its
/// parameters. A use of <c>steps</c> that names no node (<c>steps[name]</c>, <c>for s in steps</c>) may read any.
/// Over-counting only costs parallelism; missing one would let a branch see a result it did not see before.
/// </summary>
public static partial class StepReferences
{
    public static (IReadOnlyCollection<string> Reads, bool ReadsAny) Of(NodeDefinition node)
    {
        var reads = new HashSet<string>(StringComparer.Ordinal);
        var any = false;
        foreach (var text in Strings(node.Parameters?.Values ?? Enumerable.Empty<JsonElement>()).SelectMany(Expressions))
        {
            foreach (Match use in StepsUse().Matches(text))
            {
                var named = use.Groups["dot"].Success ? use.Groups["dot"].Value : use.Groups["quoted"].Success ? use.Groups["quoted"].Value : null;
                if (named is null)
                {
                    any = true;
                }
                else
                {
                    reads.Add(named);
                }
            }
        }
        return (reads, any);
    }

    /// <summary>The template tags of a text ("Next steps: {{ steps.a.output.x }}"), or all of it when it has none (a bare condition).</summary>
    private static IEnumerable<string> Expressions(string text)
    {
        var tags = TemplateTag().Matches(text);
        return tags.Count == 0 ? [text] : tags.Select(t => t.Value);
    }

    private static IEnumerable<string> Strings(IEnumerable<JsonElement> values)
    {
        foreach (var value in values)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    yield return value.GetString()!;
                    break;
                case JsonValueKind.Object:
                    foreach (var text in Strings(value.EnumerateObject().Select(p => p.Value)))
                    {
                        yield return text;
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var text in Strings(value.EnumerateArray()))
                    {
                        yield return text;
                    }
                    break;
            }
        }
    }

    // "steps" as a whole word, then .id or ["id"] / ['id'] when a node is named.
    [GeneratedRegex("""(?<![\w.])steps\b(?:\s*\.\s*(?<dot>[A-Za-z0-9_-]+)|\s*\[\s*(?:"(?<quoted>[^"]*)"|'(?<quoted>[^']*)')\s*\])?""")]
    private static partial Regex StepsUse();

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex TemplateTag();
}
