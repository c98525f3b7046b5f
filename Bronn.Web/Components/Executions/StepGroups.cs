using Bronn.Core.Execution.Data;

namespace Bronn.Web.Components.Executions;

/// <summary>
/// What the execution page lists: a node's one step (each attempt on its own, as it happened), or, for an action that
/// ran once per item, all its per-item steps under the node, with how many items ended which way.
/// </summary>
public sealed record StepGroup(string NodeId, string NodeType, IReadOnlyList<ExecutionStep> Steps, bool PerItem)
{
    /// <summary>Items whose latest attempt succeeded / failed.</summary>
    public int Succeeded => Latest().Count(s => s.Status == StepStatus.Succeeded);

    public int Failed => Latest().Count(s => s.Status == StepStatus.Failed);

    public int Items => Latest().Count();

    /// <summary>Failed if any item's latest attempt failed, else succeeded.</summary>
    public string Status => Failed > 0 ? StepStatus.Failed : StepStatus.Succeeded;

    public DateTimeOffset StartedAt => Steps.Min(s => s.StartedAt);

    public DateTimeOffset FinishedAt => Steps.Max(s => s.FinishedAt);

    private IEnumerable<ExecutionStep> Latest() => Steps.GroupBy(s => s.Key).Select(g => g.OrderBy(s => s.Id).Last());

    /// <summary>The item a per-item step ran on (its key ends in /i), or null for a node's one step.</summary>
    public static int? ItemOf(ExecutionStep step) =>
        step.Key.LastIndexOf('/') is var slash and >= 0 && int.TryParse(step.Key[(slash + 1)..], out var item) ? item : null;

    /// <summary>Steps in the order they were recorded; a node's per-item steps gathered where its first one was.</summary>
    public static IReadOnlyList<StepGroup> Of(IEnumerable<ExecutionStep> steps)
    {
        var groups = new List<StepGroup>();
        var perItem = new Dictionary<string, List<ExecutionStep>>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (ItemOf(step) is null)
            {
                groups.Add(new StepGroup(step.NodeId, step.NodeType, [step], PerItem: false));
            }
            else if (perItem.TryGetValue(step.NodeId, out var list))
            {
                list.Add(step);
            }
            else
            {
                perItem[step.NodeId] = list = [step];
                groups.Add(new StepGroup(step.NodeId, step.NodeType, list, PerItem: true));
            }
        }
        return groups;
    }
}
