using Bronn.Core.Workflows.Validation;

namespace Bronn.Web.Components.Builder;

/// <summary>
/// A validation problem as people read it in the builder: the node by its name (or its type's display name), not its
/// id, and the id not repeated ("Post message (Slack): 'Channel' is required." rather than "slack_1: Node 'slack_1': ...").
/// </summary>
public static class ProblemText
{
    public static string For(ValidationProblem problem, IEnumerable<BuilderNode> nodes)
    {
        if (problem.NodeId is not { } id)
        {
            return problem.Message;
        }
        var node = nodes.FirstOrDefault(n => n.Key == id);
        var label = node is null ? id : Label(node);
        var quoted = $"Node '{id}'";
        if (problem.Message.StartsWith(quoted + ": ", StringComparison.Ordinal))
        {
            return $"{label}: {problem.Message[(quoted.Length + 2)..]}";
        }
        return problem.Message.StartsWith(quoted, StringComparison.Ordinal)
            ? label + problem.Message[quoted.Length..]
            : $"{label}: {problem.Message}";
    }

    public static string Label(BuilderNode node) =>
        !string.IsNullOrWhiteSpace(node.Name) ? node.Name! : node.Descriptor?.DisplayName ?? node.Key;
}
