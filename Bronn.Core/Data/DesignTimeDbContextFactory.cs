using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Bronn.Core.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting a host or reaching a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<BronnDbContext>
{
    public BronnDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<BronnDbContext>();
        DataServiceCollectionExtensions.Configure(options, "Host=127.0.0.1;Database=bronn_design");
        return new BronnDbContext(options.Options);
    }
}
