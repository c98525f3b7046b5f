using Bronn.Core.Execution.Temporal;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace Bronn.Web.Tests.Engine;

public sealed class ShortNodeTimeoutAppFactory : BronnAppFactory
{
    public ShortNodeTimeoutAppFactory() => Settings["Engine:NodeTimeout"] = "00:00:01";
}

/// <summary>One node time limit for both engines (Engine:NodeTimeout): Temporal used to cut nodes at 5 minutes, embedded never.</summary>
public sealed class NodeTimeoutTests(ShortNodeTimeoutAppFactory app) : IClassFixture<ShortNodeTimeoutAppFactory>
{
    [Fact]
    public async Task A_node_running_past_the_limit_fails_naming_it_on_the_embedded_engine_and_temporal_gets_the_same_limit()
    {
        await using var slow = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Slow","nodes":[{"id":"start","type":"manual"},
              {"id":"call","type":"http.request","parameters":{"url":"__SLOW__slow?ms=3000","timeout":"00:00:20"},"settings":{"retry":{"attempts":1}}}],
             "edges":[{"from":"start","to":"call"}]}
            """.Replace("__SLOW__", slow.BaseAddress.ToString(), StringComparison.Ordinal));

        var executionId = await engine.RunAsync(id);
        var execution = await engine.WaitAsync(executionId);

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("did not finish within 00:00:01 (Engine:NodeTimeout)", execution.GetProperty("error").GetString());
        var plan = await new ActivityEnvironment().RunAsync(() =>
            ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services).LoadPlanAsync(Guid.Parse(executionId)));
        Assert.Equal(TimeSpan.FromSeconds(1), plan.NodeTimeout);
    }
}

/// <summary>settings.timeout: a node's own, shorter limit; longer than Engine:NodeTimeout is refused.</summary>
public sealed class NodeOwnTimeoutTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    [Fact]
    public async Task A_nodes_own_timeout_stops_it_sooner_and_one_past_the_engines_limit_is_refused_naming_it()
    {
        await using var slow = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Own limit","nodes":[{"id":"start","type":"manual"},
              {"id":"call","type":"http.request","parameters":{"url":"__SLOW__slow?ms=4000","timeout":"00:00:20"},"settings":{"retry":{"attempts":1},"timeout":"00:00:01"}}],
             "edges":[{"from":"start","to":"call"}]}
            """.Replace("__SLOW__", slow.BaseAddress.ToString(), StringComparison.Ordinal));

        var execution = await engine.WaitAsync(await engine.RunAsync(id));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("did not finish within 00:00:01 (its settings.timeout)", execution.GetProperty("error").GetString());

        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", """
            {"name":"Too long","nodes":[{"id":"start","type":"manual"},{"id":"wait","type":"set","parameters":{"fields":{"a":"1"}},"settings":{"timeout":"02:00:00"}}],"edges":[{"from":"start","to":"wait"}]}
            """);
        var publish = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{(await created.JsonAsync()).GetProperty("id").GetString()}/publish");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains("settings.timeout must be a duration like 00:00:30, more than zero and at most 00:05:00 (Engine:NodeTimeout)", await publish.Content.ReadAsStringAsync());
    }
}
