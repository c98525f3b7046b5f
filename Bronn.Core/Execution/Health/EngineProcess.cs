using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bronn.Core.Execution.Health;

/// <summary>A process running an engine, as it last said it was alive (every <see cref="EngineHeartbeat.Interval"/>).</summary>
public sealed class EngineProcess
{
    /// <summary>The process's lease owner name (<see cref="ExecutionLeases.Owner"/>): its leases carry it.</summary>
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public required string Host { get; set; }
    public int ProcessId { get; set; }
    public required string Version { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset SeenAt { get; set; }
}

internal sealed class EngineProcessConfiguration : IEntityTypeConfiguration<EngineProcess>
{
    public void Configure(EntityTypeBuilder<EngineProcess> process)
    {
        process.ToTable("engine_processes");
        process.HasKey(p => p.Id);
        process.Property(p => p.Id).HasMaxLength(64);
        process.Property(p => p.Kind).HasMaxLength(64);
        process.Property(p => p.Host).HasMaxLength(255);
        process.Property(p => p.Version).HasMaxLength(64);
    }
}
