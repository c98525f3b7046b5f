using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows.Validation;

/// <summary>A node's settings: its error policy is one of the three, and makes sense for the node.</summary>
internal static class SettingsChecks
{
    public static void Check(NodeDefinition node, NodeDescriptor descriptor, List<ValidationProblem> problems)
    {
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
}
