using System.Collections.Concurrent;
using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bronn.Core.Execution;

/// <summary>
/// Which process runs which execution. Claims use FOR UPDATE SKIP LOCKED, so engines on several processes never
/// take the same execution; a lease that stops being renewed (a killed process) lets another engine resume it.
/// Claiming a lapsed lease counts a crash; crashes count in a row, so a run that finished a step since the last one
/// starts again from one: a run that kills its engine dies at the same step every time, a run unlucky at deploys does not.
/// A run that was in flight when its engine died is a suspect: each engine resumes one suspect at a time (until it
/// stores a step), beside ordinary runs only, so that the next death counts against one suspect and a run that kills its
/// engine does not take the runs it died with down to Engine:MaxCrashes too.
/// </summary>
public sealed class ExecutionLeases(TimeProvider clock, Microsoft.Extensions.Options.IOptions<EngineOptions> options)
{
    public TimeSpan Duration => options.Value.LeaseDuration;

    public string Owner { get; } = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>
    /// The executions this process is running now. A lease of its own that lapsed (renewals delayed on a starved
    /// machine) must not be claimed again here: that would run the same execution twice at once.
    /// </summary>
    private readonly ConcurrentDictionary<Guid, byte> held = new();

    /// <summary>The suspect this process is resuming, until it stores a step or its attempt ends; <see cref="Guid.Empty"/> when none.</summary>
    private Guid suspect;
    private readonly Lock suspectLock = new();

    public bool ResumingSuspect
    {
        get
        {
            lock (suspectLock)
            {
                return suspect != Guid.Empty;
            }
        }
    }

    public async Task<List<Guid>> ClaimAsync(BronnDbContext db, int count, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(ClaimSql, connection);
        var now = clock.GetUtcNow();
        command.Parameters.AddWithValue("owner", Owner);
        command.Parameters.AddWithValue("until", now + Duration);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("held", held.Keys.ToArray());
        command.Parameters.AddWithValue("suspects", ResumingSuspect ? 0 : 1);
        var claimed = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(reader.GetGuid(0));
            if (reader.GetBoolean(1))
            {
                lock (suspectLock)
                {
                    suspect = reader.GetGuid(0);
                }
            }
        }
        return claimed;
    }

    private const string ClaimSql = """
        WITH suspect AS (
            SELECT id FROM executions
            WHERE status = 'running' AND lease_expires_at < @now AND (lease_owner IS NOT NULL OR crashes > 0)
              AND NOT (id = ANY(@held))
            ORDER BY created_at
            LIMIT @suspects
            FOR UPDATE SKIP LOCKED),
        ordinary AS (
            SELECT id FROM executions
            WHERE (status = 'queued'
                   OR (status = 'waiting' AND resume_at <= @now)
                   OR (status = 'running' AND lease_expires_at < @now AND lease_owner IS NULL AND crashes = 0))
              AND NOT (id = ANY(@held))
            ORDER BY created_at
            LIMIT @count - (SELECT count(*) FROM suspect)
            FOR UPDATE SKIP LOCKED)
        UPDATE executions SET status = 'running', lease_owner = @owner, lease_expires_at = @until, started_at = COALESCE(started_at, @now),
               crashes = CASE WHEN status <> 'running' OR lease_owner IS NULL THEN crashes
                              WHEN (SELECT COALESCE(max(s.id), 0) FROM execution_steps s WHERE s.execution_id = executions.id) > progress_at_last_crash THEN 1
                              ELSE crashes + 1 END,
               progress_at_last_crash = CASE WHEN status <> 'running' OR lease_owner IS NULL THEN progress_at_last_crash
                              ELSE (SELECT COALESCE(max(s.id), 0) FROM execution_steps s WHERE s.execution_id = executions.id) END
        WHERE id IN (SELECT id FROM suspect UNION ALL SELECT id FROM ordinary)
        RETURNING id, id IN (SELECT id FROM suspect)
        """;

    public Task<int> RenewAsync(BronnDbContext db, Guid id, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + Duration;
        return db.Executions.Where(e => e.Id == id && e.LeaseOwner == Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseExpiresAt, until), ct);
    }

    /// <summary>Renews this process's lease on an execution every third of its duration, until cancelled.</summary>
    public async Task KeepAliveAsync(IDbContextFactory<BronnDbContext> contexts, Guid id, CancellationToken ct)
    {
        held[id] = 0; // before the first await: the caller is running it from now on
        try
        {
            while (true)
            {
                // The run's end cancels the wait: that is the normal way out, so it throws nothing (one per execution adds up).
                await Task.Delay(Duration / 3, clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (ct.IsCancellationRequested)
                {
                    return;
                }
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    await RenewAsync(db, id, ct);
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    // The database is briefly unreachable: the next renewal tries again, the lease has room for it.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended during a renewal.
        }
        finally
        {
            held.TryRemove(id, out _);
            Progressed(id);
        }
    }

    /// <summary>A step of this execution was stored: if it was the suspect this process resumed, the next one may be claimed.</summary>
    public void Progressed(Guid id)
    {
        lock (suspectLock)
        {
            suspect = suspect == id ? Guid.Empty : suspect;
        }
    }

    /// <summary>Stops here until <paramref name="resumeAt"/>: a durable timer, whichever process picks it up.</summary>
    public async Task ParkAsync(BronnDbContext db, Data.Execution execution, DateTimeOffset resumeAt, string? delayNodeId, CancellationToken ct)
    {
        execution.Status = Data.ExecutionStatus.Waiting;
        execution.ResumeAt = resumeAt;
        execution.WaitingNodeId = delayNodeId;
        execution.LeaseOwner = null;
        execution.LeaseExpiresAt = null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Hands an execution back when this process stops on purpose (a deploy): another engine may take it at once, and
    /// it does not count as a crash.
    /// </summary>
    public async Task ReleaseAsync(IDbContextFactory<BronnDbContext> contexts, Guid id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await using var db = await contexts.CreateDbContextAsync(timeout.Token);
            var now = clock.GetUtcNow();
            await db.Executions.Where(e => e.Id == id && e.LeaseOwner == Owner && e.Status == Data.ExecutionStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseOwner, (string?)null).SetProperty(e => e.LeaseExpiresAt, now), timeout.Token);
        }
        catch (Exception)
        {
            // Best effort while stopping: the lease lapses on its own instead.
        }
    }

    public Task<bool> CancelRequestedAsync(BronnDbContext db, Guid id, CancellationToken ct) =>
        db.Executions.Where(e => e.Id == id).Select(e => e.CancelRequested).SingleAsync(ct);

}
