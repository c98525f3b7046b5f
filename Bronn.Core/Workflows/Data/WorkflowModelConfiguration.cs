using Bronn.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bronn.Core.Workflows.Data;

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    public void Configure(EntityTypeBuilder<Workflow> workflow)
    {
        workflow.ToTable("workflows");
        workflow.HasKey(w => w.Id);
        workflow.HasOne<User>().WithMany().HasForeignKey(w => w.OwnerId).OnDelete(DeleteBehavior.Cascade);
        workflow.HasIndex(w => w.OwnerId);
        workflow.HasIndex(w => w.HookId).IsUnique();
        workflow.Property(w => w.Name).HasMaxLength(200);
        workflow.Property(w => w.Definition).HasColumnType("jsonb");
        workflow.Property(w => w.HookId).HasMaxLength(64);
    }
}

internal sealed class WorkflowVersionConfiguration : IEntityTypeConfiguration<WorkflowVersion>
{
    public void Configure(EntityTypeBuilder<WorkflowVersion> version)
    {
        version.ToTable("workflow_versions");
        version.HasKey(v => v.Id);
        version.HasOne<Workflow>().WithMany().HasForeignKey(v => v.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        // Published versions are numbered 1, 2, ...; test-run snapshots of the draft are all number 0.
        version.HasIndex(v => new { v.WorkflowId, v.Number }).IsUnique().HasFilter("number > 0");
        version.Property(v => v.Definition).HasColumnType("jsonb");
    }
}
