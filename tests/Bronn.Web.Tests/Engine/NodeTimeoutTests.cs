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
