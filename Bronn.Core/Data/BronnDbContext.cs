using Bronn.Core.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Data;

public sealed class BronnDbContext(DbContextOptions<BronnDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BronnDbContext).Assembly);
}
