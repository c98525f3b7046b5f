using System.Diagnostics;

namespace Bronn.Core.Telemetry;

/// <summary>
/// One trace per execution: its context (W3C traceparent) is chosen when the execution is created - the webhook
/// request's when there is one - and stored with it, so every run of it (a resume after a crash, another process, a
/// Temporal activity) adds its spans to the same trace. A span per step names the node, its type, the attempt and the
/// item count; never parameters, payloads or secrets.
/// </summary>
public static class ExecutionTraces
{
    public const string SourceName = "Bronn.Execution";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The parent for a new execution's spans: the current span (a webhook's request), else a new trace.</summary>
    public static string NewParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
        ? current.Id!
        : $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";

    /// <summary>A span for running (part of) an execution, under its stored parent; null when nobody listens.</summary>
    public static Activity? StartRun(Guid executionId, string? traceParent, string triggerType)
    {
        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        var span = Source.StartActivity("execution", ActivityKind.Internal, parent);
        span?.SetTag("bronn.execution.id", executionId.ToString());
        span?.SetTag("bronn.trigger.type", triggerType);
        return span;
    }

    /// <summary>A span for one attempt at one step, under the run's span (or the execution's parent when there is none here).</summary>
    public static Activity? StartStep(Guid executionId, string? traceParent, string nodeId, string nodeType, int attempt)
    {
        var parent = Activity.Current is null && traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        var span = Source.StartActivity($"step {nodeType}", ActivityKind.Internal, parent);
        span?.SetTag("bronn.execution.id", executionId.ToString());
        span?.SetTag("bronn.node.id", nodeId);
        span?.SetTag("bronn.node.type", nodeType);
        span?.SetTag("bronn.step.attempt", attempt);
        return span;
    }
}
