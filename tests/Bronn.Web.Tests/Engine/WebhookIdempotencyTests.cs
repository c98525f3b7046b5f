using System.Net;
using System.Text;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

public sealed class WebhookIdempotencyTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>, IAsyncLifetime
{
    private ProviderStandIn sink = null!;

    public async Task InitializeAsync() => sink = await ProviderStandIn.StartAsync();

    public async Task DisposeAsync() => await sink.DisposeAsync();

    [Fact]
    public async Task A_retried_delivery_with_the_same_key_gets_the_first_execution_and_runs_nothing_again()
    {
        var (engine, workflowId, hook) = await PublishAsync("immediately");

        var first = await DeliverAsync(engine, hook, "order-1001");
        var again = await DeliverAsync(engine, hook, "order-1001");
        var other = await DeliverAsync(engine, hook, "order-1002");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var id = await ExecutionIdAsync(first);
        Assert.Equal(id, await ExecutionIdAsync(again));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.NotEqual(id, await ExecutionIdAsync(other));
        await engine.WaitAsync(id, "succeeded");
        await engine.WaitAsync(await ExecutionIdAsync(other), "succeeded");
        Assert.Equal(2, await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{workflowId}'"));
        Assert.Equal(2, sink.Writes.Count);
    }

    [Fact]
    public async Task Concurrent_deliveries_with_one_key_start_one_run_and_each_gets_its_id_or_a_409_to_retry()
    {
        var (engine, workflowId, hook) = await PublishAsync("immediately");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => DeliverAsync(engine, hook, "burst")));

        var ids = new HashSet<string>();
        foreach (var answer in answers)
        {
            if (answer.StatusCode == HttpStatusCode.Conflict)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), answer.Headers.RetryAfter?.Delta);
                Assert.Contains("still starting", await answer.Content.ReadAsStringAsync());
                continue;
            }
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            ids.Add(await ExecutionIdAsync(answer));
        }
        Assert.Single(ids);
        await engine.WaitAsync(ids.Single(), "succeeded");
        Assert.Equal(1, await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{workflowId}'"));
        Assert.Single(sink.Writes);
    }

    [Fact]
    public async Task When_finished_a_retried_delivery_gets_the_same_result()
    {
        var (engine, workflowId, hook) = await PublishAsync("when_finished");

        var first = await DeliverAsync(engine, hook, "k-1", """{"n":1}""");
        var again = await DeliverAsync(engine, hook, "k-1", """{"n":2}""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal("""{"n": 1 }""", JsonDocument.Parse(body).RootElement.GetProperty("body").GetProperty("body").GetString()); // the sink's echo
        // The same answer (the stored copy's keys may come in another order: PostgreSQL's jsonb orders them).
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(body),
            System.Text.Json.Nodes.JsonNode.Parse(await again.Content.ReadAsStringAsync())));
        Assert.Equal(1, await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{workflowId}'"));
    }

    [Fact]
    public async Task A_key_older_than_the_window_starts_a_new_run_and_a_bad_key_is_a_400()
    {
        var (engine, workflowId, hook) = await PublishAsync("immediately");
        var first = await ExecutionIdAsync(await DeliverAsync(engine, hook, "old-key"));
        await app.Database.ExecuteAsync($"UPDATE webhook_deliveries SET received_at = now() - interval '25 hours' WHERE workflow_id = '{workflowId}'");

        var later = await ExecutionIdAsync(await DeliverAsync(engine, hook, "old-key"));
        var tooLong = await DeliverAsync(engine, hook, new string('k', 256));
        var withSpace = await DeliverAsync(engine, hook, "two words");

        Assert.NotEqual(first, later);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("at most 255", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, withSpace.StatusCode);
        Assert.Contains("visible ASCII", await withSpace.Content.ReadAsStringAsync());
        await engine.WaitAsync(later, "succeeded");
        Assert.Equal(2, await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{workflowId}'"));
    }

    private async Task<(EngineSteps Engine, string WorkflowId, string Hook)> PublishAsync(string respond)
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, workflow) = await engine.PublishAsync("""
            {"name":"Orders","nodes":[
              {"id":"hook","type":"webhook","parameters":{"respond":"__RESPOND__"}},
              {"id":"send","type":"http.request","parameters":{"method":"POST","url":"__SINK__echo-body","bodyType":"json","body":"{\"n\": {{ trigger.body.n }} }"}}
            ],"edges":[{"from":"hook","to":"send"}]}
            """.Replace("__RESPOND__", respond, StringComparison.Ordinal).Replace("__SINK__", sink.BaseAddress.ToString(), StringComparison.Ordinal));
        return (engine, id, new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery);
    }

    private static async Task<HttpResponseMessage> DeliverAsync(EngineSteps engine, string hook, string key, string body = """{"n":0}""")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, hook) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await engine.Client.SendAsync(request);
    }

    private static async Task<string> ExecutionIdAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("executionId").GetString()!;
}
