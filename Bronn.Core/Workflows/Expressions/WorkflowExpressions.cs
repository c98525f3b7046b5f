using System.Text.Encodings.Web;
using System.Text.Json;
using Bronn.Core.Workflows.Expressions.Sandbox;
using Fluid;

namespace Bronn.Core.Workflows.Expressions;

/// <summary>
/// Liquid templates (Fluid) in string parameters: {{ trigger.body.name }}, {{ steps.id.output.field }},
/// {{ execution.id }}, {{ now }}. Sandboxed: the data are plain dictionaries and lists (no member access on .NET
/// objects), no file system, and limits on template size, steps (loop iterations), recursion, time, memory and the size
/// of every value built on the way (see <see cref="RenderBudget"/>).
/// </summary>
public sealed partial class WorkflowExpressions
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\{%-?\s*(include|render)\b")]
    private static partial System.Text.RegularExpressions.Regex FileTags();

    public const int MaxTemplateLength = 10_000;
    public const int MaxOutputLength = RenderBudget.MaxValueLength;

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
        return SandboxedTemplates.TryParse(template, out var error) ? null : $"The expression does not parse: {error}";
    }

    /// <summary>Checks a condition: "{{ a > 1 }}" or "a > 1", as an if-test.</summary>
    public static string? CheckCondition(string condition) => Check(AsIf(condition));

    public static async Task<string> RenderAsync(string template, ExpressionScope scope)
    {
        if (!HasExpression(template))
        {
            return template;
        }
        // Only templates that passed the checks are cached: a hit needs neither the checks nor a parse again.
        if (!SandboxedTemplates.TryGetCached(template, out var parsed))
        {
            if (Check(template) is { } problem)
            {
                throw new ExpressionException(problem);
            }
            parsed = SandboxedTemplates.Get(template);
        }
        var context = scope.Context();
        var budget = new RenderBudget();
        budget.AttachTo(context);
        using var output = new LimitedWriter(budget, "The expression's output");
        try
        {
            await parsed.RenderAsync(output, NullEncoder.Default, context);
            return output.ToString();
        }
        catch (ExpressionException)
        {
            throw;
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
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A filter given a value it cannot handle, such as divided_by: 0.
            throw new ExpressionException($"The expression failed: {ex.Message}");
        }
    }

    /// <summary>The value of an expression ("{{ trigger.body.orders }}" or "trigger.body.orders") as JSON, not as text.</summary>
    public static async Task<JsonElement> EvaluateValueAsync(string expression, ExpressionScope scope)
    {
        var inner = Inner(expression);
        var json = await RenderAsync($"{{{{ {inner} | json }}}}", scope);
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "null" : json).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ExpressionException("The expression does not give a value that can be read as data.");
        }
    }

    /// <summary>Checks an expression used for its value, as <see cref="EvaluateValueAsync"/> runs it.</summary>
    public static string? CheckValue(string expression) => Check($"{{{{ {Inner(expression)} | json }}}}");

    private static string Inner(string expression)
    {
        var inner = expression.Trim();
        return inner.StartsWith("{{", StringComparison.Ordinal) && inner.EndsWith("}}", StringComparison.Ordinal) ? inner[2..^2].Trim() : inner;
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

