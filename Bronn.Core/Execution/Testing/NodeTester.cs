using System.Text.Json;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Core.Execution.Testing;

/// <summary>What one node did with sample input: its rendered parameters, and its output or error.</summary>
public sealed record NodeTestResult(string? Input, string? Output, string? Port, string? Error);

/// <summary>
/// Runs a single node as the builder holds it (saved or not) against sample data: the trigger's data and upstream
/// steps' outputs. Nothing is stored; an action node really acts (a test email is sent), as in any automation tool.
/// </summary>
public sealed class NodeTester(NodeInvoker invoker, TimeProvider clock)
{
    public async Task<NodeTestResult> TestAsync(Guid ownerId, NodeDefinition node, SampleData sample, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var executionId = Guid.CreateVersion7();
        var context = new NodeContext(executionId, ownerId, node, new ExpressionScope(executionId, sample.Trigger, sample.Steps, now), sample.Trigger, now);
        try
        {
            var result = await invoker.InvokeAsync(context, ct);
            var output = result.Control == NodeControl.Wait
                ? JsonSerializer.Serialize(new { waitsUntil = result.ResumeAt })
                : result.Output.GetRawText();
            return new(Input(context), output, result.Port, null);
        }
        catch (NodeFailedException ex)
        {
            return new(Input(context), null, null, ex.Message);
        }
    }

    private static string? Input(NodeContext context) =>
        context.RenderedInput.Count == 0 ? null : JsonSerializer.Serialize(context.RenderedInput);
}

/// <summary>The data a test sees: the trigger's and upstream steps' outputs, by node id.</summary>
public sealed record SampleData(JsonElement Trigger, IReadOnlyDictionary<string, JsonElement> Steps)
{
    public static SampleData Empty { get; } = new(JsonSerializer.SerializeToElement(new { }), new Dictionary<string, JsonElement>());
}
