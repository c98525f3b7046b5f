using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows.Validation;

/// <summary>A node's settings: its retries are within bounds, its error policy is one of the three and makes sense for it.</summary>
internal static class SettingsChecks
{
    public static void Check(NodeDefinition node, NodeDescriptor descriptor, List<ValidationProblem> problems, TimeSpan nodeTimeout)
    {
        CheckRetry(node, problems);
        if (node.Settings?.Timeout is { } timeout && (node.Settings.TimeoutValue is not { } limit || limit > nodeTimeout))
        {
            problems.Add(new(node.Id, "settings.timeout",
                $"Node '{node.Id}': settings.timeout must be a duration like 00:00:30, more than zero and at most {nodeTimeout} (Engine:NodeTimeout) (got '{WorkflowValidator.Shorten(timeout)}')."));
        }
        if (node.IsDisabled && descriptor.IsTrigger)
        {
            problems.Add(new(node.Id, "settings.disabled", $"Node '{node.Id}' is the trigger and cannot be disabled: switch the workflow off instead."));
        }
        if (node.Settings?.OnError is not { } policy)
        {
            return;
        }
        if (!ErrorPolicies.All.Contains(policy))
        {
            problems.Add(new(node.Id, "settings.onError",
                $"Node '{node.Id}': settings.onError must be {string.Join(", ", ErrorPolicies.All)} (got '{WorkflowValidator.Shorten(policy)}')."));
        }
        else if (descriptor.IsTrigger && policy != ErrorPolicies.Stop)
        {
            problems.Add(new(node.Id, "settings.onError", $"Node '{node.Id}' is the trigger: it has no error policy (settings.onError must be left out)."));
        }
        else if (policy == ErrorPolicies.ErrorOutput && descriptor.OutputsFromParameter is { } cases
            && node.Parameter(cases) is { ValueKind: System.Text.Json.JsonValueKind.Object } value && value.TryGetProperty(ErrorPolicies.ErrorPort, out _))
        {
            problems.Add(new(node.Id, cases, $"Node '{node.Id}' sends failed items to its '{ErrorPolicies.ErrorPort}' port: rename the case '{ErrorPolicies.ErrorPort}'."));
        }
    }

    private static void CheckRetry(NodeDefinition node, List<ValidationProblem> problems)
    {
        if (node.Settings?.Retry is not { } retry)
        {
            return;
        }
        if (retry.Attempts is < 1 or > 10)
        {
            problems.Add(new(node.Id, "settings.retry.attempts", $"Node '{node.Id}': settings.retry.attempts must be between 1 and 10 (got {retry.Attempts})."));
        }
        foreach (var (field, text) in new[] { ("initialDelay", retry.InitialDelay), ("maxDelay", retry.MaxDelay) })
        {
            if (text is not null && !(System.TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var delay) && delay >= System.TimeSpan.Zero && delay <= System.TimeSpan.FromDays(1)))
            {
                problems.Add(new(node.Id, $"settings.retry.{field}", $"Node '{node.Id}': settings.retry.{field} must be a duration like 00:00:30, at most a day (got '{WorkflowValidator.Shorten(text)}')."));
            }
        }
    }
}
