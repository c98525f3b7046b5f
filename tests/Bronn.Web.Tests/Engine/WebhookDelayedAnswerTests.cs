using System.Diagnostics;
using System.Net;
using System.Text;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>when_finished across a durable delay: the run parks, an engine resumes it, and the waiting caller hears of the end through the change feed.</summary>
public sealed class WebhookDelayedAnswerTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    [Fact]
    public async Task A_caller_waiting_on_a_run_that_parks_on_a_delay_gets_its_result_when_the_delay_is_over()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync("""
            {"name":"Waits a second","nodes":[
              {"id":"hook","type":"webhook","parameters":{"respond":"when_finished"}},
              {"id":"pause","type":"delay","parameters":{"duration":"00:00:01"}},
              {"id":"done","type":"set","parameters":{"fields":{"done":"yes {{ trigger.body.n }}"}}}
            ],"edges":[{"from":"hook","to":"pause"},{"from":"pause","to":"done"}]}
            """);
        var url = new Uri(workflow.GetProperty("webhookUrl").GetString()!);
        var watch = Stopwatch.StartNew();

        var response = await client.PostAsync(url.PathAndQuery, new StringContent("""{"n": 7}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("yes 7", (await response.JsonAsync()).GetProperty("done").GetString());
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), $"answered after {watch.Elapsed}, before the delay was over");
    }
}
