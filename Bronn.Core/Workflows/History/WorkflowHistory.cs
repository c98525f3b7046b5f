using Bronn.Core.Data;
using Bronn.Core.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Workflows.History;

public enum HistoryKind { Published, Draft }

/// <summary>One point in a workflow's history: a published version (its number) or a saved draft (its revision).</summary>
public sealed record HistoryEntry(HistoryKind Kind, int Number, DateTimeOffset At, string? By, bool IsRunning, bool IsCurrentDraft)
{
    public string Label => Kind == HistoryKind.Published ? $"Published v{Number}" : $"Draft, save {Number}";
}

/// <summary>
/// A workflow's published versions and saved drafts, newest first, to view, compare and restore as the draft. Only the
/// owner sees them; definitions come out with secret parameters masked, as everywhere.
/// </summary>
public sealed class WorkflowHistory(IDbContextFactory<BronnDbContext> contexts, WorkflowStore store, SecretParameters secrets)
{
    public async Task<List<HistoryEntry>?> ListAsync(Guid workflowId, WorkflowCaller caller, CancellationToken ct = default)
    {
        if (await store.GetAsync(workflowId, caller, ct) is not { } workflow)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var published = await db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == workflowId && v.Number > 0)
            .Join(db.Users, v => v.PublishedBy, u => u.Id, (v, u) => new { v.Number, v.PublishedAt, u.Email }).ToListAsync(ct);
        var drafts = await db.WorkflowDrafts.AsNoTracking().Where(d => d.WorkflowId == workflowId)
            .GroupJoin(db.Users, d => d.SavedBy, u => u.Id, (d, users) => new { d, users })
            .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new { x.d.Revision, x.d.SavedAt, Email = u == null ? null : u.Email }).ToListAsync(ct);
        return published.Select(v => new HistoryEntry(HistoryKind.Published, v.Number, v.PublishedAt, v.Email, v.Number == workflow.PublishedVersionNumber, false))
            .Concat(drafts.Select(d => new HistoryEntry(HistoryKind.Draft, d.Revision, d.SavedAt, d.Email, false, d.Revision == workflow.Revision)))
            .OrderByDescending(e => e.At).ThenBy(e => e.Kind).ToList();
    }

    /// <summary>The definition at that point, secrets masked; null when there is no such entry (or it is not the caller's).</summary>
    public async Task<WorkflowDefinition?> GetAsync(Guid workflowId, WorkflowCaller caller, HistoryKind kind, int number, CancellationToken ct = default) =>
        await RawAsync(workflowId, caller, kind, number, ct) is { } raw ? secrets.Hide(raw) : null;

    /// <summary>Stores that point's definition as the draft (a new save, itself in the history); publishing stays a separate step.</summary>
    public async Task<SaveResult?> RestoreAsync(Guid workflowId, WorkflowCaller caller, HistoryKind kind, int number, int? basedOnRevision, CancellationToken ct = default) =>
        await RawAsync(workflowId, caller, kind, number, ct) is { } raw ? await store.UpdateAsync(workflowId, caller, raw, basedOnRevision, ct) : null;

    private async Task<WorkflowDefinition?> RawAsync(Guid workflowId, WorkflowCaller caller, HistoryKind kind, int number, CancellationToken ct)
    {
        if (await store.GetAsync(workflowId, caller, ct) is null || number < 1)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var json = kind == HistoryKind.Published
            ? await db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == workflowId && v.Number == number).Select(v => v.Definition).SingleOrDefaultAsync(ct)
            : await db.WorkflowDrafts.AsNoTracking().Where(d => d.WorkflowId == workflowId && d.Revision == number).OrderByDescending(d => d.Id).Select(d => d.Definition).FirstOrDefaultAsync(ct);
        return json is null ? null : WorkflowStore.Parse(json);
    }
}
