using System.Globalization;
using System.Text.Json;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Core.Workflows.Validation;

/// <summary>A node's parameters against its descriptor: required, typed, and every expression parses.</summary>
/// <param name="minScheduleInterval">The shortest interval a cron may fire at (Engine:MinScheduleInterval).</param>
internal sealed class ParameterChecks(NodeDefinition node, NodeDescriptor descriptor, IEnumerable<string> nodeIds, List<ValidationProblem> problems,
    TimeSpan minScheduleInterval)
{
    public void Check()
    {
        foreach (var parameter in descriptor.Parameters)
        {
            var value = node.Parameter(parameter.Name);
            if (value is null || (value.Value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.Value.GetString())))
            {
                if (parameter.Required)
                {
                    Add(parameter.Name, $"'{parameter.Label}' is required.");
                }
                continue;
            }
            if (parameter.Secret && SecretParameters.IsMask(value.Value))
            {
                problems.Add(new(node.Id, parameter.Name,
                    $"Node '{node.Id}': Set '{parameter.Label}' again: secrets are never shown or exported, so an imported workflow arrives without them.") { NeedsSetUp = true });
                continue;
            }
            CheckValue(parameter, value.Value);
        }
        foreach (var unknown in (node.Parameters?.Keys ?? Enumerable.Empty<string>()).Where(k => descriptor.Parameters.All(p => p.Name != k)))
        {
            problems.Add(new(node.Id, unknown, $"Node '{node.Id}' ({descriptor.Type}) has no parameter '{WorkflowValidator.Shorten(unknown)}'; it is ignored.", ProblemSeverity.Warning));
        }
        if (descriptor.OutputsFromParameter is { } portsParameter)
        {
            CheckPortNames(portsParameter);
        }
        if (descriptor.Type == "webhook" && node.Parameter("responseNode")?.GetString() is { Length: > 0 } target && !nodeIds.Contains(target))
        {
            Add("responseNode", $"The response node '{WorkflowValidator.Shorten(target)}' is not a node of this workflow.");
        }
    }

    /// <summary>A switch's cases: at least one, each a port name (not one of the type's own) with a condition that parses.</summary>
    private void CheckPortNames(string parameter)
    {
        if (node.Parameter(parameter) is not { ValueKind: JsonValueKind.Object } cases)
        {
            return; // missing or mistyped: reported with the other parameters
        }
        if (!cases.EnumerateObject().Any())
        {
            Add(parameter, "Add at least one case: a port name and the condition that sends an item there.");
        }
        foreach (var @case in cases.EnumerateObject())
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(@case.Name, "^[A-Za-z0-9_]{1,32}$") || descriptor.Outputs.Contains(@case.Name))
            {
                Add(parameter, $"The case name '{WorkflowValidator.Shorten(@case.Name)}' cannot be a port: use letters, digits and _ (at most 32), and not {string.Join(", ", descriptor.Outputs)}.");
            }
            else if (@case.Value.ValueKind != JsonValueKind.String || WorkflowExpressions.CheckCondition(@case.Value.GetString()!) is not null)
            {
                Add(parameter, $"The condition of case '{@case.Name}' is not a valid condition, e.g. {{{{ item.amount > 100 }}}}.");
            }
        }
    }

    private void CheckValue(ParameterDescriptor parameter, JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        if (text is not null && parameter.Type is not (ParameterType.Expression or ParameterType.Value or ParameterType.Code or ParameterType.Workflow) && WorkflowExpressions.HasExpression(text))
        {
            Expression(parameter.Name, text);
            return; // its value is known only when the workflow runs
        }
        switch (parameter.Type)
        {
            case ParameterType.String or ParameterType.Text:
                Expect(text is not null, parameter, "text");
                break;
            case ParameterType.Url:
                Expect(Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https", parameter,
                    "an absolute http(s) URL such as https://api.example.com/items");
                break;
            case ParameterType.Value:
                if (Expect(text is not null, parameter, "an expression") && WorkflowExpressions.CheckValue(text!) is { } valueProblem)
                {
                    Add(parameter.Name, $"'{parameter.Label}': {valueProblem}");
                }
                break;
            case ParameterType.Expression:
                if (Expect(text is not null, parameter, "an expression") && WorkflowExpressions.CheckCondition(text!) is { } problem)
                {
                    Add(parameter.Name, $"'{parameter.Label}': {problem}");
                }
                break;
            case ParameterType.Workflow:
                Expect(text is not null && Guid.TryParse(text, out _), parameter, "the id of one of your workflows");
                break;
            case ParameterType.Code:
                if (Expect(text is not null, parameter, "program text") && Code.JavaScriptSandbox.SyntaxError(text!) is { } syntax)
                {
                    Add(parameter.Name, $"'{parameter.Label}' does not parse: {syntax}");
                }
                break;
            case ParameterType.Number:
                Expect(value.ValueKind == JsonValueKind.Number || decimal.TryParse(text, CultureInfo.InvariantCulture, out _), parameter, "a number");
                break;
            case ParameterType.Boolean:
                Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False, parameter, "true or false");
                break;
            case ParameterType.Select:
                if (Expect(text is not null, parameter, "text") && parameter.Options is { } options && !options.Contains(text!))
                {
                    Add(parameter.Name, $"'{parameter.Label}' must be one of: {string.Join(", ", options)} (got '{WorkflowValidator.Shorten(text)}').");
                }
                break;
            case ParameterType.Duration:
                Expect(TimeSpan.TryParseExact(text, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero, parameter, "a duration hh:mm:ss such as 00:05:00");
                break;
            case ParameterType.Cron:
                if (Expect(text is not null && IsCron(text), parameter, "a five-field cron expression such as 0 9 * * 1-5 (or six fields, seconds first)")
                    && Execution.Triggers.CronSchedule.ShortestGap(Execution.Triggers.CronSchedule.Parse(text!)) is var gap && gap < minScheduleInterval)
                {
                    Add(parameter.Name, $"'{parameter.Label}' fires every {Describe(gap)}; the shortest interval allowed on this Bronn is {Describe(minScheduleInterval)} " +
                        "(an administrator sets it with Engine:MinScheduleInterval).");
                }
                break;
            case ParameterType.KeyValue:
                if (Expect(value.ValueKind == JsonValueKind.Object, parameter, "an object of name -> text"))
                {
                    foreach (var field in value.EnumerateObject())
                    {
                        if (field.Value.ValueKind == JsonValueKind.Object && parameter.ObjectValues)
                        {
                            continue; // sent as written
                        }
                        if (field.Value.ValueKind != JsonValueKind.String)
                        {
                            Add($"{parameter.Name}.{field.Name}", $"'{parameter.Label}' → '{field.Name}' must be text (an expression is text too).");
                        }
                        else if (parameter.Name != descriptor.OutputsFromParameter) // a switch's cases are conditions, checked as such
                        {
                            Expression($"{parameter.Name}.{field.Name}", field.Value.GetString()!);
                        }
                    }
                }
                break;
            case ParameterType.Pagination:
                try
                {
                    Catalog.Nodes.Http.HttpPagination.Of(value);
                }
                catch (FormatException ex)
                {
                    Add(parameter.Name, $"'{parameter.Label}' {ex.Message}");
                }
                break;
            case ParameterType.Json:
                if (Expect(value.ValueKind is JsonValueKind.Object or JsonValueKind.Array, parameter, "a JSON object"))
                {
                    foreach (var (path, nested) in Strings(value, parameter.Name))
                    {
                        Expression(path, nested);
                    }
                }
                break;
        }
        if (parameter.Name == "timeZone" && text is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(text, out _))
        {
            Add(parameter.Name, $"'{WorkflowValidator.Shorten(text)}' is not a time zone; use an IANA name such as Europe/Paris.");
        }
    }

    private bool Expect(bool ok, ParameterDescriptor parameter, string what)
    {
        if (!ok)
        {
            Add(parameter.Name, $"'{parameter.Label}' must be {what}.");
        }
        return ok;
    }

    private void Expression(string field, string text)
    {
        if (WorkflowExpressions.Check(text) is { } problem)
        {
            Add(field, problem);
        }
    }

    private void Add(string field, string message) => problems.Add(new(node.Id, field, $"Node '{node.Id}': {message}"));

    private static string Describe(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{span.TotalMinutes:0.##} minute(s)" : $"{span.TotalSeconds:0.##} second(s)";

    private static bool IsCron(string text) => Execution.Triggers.CronSchedule.TryParse(text, out _);

    private static IEnumerable<(string Path, string Text)> Strings(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => [(path, element.GetString()!)],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value, $"{path}.{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Strings(e, $"{path}[{i}]")),
        _ => [],
    };
}
