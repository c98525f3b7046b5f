using Bronn.Core.Accounts;
using Bronn.Core.Integrations;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Data;

public sealed class BronnDbContext(DbContextOptions<BronnDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<IntegrationConnection> IntegrationConnections => Set<IntegrationConnection>();

    public DbSet<OAuthState> OAuthStates => Set<OAuthState>();

    public DbSet<IntegrationEvent> IntegrationEvents => Set<IntegrationEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BronnDbContext).Assembly);
}
