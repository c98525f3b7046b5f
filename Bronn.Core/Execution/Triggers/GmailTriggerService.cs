using System.Globalization;
using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Bronn.Core.Integrations.Providers.Google;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bronn.Core.Execution.Triggers;

/// <summary>
/// "New Gmail message": polls Gmail history from a stored historyId per workflow. One engine polls a workflow at a
/// time (a conditional UPDATE of next_poll_at); each new matching message becomes one execution, deduplicated by a
/// (workflow, message) key inserted with it; the cursor moves only after, so a crash re-polls rather than drops.
/// </summary>
public sealed class GmailTriggerService(
    IDbContextFactory<BronnDbContext> contexts, ActiveTriggers triggers, IServiceProvider services, IExecutionLauncher launcher, TimeProvider clock,
    ILogger<GmailTriggerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Gmail polling failed; trying again shortly");
            }
        }
    }

    /// <returns>How many executions this round started.</returns>
    public async Task<int> PollDueAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var started = 0;
        var launched = new List<Guid>();
        foreach (var (workflow, _, trigger) in await triggers.ListAsync(db, "gmail.new_message", ct))
        {
            var interval = TimeSpan.TryParse(trigger.Parameter("pollInterval")?.GetString(), CultureInfo.InvariantCulture, out var i) ? i : TimeSpan.FromMinutes(1);
            try
            {
                started += await PollAsync(db, workflow, trigger, trigger.Parameter("query")?.GetString() ?? "in:inbox", interval, launched, ct);
            }
            catch (Exception ex) when (ex is Integrations.Providers.ProviderApiException or Integrations.Refresh.IntegrationUnavailableException or HttpRequestException)
            {
                logger.LogWarning("Polling Gmail for workflow {WorkflowId} failed: {Reason}", workflow.Id, ex.Message);
            }
        }
        foreach (var executionId in launched)
        {
            await launcher.LaunchAsync(executionId, ct);
        }
        return started;
    }

    private async Task<int> PollAsync(BronnDbContext db, Workflow workflow, NodeDefinition trigger, string query, TimeSpan interval, List<Guid> launched, CancellationToken ct)
    {
        var gmail = services.GetRequiredService<GmailClient>();
        var now = clock.GetUtcNow();
        var cursor = await db.TriggerCursors.AsNoTracking().SingleOrDefaultAsync(c => c.WorkflowId == workflow.Id, ct);
        if (cursor is null)
        {
            // First poll: start from now; mail that arrived before activation does not trigger.
            var profile = await gmail.GetProfileAsync(workflow.OwnerId, ct);
            db.TriggerCursors.Add(new TriggerCursor { WorkflowId = workflow.Id, Cursor = profile.HistoryId, NextPollAt = now + interval, UpdatedAt = now });
            await SaveIgnoringDuplicateAsync(db, ct);
            return 0;
        }
        var claimed = await db.TriggerCursors.Where(c => c.WorkflowId == workflow.Id && c.NextPollAt <= now && c.Cursor == cursor.Cursor)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextPollAt, now + interval), ct);
        if (claimed == 0)
        {
            return 0; // not due, or another engine is polling it
        }

        var history = await gmail.GetHistoryAsync(workflow.OwnerId, cursor.Cursor, ct);
        var started = 0;
        if (history.AddedMessageIds.Count > 0)
        {
            var matching = (await gmail.SearchAsync(workflow.OwnerId, query, 500, ct)).ToHashSet();
            foreach (var id in history.AddedMessageIds.Where(matching.Contains))
            {
                var message = await gmail.GetMessageAsync(workflow.OwnerId, id, ct);
                started += await StartOnceAsync(db, workflow, trigger, id, clock.GetUtcNow(), launched, new
                {
                    id = message.Id, threadId = message.ThreadId, from = message.From, to = message.To, subject = message.Subject,
                    date = message.Date, snippet = message.Snippet, text = message.TextBody, labelIds = message.LabelIds,
                }, ct) ? 1 : 0;
            }
        }
        await db.TriggerCursors.Where(c => c.WorkflowId == workflow.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Cursor, history.HistoryId).SetProperty(c => c.UpdatedAt, clock.GetUtcNow()), ct);
        return started;
    }

    private static async Task<bool> StartOnceAsync(BronnDbContext db, Workflow workflow, NodeDefinition trigger, string messageId, DateTimeOffset now, List<Guid> launched,
        object data, CancellationToken ct)
    {
        var execution = new Data.Execution
        {
            Id = Guid.CreateVersion7(), WorkflowId = workflow.Id, WorkflowVersionId = workflow.PublishedVersionId!.Value, OwnerId = workflow.OwnerId,
            Status = ExecutionStatus.Queued, TriggerType = "gmail.new_message", TriggerData = JsonSerializer.Serialize(data), CreatedAt = now,
        };
        db.TriggerEvents.Add(new TriggerEvent { WorkflowId = workflow.Id, EventKey = $"gmail:{messageId}", ExecutionId = execution.Id });
        db.Executions.Add(execution);
        db.ExecutionSteps.Add(PublishedGraphs.TriggerStep(execution, trigger));
        if (await SaveIgnoringDuplicateAsync(db, ct))
        {
            launched.Add(execution.Id);
            return true;
        }
        return false;
    }

    private static async Task<bool> SaveIgnoringDuplicateAsync(BronnDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
