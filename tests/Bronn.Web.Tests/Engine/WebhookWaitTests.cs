using System.Net;
using System.Text;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

public sealed class ShortWebhookWaitAppFactory : BronnAppFactory
{
    public ShortWebhookWaitAppFactory() => Settings["Engine:WebhookWait"] = "00:00:01";
}

public sealed class WebhookWaitTests(ShortWebhookWaitAppFactory app) : IClassFixture<ShortWebhookWaitAppFactory>
{
    [Fact]
    public async Task When_finished_answers_202_with_the_execution_id_once_the_wait_runs_out_and_the_run_still_completes()
    {
        await using var slow = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync("""
            {"name":"Slow hook","nodes":[
              {"id":"hook","type":"webhook","parameters":{"respond":"when_finished"}},
              {"id":"call","type":"http.request","parameters":{"url":"__SLOW__slow?ms=2500"}}
            ],"edges":[{"from":"hook","to":"call"}]}
            """.Replace("__SLOW__", slow.BaseAddress.ToString(), StringComparison.Ordinal));
        var url = new Uri(workflow.GetProperty("webhookUrl").GetString()!);

        var response = await client.PostAsync(url.PathAndQuery, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var executionId = (await response.JsonAsync()).GetProperty("executionId").GetString()!;
        Assert.Equal("succeeded", (await engine.WaitAsync(executionId)).GetProperty("status").GetString());
        Assert.Equal(1, slow.SlowCalls);
    }
}
