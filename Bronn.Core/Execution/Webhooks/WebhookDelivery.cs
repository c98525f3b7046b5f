using Bronn.Core.Workflows.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bronn.Core.Execution.Webhooks;

/// <summary>
/// A webhook delivery that carried an Idempotency-Key: a retried delivery with the same key (per workflow) gets the
/// first one's execution. ExecutionId is null while the first delivery is still starting its run.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid WorkflowId { get; set; }
    public required string IdempotencyKey { get; set; }
    public Guid? ExecutionId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("webhook_deliveries");
        delivery.HasKey(d => new { d.WorkflowId, d.IdempotencyKey });
        delivery.HasOne<Workflow>().WithMany().HasForeignKey(d => d.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        delivery.Property(d => d.IdempotencyKey).HasMaxLength(WebhookDeliveries.MaxKeyLength);
        delivery.HasIndex(d => d.ReceivedAt); // the pruner's expired keys
    }
}
