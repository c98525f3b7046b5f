using Bronn.Core.Data;
using Bronn.Core.Workflows.Data;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Workflows.History;

/// <summary>Every save of a draft is kept (the newest <see cref="WorkflowDraft.Kept"/>), written with the save itself.</summary>
internal static class DraftHistory
{
    public static WorkflowDraft Entry(Workflow workflow, Guid savedBy) => new()
    {
        WorkflowId = workflow.Id, Revision = workflow.Revision, Definition = workflow.Definition, SavedAt = workflow.UpdatedAt, SavedBy = savedBy,
    };

    public static async Task AppendAsync(BronnDbContext db, Workflow workflow, Guid savedBy, CancellationToken ct)
    {
        db.Entry(workflow).State = EntityState.Detached; // saved already, by the conditional update
        db.WorkflowDrafts.Add(Entry(workflow, savedBy));
        await db.SaveChangesAsync(ct);
        await db.WorkflowDrafts.Where(d => d.WorkflowId == workflow.Id && d.Revision <= workflow.Revision - WorkflowDraft.Kept).ExecuteDeleteAsync(ct);
    }
}
