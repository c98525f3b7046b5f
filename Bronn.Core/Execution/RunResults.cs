namespace Bronn.Core.Execution;

/// <summary>What a finished run hands back: the items of the last node (in plan order) that emitted any.</summary>
public static class RunResults
{
    public static IReadOnlyList<PortItem> LastItems(WorkflowGraph graph, RunRecord record) =>
        graph.Order.LastOrDefault(id => record.ItemsOf(id).Count > 0) is { } last ? record.ItemsOf(last) : [];

    /// <summary>The run's output: the first of those items.</summary>
    public static string? Output(WorkflowGraph graph, RunRecord record) => LastItems(graph, record) is [var first, ..] ? first.Json.GetRawText() : null;
}
