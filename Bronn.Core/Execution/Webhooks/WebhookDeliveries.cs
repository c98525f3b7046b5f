using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bronn.Core.Execution.Webhooks;

/// <summary>What a delivery's Idempotency-Key says: start a run (this delivery holds the key) or answer with an earlier one.</summary>
public abstract record DeliveryClaim
{
    public sealed record Claimed : DeliveryClaim;
    public sealed record Repeat(Guid ExecutionId) : DeliveryClaim;
    /// <summary>The first delivery with this key is still starting its run.</summary>
    public sealed record InProgress : DeliveryClaim;
}

/// <summary>Keeps webhook Idempotency-Keys per workflow for Engine:WebhookIdempotencyWindow.</summary>
public sealed class WebhookDeliveries(
    IDbContextFactory<BronnDbContext> contexts, IOptions<EngineOptions> options, TimeProvider clock)
{
    public const int MaxKeyLength = 255;

    /// <summary>A claim never linked to a run (its process died while starting it) may be taken over after this.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    public static string? Problem(string key) =>
        key.Length > MaxKeyLength ? $"The Idempotency-Key header may be at most {MaxKeyLength} characters."
        : key.Any(c => c < 0x21 || c > 0x7e) ? "The Idempotency-Key header may only hold visible ASCII characters (no spaces)."
        : null;

    public async Task<DeliveryClaim> ClaimAsync(Guid workflowId, string key, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One statement: inserts the key, or takes over an expired or abandoned one; RETURNING says whether this delivery holds it.
        var claimed = await db.Database.SqlQuery<int>($"""
            INSERT INTO webhook_deliveries (workflow_id, idempotency_key, execution_id, received_at)
            VALUES ({workflowId}, {key}, NULL, {now})
            ON CONFLICT (workflow_id, idempotency_key) DO UPDATE SET execution_id = NULL, received_at = excluded.received_at
            WHERE webhook_deliveries.received_at < {now - options.Value.WebhookIdempotencyWindow}
               OR (webhook_deliveries.execution_id IS NULL AND webhook_deliveries.received_at < {now - AbandonedAfter})
            RETURNING 1 AS "Value"
            """).ToListAsync(ct);
        if (claimed.Count > 0)
        {
            return new DeliveryClaim.Claimed();
        }
        var existing = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.WorkflowId == workflowId && d.IdempotencyKey == key).Select(d => d.ExecutionId).SingleOrDefaultAsync(ct);
        return existing is { } id ? new DeliveryClaim.Repeat(id) : new DeliveryClaim.InProgress();
    }

    public async Task LinkAsync(Guid workflowId, string key, Guid executionId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Set<WebhookDelivery>().Where(d => d.WorkflowId == workflowId && d.IdempotencyKey == key && d.ExecutionId == null)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.ExecutionId, executionId), ct);
    }

    /// <summary>The delivery was not accepted (no run started): a retry with the key must start one.</summary>
    public async Task ReleaseAsync(Guid workflowId, string key)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Set<WebhookDelivery>().Where(d => d.WorkflowId == workflowId && d.IdempotencyKey == key && d.ExecutionId == null)
                .ExecuteDeleteAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The database is gone; the claim is abandoned and taken over by a retry after AbandonedAfter.
        }
    }

    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - options.Value.WebhookIdempotencyWindow;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<WebhookDelivery>().Where(d => d.ReceivedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
