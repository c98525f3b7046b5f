using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Core.Integrations;
using Bronn.Core.Integrations.Refresh;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Integrations;

public sealed class RefreshRaceTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>
{
    [Theory]
    [InlineData(RefreshBehaviour.Normal)]
    [InlineData(RefreshBehaviour.Rotating)]
    public async Task Fifty_concurrent_requests_from_two_processes_make_exactly_one_refresh_call(RefreshBehaviour behaviour)
    {
        var client = app.CreateApiClient();
        var email = ApiClient.UniqueEmail();
        var token = await client.TokenForAsync(email);
        app.Provider.Refresh = RefreshBehaviour.Normal;
        app.Provider.AccessTokenLifetime = TimeSpan.FromMinutes(5); // inside the 10-minute margin: due for refresh
        await client.ConnectAsync(token, "gmail");
        app.Provider.AccessTokenLifetime = TimeSpan.FromHours(1);
        app.Provider.Refresh = behaviour == RefreshBehaviour.Rotating ? RefreshBehaviour.Rotating : RefreshBehaviour.Slow;
        app.Provider.SlowDelay = TimeSpan.FromMilliseconds(300);
        var userId = Guid.Parse((await (await client.GetWithTokenAsync("/api/auth/me", token)).JsonAsync()).GetProperty("id").GetString()!);
        await using var first = BuildProcess();
        await using var second = BuildProcess();
        var callsBefore = app.Provider.RefreshCalls;

        var tokens = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).GetRequiredService<AccessTokens>().GetAsync(userId, "gmail"))));

        Assert.Equal(1, app.Provider.RefreshCalls - callsBefore);
        Assert.Single(tokens.Distinct());
        Assert.Equal(app.Provider.IssuedAccessTokens.Last(), tokens[0]);
        Assert.Equal("active", (await client.StatusAsync(token, "gmail")).GetProperty("status").GetString());
        app.Provider.Refresh = RefreshBehaviour.Normal;
    }

    private ServiceProvider BuildProcess() => SecondProcess.Build(app);
}
