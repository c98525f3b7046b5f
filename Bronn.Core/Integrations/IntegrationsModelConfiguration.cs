using Bronn.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bronn.Core.Integrations;

internal sealed class IntegrationConnectionConfiguration : IEntityTypeConfiguration<IntegrationConnection>
{
    public void Configure(EntityTypeBuilder<IntegrationConnection> connection)
    {
        connection.ToTable("integration_connections", t => t.HasCheckConstraint("ck_integration_connections_status",
            $"status IN ('{ConnectionStatus.Active}', '{ConnectionStatus.Expired}', '{ConnectionStatus.Revoked}', '{ConnectionStatus.Error}')"));
        connection.HasKey(c => c.Id);
        connection.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        connection.HasIndex(c => new { c.UserId, c.Integration }).IsUnique();
        // The refresher's sweep: active credentials by expiry.
        connection.HasIndex(c => c.ExpiresAt).HasFilter("status = 'active' AND has_refresh_token");
        connection.HasIndex(c => c.KeyId);
        connection.Property(c => c.Integration).HasMaxLength(64);
        connection.Property(c => c.Provider).HasMaxLength(64);
        connection.Property(c => c.Status).HasMaxLength(16);
        connection.Property(c => c.StatusMessage).HasMaxLength(500);
        connection.Property(c => c.Account).HasMaxLength(320);
        connection.Property(c => c.KeyId).HasMaxLength(32);
        connection.Property(c => c.LeaseOwner).HasMaxLength(64);
    }
}

internal sealed class OAuthStateConfiguration : IEntityTypeConfiguration<OAuthState>
{
    public void Configure(EntityTypeBuilder<OAuthState> state)
    {
        state.ToTable("oauth_states");
        state.HasKey(s => s.StateHash);
        state.Property(s => s.StateHash).HasMaxLength(64);
        state.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        state.Property(s => s.Integration).HasMaxLength(64);
        state.Property(s => s.Provider).HasMaxLength(64);
        state.Property(s => s.ReturnUrl).HasMaxLength(2048);
        state.HasIndex(s => s.ExpiresAt);
    }
}

internal sealed class IntegrationEventConfiguration : IEntityTypeConfiguration<IntegrationEvent>
{
    public void Configure(EntityTypeBuilder<IntegrationEvent> e)
    {
        e.ToTable("integration_events");
        e.HasKey(x => x.Id);
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Integration).HasMaxLength(64);
        e.Property(x => x.Kind).HasMaxLength(32);
        e.Property(x => x.Message).HasMaxLength(500);
        e.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
        e.HasIndex(x => x.CreatedAt);
        e.HasIndex(x => new { x.UserId, x.CreatedAt });
    }
}
