using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution;

public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>Run the embedded engine in this process (the default; off when Temporal runs the workflows).</summary>
    public bool Enabled { get; set; } = true;

    public int Parallelism { get; set; } = 16;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an execution stays claimed without a heartbeat before another process may resume it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a webhook in when_finished mode waits before answering 202 with the execution id.</summary>
    public TimeSpan WebhookWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most items one step may emit (split_out of a long list, a merge of large branches).</summary>
    public int MaxItemsPerOutput { get; set; } = 10_000;

    /// <summary>The most bytes of JSON one step may store as its output (all its items).</summary>
    public int MaxStepOutputBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The most output (JSON bytes of every step's items) one execution may store.</summary>
    public long MaxExecutionBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many independent branches of one execution run at the same time, on either engine.</summary>
    public int MaxParallelBranches { get; set; } = 4;

    /// <summary>The limits of the code node's scripts (Engine:Code).</summary>
    public Workflows.Code.CodeOptions Code { get; set; } = new();

    /// <summary>How long one node may run (one attempt) before it fails as timed out, on either engine.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The shortest interval a schedule trigger may fire at; administrators may lower it.</summary>
    public TimeSpan MinScheduleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An execution whose engine died this many times while running it fails instead of being resumed again.</summary>
    public int MaxCrashes { get; set; } = 3;

    /// <summary>
    /// How many writer loops commit new executions in batches (each takes everything pending). One keeps batches
    /// largest (about 0.1 commits per run at 50 concurrent webhooks on 2 cores); more can help on parallel storage.
    /// </summary>
    public int Writers { get; set; } = 1;

    /// <summary>How many new executions may wait to be written; beyond that webhooks answer 503 with Retry-After.</summary>
    public int MaxPendingWrites { get; set; } = 5_000;

    /// <summary>The most executions one batched commit writes.</summary>
    public int MaxWriteBatch { get; set; } = 500;

    /// <summary>How long a webhook delivery's Idempotency-Key makes a retried delivery return the first one's answer.</summary>
    public TimeSpan WebhookIdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>On shutdown (SIGTERM), how long runs and webhook callers in flight may take to finish before the runs left are handed back.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Finished executions older than this are deleted with their steps.</summary>
    public TimeSpan RetainFor { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>The embedded engine's loop: claims runnable executions and runs them, renewing their leases meanwhile.</summary>
public sealed class ExecutionDispatcher(
    IDbContextFactory<BronnDbContext> contexts, ExecutionRunner runner, ExecutionLeases leases, ExecutionSignal signal, EngineCapacity capacity,
    InProcessRuns runs, IOptions<EngineOptions> options, ILogger<ExecutionDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = capacity.Free;
            var claimed = new List<Guid>();
            if (free > 0)
            {
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                    claimed = await leases.ClaimAsync(db, free, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Could not claim executions ({Reason}); retrying", ex.Message);
                }
            }
            capacity.Take(claimed.Count);
            foreach (var id in claimed)
            {
                runs.Start(id, ct => runner.RunAsync(id, ct));
            }
            if (claimed.Count == 0 || free <= claimed.Count)
            {
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
        }
    }
}

/// <summary>Wakes the dispatcher at once when this process queues work, instead of at the next poll.</summary>
public sealed class ExecutionSignal
{
    private readonly SemaphoreSlim semaphore = new(0, int.MaxValue);

    public void Release() => semaphore.Release();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            if (await semaphore.WaitAsync(timeout, ct))
            {
                while (semaphore.CurrentCount > 0 && semaphore.Wait(0))
                {
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
