using System.Diagnostics;
using Bronn.Core.Telemetry;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Execution;

/// <summary>One attempt at one step, as a span and a duration sample (on both engines: the runner's attempt path is shared).</summary>
internal sealed class StepTelemetry : IDisposable
{
    private readonly Activity? span;
    private readonly TimeProvider clock;
    private readonly long started;
    private readonly string nodeType;
    private string status = "stopped"; // parked (a sub-workflow awaited) or cancelled

    public StepTelemetry(Data.Execution execution, NodeDefinition node, int attempt, int inputItems, TimeProvider clock)
    {
        this.clock = clock;
        nodeType = node.Type ?? "";
        started = clock.GetTimestamp();
        span = ExecutionTraces.StartStep(execution.Id, execution.TraceParent, node.Id ?? "", nodeType, attempt);
        span?.SetTag("bronn.step.input_items", inputItems);
    }

    public void Succeeded(int items)
    {
        status = "succeeded";
        span?.SetTag("bronn.step.output_items", items);
    }

    public void Failed()
    {
        status = "failed";
        span?.SetStatus(ActivityStatusCode.Error);
    }

    public void Dispose()
    {
        BronnMetrics.StepDuration.Record(clock.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("node_type", nodeType), new KeyValuePair<string, object?>("status", status));
        span?.Dispose();
    }
}
