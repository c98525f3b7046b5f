using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bronn.Core.Telemetry;

/// <summary>
/// Bronn's own instruments (meter "Bronn"), exported by OpenTelemetry (Prometheus names: dots become underscores,
/// counters end in _total, histograms carry their unit). Labels never hold ids, payloads or secrets.
/// </summary>
public static class BronnMetrics
{
    public const string MeterName = "Bronn";

    private static readonly Meter Meter = new(MeterName);

    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

    public static readonly Counter<long> ExecutionsStarted = Meter.CreateCounter<long>(
        "bronn.executions.started", "{execution}", "Executions started, by trigger type.");

    public static readonly Counter<long> ExecutionsFinished = Meter.CreateCounter<long>(
        "bronn.executions.finished", "{execution}", "Executions that ended, by status and trigger type.");

    public static readonly Histogram<double> ExecutionDuration = Meter.CreateHistogram(
        "bronn.execution.duration", "s", "From an execution's start to its end, by status and trigger type.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram(
        "bronn.step.duration", "s", "One attempt at one step, by node type and status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    public static readonly Counter<long> WebhookResponses = Meter.CreateCounter<long>(
        "bronn.webhook.responses", "{response}", "Webhook deliveries answered, by HTTP status code.");

    public static readonly Counter<long> Refreshes = Meter.CreateCounter<long>(
        "bronn.refreshes", "{refresh}", "OAuth token refreshes attempted, by outcome.");

    public static readonly Counter<long> StuckRunsFixed = Meter.CreateCounter<long>(
        "bronn.stuck_runs.fixed", "{execution}", "Executions the stuck-run sweep found running without a lease and made claimable.");

    public static readonly Histogram<int> WriteBatchSize = Meter.CreateHistogram(
        "bronn.write.batch.size", "{execution}", "Executions written per batched commit.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500] });

    public static readonly Histogram<double> WriteCommitDuration = Meter.CreateHistogram(
        "bronn.write.commit.duration", "s", "How long a batched commit of new executions took, until the database acknowledged it.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] });

    private static readonly List<SystemGauges> Sources = [];

    /// <summary>
    /// The newest source that can answer (one per process in production; a test host runs many apps, some still
    /// migrating or already dropped).
    /// </summary>
    private static IEnumerable<Measurement<long>> Observe(Func<SystemGauges, IEnumerable<Measurement<long>>> read)
    {
        List<SystemGauges> sources;
        lock (Sources)
        {
            sources = [.. Sources];
        }
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            var measurements = read(sources[i]).ToList();
            if (measurements.Count > 0)
            {
                return measurements;
            }
        }
        return [];
    }

    public static readonly ObservableGauge<long> QueueDepth = Meter.CreateObservableGauge("bronn.queue.depth",
        () => Observe(g => g.QueueDepth()), "{execution}", "Executions waiting for an engine (queued, or waiting and due).");

    public static readonly ObservableGauge<long> Connections = Meter.CreateObservableGauge("bronn.connections",
        () => Observe(g => g.Connections()), "{connection}", "Integration connections, by status.");

    internal static void ObserveWith(SystemGauges source)
    {
        lock (Sources) { Sources.Add(source); }
    }

    internal static void StopObserving(SystemGauges source)
    {
        lock (Sources) { Sources.Remove(source); }
    }

    public static void Finished(Execution.Data.Execution execution)
    {
        var tags = new TagList { { "status", execution.Status }, { "trigger", execution.TriggerType } };
        ExecutionsFinished.Add(1, tags);
        if (execution.FinishedAt is { } finished)
        {
            ExecutionDuration.Record((finished - (execution.StartedAt ?? execution.CreatedAt)).TotalSeconds, tags);
        }
    }
}
