using System.Threading.Channels;
using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bronn.Core.Execution.Writes;

/// <summary>
/// Group commit for new execution rows: what every concurrent caller hands in is taken by a few writer loops, each
/// writing everything pending in one transaction (no waiting for a batch to fill: it grows while the previous commit is
/// in flight). A caller's task completes only once its rows are committed. A row the database refuses fails only its
/// own caller; an outage fails the whole batch's callers with the database's error (answered 503 upstream).
/// </summary>
public sealed class ExecutionWriteBatcher : IAsyncDisposable
{
    private readonly Channel<PendingWrite> pending;
    private readonly int maxPending;
    private volatile bool stopping;
    private readonly string connectionString;
    private readonly int maxBatch;
    private readonly ILogger<ExecutionWriteBatcher> logger;
    private readonly Lazy<Task[]> writers;

    public ExecutionWriteBatcher(IOptions<DatabaseOptions> database, IOptions<EngineOptions> engine, ILogger<ExecutionWriteBatcher> logger)
    {
        connectionString = database.Value.Bronn!;
        maxBatch = engine.Value.MaxWriteBatch;
        maxPending = engine.Value.MaxPendingWrites;
        pending = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(maxPending) { FullMode = BoundedChannelFullMode.Wait });
        this.logger = logger;
        var count = engine.Value.Writers;
        writers = new Lazy<Task[]>(() => Enumerable.Range(0, count).Select(_ => Task.Run(WriteLoopAsync)).ToArray());
    }

    /// <summary>Writes these new rows; completes once they are committed, or fails with why they were not.</summary>
    /// <exception cref="WritesBackedUpException">Engine:MaxPendingWrites writes are waiting already.</exception>
    public Task WriteAsync(IReadOnlyList<Data.Execution> executions, IReadOnlyList<ExecutionStep> steps)
    {
        _ = writers.Value;
        var write = new PendingWrite(executions, steps);
        if (!pending.Writer.TryWrite(write))
        {
            throw stopping
                ? new InvalidOperationException("Bronn is stopping: the run was not stored.")
                : new WritesBackedUpException(maxPending);
        }
        return write.Committed.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>();
        while (await pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < maxBatch && pending.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            if (batch.Count > 0)
            {
                await CommitAsync(batch);
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        try
        {
            await WriteTogetherAsync(batch);
            batch.ForEach(w => w.Committed.TrySetResult());
        }
        catch (Exception ex) when (batch.Count > 1 && !DatabaseOutages.IsOutage(ex))
        {
            // One write is refused (a duplicate, a constraint): each on its own, so that only its caller fails.
            logger.LogWarning("A batch of {Count} executions was refused ({Reason}); writing them one by one", batch.Count, ex.Message);
            foreach (var write in batch)
            {
                await CommitAsync([write]);
            }
        }
        catch (Exception ex)
        {
            batch.ForEach(w => w.Committed.TrySetException(ex));
        }
    }

    private async Task WriteTogetherAsync(List<PendingWrite> batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(connectionString); // the same pool as EF Core's contexts
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecutionRows.CopyAsync(connection, batch.SelectMany(w => w.Executions), batch.SelectMany(w => w.Steps), CancellationToken.None);
        await transaction.CommitAsync();
        Telemetry.BronnMetrics.WriteCommitDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        Telemetry.BronnMetrics.WriteBatchSize.Record(batch.Count);
    }

    public async ValueTask DisposeAsync()
    {
        stopping = true;
        pending.Writer.TryComplete();
        if (writers.IsValueCreated)
        {
            await Task.WhenAll(writers.Value); // what was handed in is still written
        }
    }

    private sealed record PendingWrite(IReadOnlyList<Data.Execution> Executions, IReadOnlyList<ExecutionStep> Steps)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
