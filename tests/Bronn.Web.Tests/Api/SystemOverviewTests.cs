using System.Net;
using System.Net.Http.Headers;
using Bronn.Testing;
using Bronn.Web.Tests.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Api;

public sealed class SystemOverviewTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    [Fact]
    public async Task Admins_see_engines_queue_throughput_failures_and_settings_with_every_secret_masked()
    {
        var client = app.CreateApiClient();
        var adminEmail = ApiClient.UniqueEmail("admin");
        await client.RegisterAsync(adminEmail);
        await app.Database.ExecuteAsync($"UPDATE users SET role = 'admin' WHERE email = '{adminEmail}'");
        var engine = new EngineSteps(app, client, await client.TokenForAsync(adminEmail));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Breaks","nodes":[{"id":"start","type":"manual"},{"id":"boom","type":"stop_and_error","parameters":{"message":"out of stock"}}],
             "edges":[{"from":"start","to":"boom"}]}
            """);
        await engine.WaitAsync(await engine.RunAsync(id), "failed");
        await app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Bronn.Core.Execution.Health.EngineHeartbeat>().Single()
            .BeatAsync(CancellationToken.None);

        var response = await engine.SendAsync(HttpMethod.Get, "/api/admin/system");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var system = body.GetProperty("system");
        Assert.Contains(system.GetProperty("engines").EnumerateArray(), e => e.GetProperty("processId").GetInt32() == Environment.ProcessId);
        Assert.True(system.GetProperty("finishedLastHour").GetProperty("failed").GetInt64() >= 1);
        Assert.Contains(system.GetProperty("recentFailures").EnumerateArray(), f => f.GetProperty("error").GetString()!.Contains("out of stock"));
        Assert.True(system.GetProperty("queueDepth").GetInt64() >= 0);
        // Per user and per workflow over the last day: this admin started one run of "Breaks", and it failed.
        var mine = system.GetProperty("byUserLastDay").EnumerateArray().Single(c => c.GetProperty("name").GetString() == adminEmail);
        Assert.Equal(1, mine.GetProperty("runs").GetInt64());
        Assert.Equal(1, mine.GetProperty("failed").GetInt64());
        var breaks = system.GetProperty("byWorkflowLastDay").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        Assert.Equal("Breaks", breaks.GetProperty("name").GetString());
        Assert.Equal(1, breaks.GetProperty("failed").GetInt64());
        var settings = body.GetProperty("configuration");
        Assert.Equal("••••••", settings.GetProperty("Bronn:Jwt:SigningKey").GetString());
        Assert.DoesNotContain(BronnAppFactory.SigningKey, text);
        Assert.DoesNotContain(BronnAppFactory.TestEncryptionKey, text);
    }

    [Fact]
    public async Task Other_users_are_refused()
    {
        var client = app.CreateApiClient();
        await client.RegisterAsync(ApiClient.UniqueEmail("first")); // the first account is an admin
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/system");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);
    }
}
