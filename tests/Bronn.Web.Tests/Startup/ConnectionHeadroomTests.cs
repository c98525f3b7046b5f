using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bronn.Web.Tests.Startup;

/// <summary>Bronn's pool is sized from the cluster's limit, and an explicit size that leaves no room stops start-up.</summary>
public sealed class ConnectionHeadroomTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    [Theory]
    [InlineData(100, 3, 43)] // a stock PostgreSQL: two processes of 43, 10 for psql and others, 3 for superusers
    [InlineData(300, 3, 100)] // ./bronn run: Npgsql's default of 100 fits
    [InlineData(20, 3, 3)]
    [InlineData(5, 3, 2)]
    public void Without_an_explicit_size_the_pool_takes_its_share_of_the_cluster(int max, int reserved, int pool) =>
        Assert.Equal(pool, ConnectionHeadroom.PoolSizeFor(max, reserved));

    [Fact]
    public async Task The_running_app_uses_the_pool_size_the_cluster_allows()
    {
        var limit = await app.Database.ScalarAsync<int>("SELECT current_setting('max_connections')::int");
        var reserved = await app.Database.ScalarAsync<int>("SELECT current_setting('superuser_reserved_connections')::int");

        var effective = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Bronn;

        Assert.Equal(ConnectionHeadroom.PoolSizeFor(limit, reserved), new NpgsqlConnectionStringBuilder(effective).MaxPoolSize);
    }

    [Fact]
    public async Task An_explicit_pool_size_that_leaves_no_room_stops_start_up_saying_what_to_change()
    {
        await using var database = await TestDatabase.CreateAsync();
        var limit = await database.ScalarAsync<int>("SELECT current_setting('max_connections')::int");

        using var web = BuiltApp.Start("Bronn.Web", new Dictionary<string, string?>
        {
            ["ConnectionStrings__Bronn"] = database.ConnectionString + $";Maximum Pool Size={limit}",
            ["Bronn__Jwt__SigningKey"] = BronnAppFactory.SigningKey,
            ["Bronn__Encryption__Keys__test1"] = BronnAppFactory.TestEncryptionKey,
        });

        Assert.NotEqual(0, await web.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("ConnectionStrings:Bronn", web.Output);
        Assert.Contains($"PostgreSQL allows {limit} connections", web.Output);
        Assert.DoesNotContain("   at ", web.Output);
    }

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
}
