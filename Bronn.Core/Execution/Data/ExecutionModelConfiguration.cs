using Bronn.Core.Accounts;
using Bronn.Core.Workflows.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bronn.Core.Execution.Data;

internal sealed class ExecutionConfiguration : IEntityTypeConfiguration<Execution>
{
    public void Configure(EntityTypeBuilder<Execution> execution)
    {
        execution.ToTable("executions");
        execution.HasKey(e => e.Id);
        execution.HasOne<Workflow>().WithMany().HasForeignKey(e => e.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        execution.HasOne<User>().WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Cascade);
        execution.Property(e => e.Status).HasMaxLength(16);
        execution.Property(e => e.TriggerType).HasMaxLength(64);
        execution.Property(e => e.TriggerData).HasColumnType("jsonb");
        execution.Property(e => e.Output).HasColumnType("jsonb");
        execution.Property(e => e.FailedNodeId).HasMaxLength(64);
        execution.Property(e => e.WaitingNodeId).HasMaxLength(64);
        execution.Property(e => e.LeaseOwner).HasMaxLength(64);
        execution.Property(e => e.TraceParent).HasMaxLength(64);
        // The dispatcher's claim: runnable executions in order.
        execution.HasIndex(e => new { e.Status, e.ResumeAt }).HasFilter("status IN ('queued', 'waiting', 'running')");
        execution.HasIndex(e => new { e.WorkflowId, e.CreatedAt });
        execution.HasIndex(e => new { e.OwnerId, e.CreatedAt });
        execution.HasIndex(e => e.FinishedAt).HasFilter("finished_at IS NOT NULL"); // the pruner's oldest-first batches
        // Runs a run started (error workflow runs); at most one error workflow run per failed run, whatever races.
        execution.HasIndex(e => new { e.ParentExecutionId, e.TriggerType }).IsUnique().HasFilter("parent_execution_id IS NOT NULL AND trigger_type = 'error'");
        execution.HasIndex(e => e.ParentExecutionId).HasFilter("parent_execution_id IS NOT NULL");
    }
}

internal sealed class ExecutionStepConfiguration : IEntityTypeConfiguration<ExecutionStep>
{
    public void Configure(EntityTypeBuilder<ExecutionStep> step)
    {
        step.ToTable("execution_steps");
        step.HasKey(s => s.Id);
        step.HasOne<Execution>().WithMany().HasForeignKey(s => s.ExecutionId).OnDelete(DeleteBehavior.Cascade);
        step.HasIndex(s => new { s.ExecutionId, s.Id });
        // A step key succeeds at most once per execution: the database enforces "completed steps never run again".
        step.HasIndex(s => new { s.ExecutionId, s.Key }).IsUnique().HasFilter("status <> 'failed'");
        step.Property(s => s.NodeId).HasMaxLength(64);
        step.Property(s => s.Key).HasMaxLength(200);
        step.Property(s => s.NodeType).HasMaxLength(64);
        step.Property(s => s.Status).HasMaxLength(16);
        step.Property(s => s.Port).HasMaxLength(32);
        step.Property(s => s.Input).HasColumnType("jsonb");
        step.Property(s => s.Output).HasColumnType("jsonb");
        step.Property(s => s.Items).HasColumnType("jsonb");
    }
}

internal sealed class ScheduleFireConfiguration : IEntityTypeConfiguration<Triggers.ScheduleFire>
{
    public void Configure(EntityTypeBuilder<Triggers.ScheduleFire> fire)
    {
        fire.ToTable("schedule_fires");
        fire.HasKey(f => new { f.WorkflowId, f.FireTime });
        fire.HasOne<Workflow>().WithMany().HasForeignKey(f => f.WorkflowId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TriggerCursorConfiguration : IEntityTypeConfiguration<Triggers.TriggerCursor>
{
    public void Configure(EntityTypeBuilder<Triggers.TriggerCursor> cursor)
    {
        cursor.ToTable("trigger_cursors");
        cursor.HasKey(c => c.WorkflowId);
        cursor.HasOne<Workflow>().WithMany().HasForeignKey(c => c.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        cursor.Property(c => c.Cursor).HasMaxLength(256);
    }
}

internal sealed class TriggerEventConfiguration : IEntityTypeConfiguration<Triggers.TriggerEvent>
{
    public void Configure(EntityTypeBuilder<Triggers.TriggerEvent> e)
    {
        e.ToTable("trigger_events");
        e.HasKey(x => new { x.WorkflowId, x.EventKey });
        e.HasOne<Workflow>().WithMany().HasForeignKey(x => x.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.EventKey).HasMaxLength(256);
    }
}
