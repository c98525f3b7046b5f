using System.Text.Json;
using Fluid;

namespace Bronn.Core.Workflows.Expressions;

/// <summary>
/// Liquid templates (Fluid) in string parameters: {{ trigger.body.name }}, {{ steps.id.output.field }},
/// {{ execution.id }}, {{ now }}. Sandboxed: the data are plain dictionaries and lists (no member access on .NET
/// objects), no file system, and limits on template size, steps (loop iterations), recursion and output size.
/// </summary>
public sealed partial class WorkflowExpressions
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\{%-?\s*(include|render)\b")]
    private static partial System.Text.RegularExpressions.Regex FileTags();

    public const int MaxTemplateLength = 10_000;
    public const int MaxOutputLength = 1_000_000;

    private static readonly FluidParser Parser = new();

    public static bool HasExpression(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <returns>Null when the template parses, otherwise a sentence saying what is wrong.</returns>
    public static string? Check(string template)
    {
        if (template.Length > MaxTemplateLength)
        {
            return $"The expression is longer than {MaxTemplateLength:N0} characters.";
        }
        if (FileTags().IsMatch(template))
        {
            return "Expressions cannot include or render other templates.";
        }
        return Parser.TryParse(template, out _, out var error) ? null : $"The expression does not parse: {error}";
    }

    /// <summary>Checks a condition: "{{ a > 1 }}" or "a > 1", as an if-test.</summary>
    public static string? CheckCondition(string condition) => Check(AsIf(condition));

    public static async Task<string> RenderAsync(string template, ExpressionScope scope)
    {
        if (!HasExpression(template))
        {
            return template;
        }
        if (Check(template) is { } problem)
        {
            throw new ExpressionException(problem);
        }
        Parser.TryParse(template, out var parsed, out _);
        try
        {
            var output = await parsed.RenderAsync(scope.Context());
            return output.Length > MaxOutputLength
                ? throw new ExpressionException($"The expression produced more than {MaxOutputLength:N0} characters.")
                : output;
        }
        catch (FileNotFoundException)
        {
            throw new ExpressionException("Expressions cannot include or render other templates.");
        }
        catch (InvalidOperationException ex)
        {
            // Fluid reports exceeded limits (steps, recursion) this way.
            throw new ExpressionException($"The expression was stopped: {ex.Message}");
        }
    }

    public static async Task<bool> EvaluateConditionAsync(string condition, ExpressionScope scope) =>
        (await RenderAsync(AsIf(condition), scope)).Trim() == "true";

    private static string AsIf(string condition)
    {
        var inner = condition.Trim();
        if (inner.StartsWith("{{", StringComparison.Ordinal) && inner.EndsWith("}}", StringComparison.Ordinal))
        {
            inner = inner[2..^2].Trim();
        }
        return $"{{% if {inner} %}}true{{% else %}}false{{% endif %}}";
    }
}

public sealed class ExpressionException(string message) : Exception(message);

/// <summary>The data an expression can see, as plain values.</summary>
public sealed class ExpressionScope(Guid executionId, JsonElement trigger, IReadOnlyDictionary<string, JsonElement> stepOutputs, DateTimeOffset now)
{
    private static readonly TemplateOptions Options = CreateOptions();

    internal TemplateContext Context()
    {
        var context = new TemplateContext(Options);
        context.SetValue("trigger", JsonValues.ToPlain(trigger));
        context.SetValue("steps", stepOutputs.ToDictionary(s => s.Key, s => (object?)new Dictionary<string, object?> { ["output"] = JsonValues.ToPlain(s.Value) }));
        context.SetValue("execution", new Dictionary<string, object?> { ["id"] = executionId.ToString() });
        context.SetValue("now", now.UtcDateTime.ToString("O"));
        return context;
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MaxSteps = 100_000, MaxRecursion = 20 };
        options.MemberAccessStrategy = new DefaultMemberAccessStrategy(); // nothing registered: no .NET members reachable
        return options;
    }
}
