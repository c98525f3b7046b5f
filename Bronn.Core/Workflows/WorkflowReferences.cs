using Bronn.Core.Data;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Workflows;

/// <summary>A workflow another one names (as its error workflow): its name and the trigger its published version starts with.</summary>
public sealed record ReferencedWorkflow(Guid Id, string Name, string? PublishedTrigger);

/// <summary>The owner's workflows a definition refers to, and the ones it could refer to (for pickers).</summary>
public sealed class WorkflowReferences(IDbContextFactory<BronnDbContext> contexts, NodeCatalog catalog)
{
    /// <summary>The owner's workflows among those the definition names; another owner's never appear.</summary>
    public async Task<IReadOnlyDictionary<Guid, ReferencedWorkflow>> FindAsync(Guid ownerId, WorkflowDefinition definition, CancellationToken ct = default)
    {
        var named = (definition.Nodes ?? []).Where(n => n.Type == Catalog.Nodes.WorkflowExecuteNode.Type).Select(n => n.Parameter("workflowId")?.ToString())
            .Append(definition.Settings?.ErrorWorkflow);
        var ids = named.Select(text => Guid.TryParse(text, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return new Dictionary<Guid, ReferencedWorkflow>();
        }
        var found = await ListAsync(ownerId, ids, ct);
        return found.ToDictionary(w => w.Id);
    }

    /// <summary>The owner's workflows whose published version starts with this trigger (the error workflow picker).</summary>
    public async Task<IReadOnlyList<ReferencedWorkflow>> StartingWithAsync(Guid ownerId, string triggerType, CancellationToken ct = default) =>
        (await ListAsync(ownerId, null, ct)).Where(w => w.PublishedTrigger == triggerType).OrderBy(w => w.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    /// <summary>The names of the owner's active workflows whose published version uses this integration (a node of its
    /// type, or an HTTP request sent with its token): what stops working when it is disconnected.</summary>
    public async Task<IReadOnlyList<string>> ActiveUsingIntegrationAsync(Guid ownerId, string integration, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Workflows.AsNoTracking().Where(w => w.OwnerId == ownerId && w.Active && w.PublishedVersionId != null)
            .Select(w => new { w.Name, Published = db.WorkflowVersions.Where(v => v.Id == w.PublishedVersionId).Select(v => v.Definition).First() })
            .ToListAsync(ct);
        return rows.Where(r => (WorkflowStore.Parse(r.Published).Nodes ?? []).Any(n => (n.Integration ?? catalog.Find(n.Type)?.Integration) == integration))
            .Select(r => r.Name).Order(StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    private async Task<List<ReferencedWorkflow>> ListAsync(Guid ownerId, Guid[]? ids, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflows = db.Workflows.AsNoTracking().Where(w => w.OwnerId == ownerId);
        if (ids is not null)
        {
            workflows = workflows.Where(w => ids.Contains(w.Id));
        }
        var rows = await workflows
            .Select(w => new { w.Id, w.Name, Published = db.WorkflowVersions.Where(v => v.Id == w.PublishedVersionId).Select(v => v.Definition).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.ConvertAll(r => new ReferencedWorkflow(r.Id, r.Name, r.Published is null ? null : TriggerOf(WorkflowStore.Parse(r.Published))));
    }

    private string? TriggerOf(WorkflowDefinition definition) =>
        (definition.Nodes ?? []).FirstOrDefault(n => catalog.Find(n.Type)?.IsTrigger == true)?.Type;
}
