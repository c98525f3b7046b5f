using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Bronn.Core.Configuration;
using Bronn.Core.Execution.Live;
using Bronn.Core.Execution.Testing;
using Bronn.Core.Workflows.Definitions;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bronn.Web.Tests.Engine;

/// <summary>"Run now" from the builder, live execution changes, and testing one node with sample data.</summary>
public sealed class DraftRunTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    private const string Greeting = """
        {"name":"Draft","nodes":[
          {"id":"start","type":"manual"},
          {"id":"greet","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}"}}}
        ],"edges":[{"from":"start","to":"greet"}]}
        """;

    private async Task<(EngineSteps Engine, string Id)> DraftAsync(string definition)
    {
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", definition);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (engine, (await created.JsonAsync()).GetProperty("id").GetString()!);
    }

    private static async Task<string> TestRunAsync(EngineSteps engine, string id, string sample)
    {
        var response = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/test", sample);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("executionId").GetString()!;
    }

    [Fact]
    public async Task An_unpublished_draft_runs_with_sample_data_and_stays_unpublished()
    {
        var (engine, id) = await DraftAsync(Greeting);

        var execution = await engine.WaitAsync(await TestRunAsync(engine, id, """{"body":{"name":"Ann"}}"""));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal("test", execution.GetProperty("trigger").GetString());
        Assert.Equal("Hello Ann", execution.GetProperty("output").GetProperty("greeting").GetString());
        var workflow = await (await engine.SendAsync(HttpMethod.Get, $"/api/workflows/{id}")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, workflow.GetProperty("publishedVersion").ValueKind);
        var published = await (await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish")).JsonAsync();
        Assert.Equal(1, published.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Test_runs_reuse_the_frozen_draft_until_it_changes()
    {
        var (engine, id) = await DraftAsync(Greeting);
        string Versions() => $"SELECT count(*) FROM workflow_versions WHERE workflow_id = '{id}' AND number = 0";

        await engine.WaitAsync(await TestRunAsync(engine, id, "{}"));
        await engine.WaitAsync(await TestRunAsync(engine, id, "{}"));
        Assert.Equal(1, await engine.CountAsync(Versions()));

        var changed = await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{id}", Greeting.Replace("Hello", "Hi", StringComparison.Ordinal));
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        var execution = await engine.WaitAsync(await TestRunAsync(engine, id, """{"body":{"name":"Bo"}}"""));
        Assert.Equal("Hi Bo", execution.GetProperty("output").GetProperty("greeting").GetString());
        Assert.Equal(2, await engine.CountAsync(Versions()));
    }

    [Fact]
    public async Task An_invalid_draft_is_not_run_and_the_problems_are_named()
    {
        var (engine, id) = await DraftAsync("""{"name":"Broken","nodes":[{"id":"start","type":"manual"},{"id":"greet","type":"set"}],"edges":[{"from":"start","to":"greet"}]}""");

        var response = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/test", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("greet", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{id}'"));
    }

    [Fact]
    public async Task Every_stored_step_and_the_end_are_announced_in_this_process_and_to_other_processes()
    {
        var (engine, id) = await DraftAsync(Greeting);
        var feed = app.Services.GetRequiredService<ExecutionChangeFeed>();
        var local = new ConcurrentQueue<ExecutionChange>();
        void Heard(ExecutionChange change) => local.Enqueue(change);
        // Another process: its own feed and relay on the same database.
        var otherFeed = new ExecutionChangeFeed();
        var remote = new ConcurrentQueue<ExecutionChange>();
        otherFeed.Changed += remote.Enqueue;
        using var otherRelay = new ExecutionChangeRelay(app.Services.GetRequiredService<IOptions<DatabaseOptions>>(), otherFeed, NullLogger<ExecutionChangeRelay>.Instance);
        await otherRelay.StartAsync(CancellationToken.None);
        await ListeningAsync(feed, remote); // its LISTEN is in place
        feed.Changed += Heard;
        try
        {
            var executionId = Guid.Parse(await TestRunAsync(engine, id, "{}"));
            await engine.WaitAsync(executionId.ToString());
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!remote.Any(c => c.ExecutionId == executionId) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.True(local.Count(c => c.ExecutionId == executionId) >= 2, "created, then finished");
            Assert.All(local.Where(c => c.ExecutionId == executionId), c => Assert.Equal(Guid.Parse(id), c.WorkflowId));
            Assert.Contains(remote, c => c.ExecutionId == executionId && c.WorkflowId == Guid.Parse(id));
        }
        finally
        {
            feed.Changed -= Heard;
            await otherRelay.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task One_node_is_tested_against_sample_data_without_storing_anything()
    {
        var tester = app.Services.GetRequiredService<NodeTester>();
        var node = JsonSerializer.Deserialize<NodeDefinition>(
            """{"id":"greet","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }} from {{ steps.lookup.output.city }}"}}}""",
            WorkflowDefinition.Json)!;
        var sample = new SampleData(JsonSerializer.SerializeToElement(new { body = new { name = "Ann" } }),
            new Dictionary<string, JsonElement> { ["lookup"] = JsonSerializer.SerializeToElement(new { city = "Oslo" }) });
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM execution_steps");

        var result = await tester.TestAsync(Guid.NewGuid(), node, sample);
        var broken = await tester.TestAsync(Guid.NewGuid(), node with { Parameters = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"fields":{"x":"{{ trigger.body.name "}}""") }, sample);

        Assert.Null(result.Error);
        Assert.Equal("Hello Ann from Oslo", JsonDocument.Parse(result.Output!).RootElement.GetProperty("greeting").GetString());
        Assert.Contains("Hello Ann from Oslo", result.Input, StringComparison.Ordinal);
        Assert.Null(broken.Output);
        Assert.Contains("parameter 'fields.x'", broken.Error, StringComparison.Ordinal);
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM execution_steps"));
    }

    [Fact]
    public async Task Executions_are_filtered_by_date_and_a_bad_date_is_named()
    {
        var (engine, id) = await DraftAsync(Greeting);
        await engine.WaitAsync(await TestRunAsync(engine, id, "{}"));

        var today = await (await engine.SendAsync(HttpMethod.Get, $"/api/executions?workflowId={id}&from={DateTime.UtcNow.AddHours(-1):O}")).JsonAsync();
        var tomorrow = await (await engine.SendAsync(HttpMethod.Get, $"/api/executions?workflowId={id}&from={DateTime.UtcNow.AddDays(1):O}")).JsonAsync();
        var bad = await engine.SendAsync(HttpMethod.Get, "/api/executions?from=yesterday-ish");

        Assert.Equal(1, today.GetProperty("total").GetInt32());
        Assert.Equal(0, tomorrow.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from must be a date", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Announces a probe from the app until the other process hears one: from then on its LISTEN is in place.</summary>
    private static async Task ListeningAsync(ExecutionChangeFeed appFeed, ConcurrentQueue<ExecutionChange> heard)
    {
        var probe = new ExecutionChange(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!heard.Contains(probe) && DateTime.UtcNow < deadline)
        {
            appFeed.Publish(probe);
            await Task.Delay(100);
        }
        Assert.Contains(probe, heard);
    }
}
