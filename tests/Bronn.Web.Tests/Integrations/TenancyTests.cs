using System.Net;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Integrations;

public sealed class TenancyTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    [Fact]
    public async Task A_user_can_neither_see_nor_change_nor_disconnect_another_users_integration()
    {
        var ann = await client.TokenForAsync(ApiClient.UniqueEmail("ann"));
        var bob = await client.TokenForAsync(ApiClient.UniqueEmail("bob"));
        await client.ConnectAsync(ann, "gmail");

        Assert.Equal("not_connected", (await client.StatusAsync(bob, "gmail")).GetProperty("status").GetString());
        var bobsList = await (await client.GetWithTokenAsync("/api/integrations", bob)).JsonAsync();
        Assert.All(bobsList.EnumerateArray(), e => Assert.Equal("not_connected", e.GetProperty("status").GetString()));

        using var disconnect = new HttpRequestMessage(HttpMethod.Delete, "/api/integrations/gmail");
        disconnect.Headers.Authorization = new("Bearer", bob);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(disconnect)).StatusCode);

        Assert.Equal("active", (await client.StatusAsync(ann, "gmail")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetWithTokenAsync("/api/admin/integrations", bob)).StatusCode);
    }
}
