using Bronn.Core.Workflows.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bronn.Core.Workflows.History;

/// <summary>One saved draft, as it was saved: the history a user can view, compare and restore.</summary>
public sealed class WorkflowDraft
{
    /// <summary>The newest saves are kept per workflow; older ones go when a new one comes.</summary>
    public const int Kept = 50;

    public long Id { get; set; }
    public Guid WorkflowId { get; set; }
    public int Revision { get; set; }
    public required string Definition { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public Guid SavedBy { get; set; }
}

internal sealed class WorkflowDraftConfiguration : IEntityTypeConfiguration<WorkflowDraft>
{
    public void Configure(EntityTypeBuilder<WorkflowDraft> draft)
    {
        draft.ToTable("workflow_drafts");
        draft.HasKey(d => d.Id);
        draft.HasOne<Workflow>().WithMany().HasForeignKey(d => d.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        draft.HasIndex(d => new { d.WorkflowId, d.Revision });
        draft.Property(d => d.Definition).HasColumnType("jsonb");
    }
}
