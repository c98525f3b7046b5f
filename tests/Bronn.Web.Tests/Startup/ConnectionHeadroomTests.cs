using Bronn.Core.Data;
using Bronn.Testing;

namespace Bronn.Web.Tests.Startup;

/// <summary>The migrate step warns when Bronn's pools would take every slot of the cluster.</summary>
public sealed class ConnectionHeadroomTests
{
    [Theory]
    [InlineData(300, 3, 100, false)]
    [InlineData(100, 3, 100, true)]
    [InlineData(100, 3, 43, false)]
    [InlineData(100, 3, 44, true)]
    public void Two_pools_plus_room_for_other_clients_must_fit_in_max_connections(int max, int reserved, int pool, bool tight)
    {
        var problem = ConnectionHeadroom.Problem(max, reserved, pool);

        Assert.Equal(tight, problem is not null);
        if (problem is not null)
        {
            Assert.Contains("Maximum Pool Size=43", problem);
        }
    }

    [Fact]
    public async Task The_check_reads_the_clusters_real_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        var limit = await database.ScalarAsync<int>("SELECT current_setting('max_connections')::int");

        var fits = await ConnectionHeadroom.CheckAsync(database.ConnectionString + ";Maximum Pool Size=5");
        var tooBig = await ConnectionHeadroom.CheckAsync(database.ConnectionString + $";Maximum Pool Size={limit}");

        Assert.Null(fits);
        Assert.Contains($"PostgreSQL allows {limit} connections", tooBig);
    }
}
