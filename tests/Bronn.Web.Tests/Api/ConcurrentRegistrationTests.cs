using System.Net;
using Bronn.Testing;

namespace Bronn.Web.Tests.Api;

public sealed class ConcurrentRegistrationTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    [Fact]
    public async Task Simultaneous_sign_ups_make_exactly_one_admin_and_one_account_per_email()
    {
        var client = app.CreateApiClient();

        var distinct = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.RegisterAsync($"racer{i}@example.com")));
        var sameEmail = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.RegisterAsync("same@example.com")));

        Assert.All(distinct, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(sameEmail, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(sameEmail.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM users WHERE role = 'admin'"));
        Assert.Equal(9, await app.UserCountAsync());
    }
}
