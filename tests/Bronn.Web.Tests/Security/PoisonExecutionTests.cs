using System.Net;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Security;

/// <summary>
/// Finding 4: a node that throws anything fails its attempt; a run that keeps killing its engine fails after
/// Engine:MaxCrashes; cancel ends a run nobody is running. The app only accepts work; the engine is driven here.
/// </summary>
public sealed class PoisonExecutionTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [Theory]
    [InlineData("{{ 1 | divided_by: 0 }}")]
    [InlineData("{{ 5 | modulo: 0 }}")]
    public async Task A_node_that_throws_fails_the_run_with_a_message_instead_of_leaving_it_running(string expression)
    {
        var (engine, executionId) = await StartAsync(Simple.Replace("\"hi\"", System.Text.Json.JsonSerializer.Serialize(expression)));

        await RunEngineOnceAsync();

        var execution = await engine.GetAsync(executionId);
        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("parameter 'fields.x'", execution.GetProperty("error").GetString());
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE id = '{executionId}' AND lease_owner IS NOT NULL"));
    }

    [Fact]
    public async Task A_run_whose_engine_died_max_crashes_times_fails_with_the_reason_and_is_not_claimed_again()
    {
        var (engine, executionId) = await StartAsync(Simple);
        await SimulateCrashAsync(executionId, previousCrashes: 2); // the third lapse reaches Engine:MaxCrashes (3)

        await RunEngineOnceAsync();

        var execution = await engine.GetAsync(executionId);
        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("stopped 3 times", execution.GetProperty("error").GetString());
        Assert.Contains("Engine:MaxCrashes", execution.GetProperty("error").GetString());
        Assert.Empty(await ClaimAsync());
    }

    [Fact]
    public async Task A_run_resumed_after_one_crash_completes_and_the_crash_is_counted()
    {
        var (engine, executionId) = await StartAsync(Simple);
        await SimulateCrashAsync(executionId, previousCrashes: 0);

        await RunEngineOnceAsync();

        Assert.Equal("succeeded", (await engine.GetAsync(executionId)).GetProperty("status").GetString());
        Assert.Equal(1, await app.Database.ScalarAsync<int>($"SELECT crashes FROM executions WHERE id = '{executionId}'"));
    }

    [Fact]
    public async Task Crashes_count_in_a_row_so_a_run_that_finished_a_step_since_the_last_one_is_resumed_not_failed()
    {
        var (engine, executionId) = await StartAsync(Simple);
        await SimulateCrashAsync(executionId, previousCrashes: 2);
        await app.Database.ScalarAsync<int>($$"""
            WITH inserted AS (INSERT INTO execution_steps (execution_id, node_id, key, node_type, status, attempt, output, started_at, finished_at)
                VALUES ('{{executionId}}', 'greet', 'greet#0', 'set', 'succeeded', 1, '{"x":"hi"}', now(), now()) RETURNING 1)
            SELECT count(*)::int FROM inserted
            """);

        await RunEngineOnceAsync(); // a third crash, but the run finished a step since the second: it counts from one again

        Assert.Equal("succeeded", (await engine.GetAsync(executionId)).GetProperty("status").GetString());
        Assert.Equal(1, await app.Database.ScalarAsync<int>($"SELECT crashes FROM executions WHERE id = '{executionId}'"));
    }

    [Fact]
    public async Task A_run_that_keeps_killing_its_engine_fails_alone_and_the_runs_that_died_beside_it_succeed()
    {
        var (engine, poison) = await StartAsync(Simple);
        var (_, beside1) = await StartAsync(Simple);
        var (_, beside2) = await StartAsync(Simple);
        var runs = new[] { poison, beside1, beside2 };

        // An engine takes all three and dies; the next engines resume one of them at a time, the oldest first, and die.
        var firstClaim = await ClaimAndDieAsync();
        Assert.Equivalent(runs, firstClaim.Where(runs.Contains).ToArray());
        for (var death = 2; death <= 3; death++)
        {
            Assert.Equal([poison], (await ClaimAndDieAsync()).Where(runs.Contains));
        }
        for (var engines = 0; engines < 3; engines++)
        {
            await RunInProcessOnceAsync(); // one suspect each: the poison, then one run beside it, then the other
        }

        var failed = await engine.GetAsync(poison);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("stopped 3 times", failed.GetProperty("error").GetString());
        foreach (var id in new[] { beside1, beside2 })
        {
            Assert.Equal("succeeded", await app.Database.ScalarAsync<string>($"SELECT status FROM executions WHERE id = '{id}'"));
            Assert.Equal(1, await app.Database.ScalarAsync<int>($"SELECT crashes FROM executions WHERE id = '{id}'"));
        }
    }

    [Fact]
    public async Task A_run_that_makes_the_engine_throw_is_handed_back_at_once_and_fails_with_the_reason_at_max_crashes()
    {
        var (engine, executionId) = await StartAsync(Simple);
        // Its published definition became unreadable: every attempt to run it throws before any node runs.
        await app.Database.ExecuteAsync($$"""
            UPDATE workflow_versions SET definition = '{"nodes": 5}' WHERE id = (SELECT workflow_version_id FROM executions WHERE id = '{{executionId}}')
            """);

        await RunInProcessOnceAsync();
        Assert.Equal(1, await app.Database.ScalarAsync<int>($"SELECT crashes FROM executions WHERE id = '{executionId}' AND lease_owner IS NULL"));
        await RunInProcessOnceAsync(); // claimable at once: no lease to wait for
        await RunInProcessOnceAsync();

        var execution = await engine.GetAsync(executionId);
        Assert.Equal("failed", execution.GetProperty("status").GetString());
        var error = execution.GetProperty("error").GetString();
        Assert.Contains("stopped 3 times", error);
        Assert.Contains("Engine:MaxCrashes", error);
        Assert.Contains("The last time: ", error);
        Assert.Empty(await ClaimAsync());
    }

    [Fact]
    public async Task Cancel_ends_a_run_that_no_engine_is_running()
    {
        var (engine, executionId) = await StartAsync(Simple);
        await SimulateCrashAsync(executionId, previousCrashes: 1);

        var response = await engine.SendAsync(HttpMethod.Post, $"/api/executions/{executionId}/cancel");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("cancelled", (await engine.GetAsync(executionId)).GetProperty("status").GetString());
        Assert.Empty(await ClaimAsync());
    }

    private const string Simple = """
        {"name":"Simple","nodes":[{"id":"start","type":"manual"},{"id":"greet","type":"set","parameters":{"fields":{"x":"hi"}}}],
         "edges":[{"from":"start","to":"greet"}]}
        """;

    private async Task<(EngineSteps Engine, string ExecutionId)> StartAsync(string definition)
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync(definition, activate: false);
        return (engine, await engine.RunAsync(id));
    }

    /// <summary>
    /// As if an engine had claimed it and died: running, with an owner whose lease has lapsed, after
    /// <paramref name="previousCrashes"/> crashes in a row (no step finished since the last).
    /// </summary>
    private Task SimulateCrashAsync(string executionId, int previousCrashes) => app.Database.ScalarAsync<int>($"""
        WITH updated AS (UPDATE executions SET status = 'running', lease_owner = 'dead:1', lease_expires_at = now() - interval '1 minute',
            crashes = {previousCrashes}, progress_at_last_crash = (SELECT COALESCE(max(s.id), 0) FROM execution_steps s WHERE s.execution_id = executions.id)
            WHERE id = '{executionId}' RETURNING 1) SELECT count(*)::int FROM updated
        """);

    private async Task<List<Guid>> ClaimAsync()
    {
        await using var engine = SecondProcess.Build(app);
        await using var db = await engine.GetRequiredService<IDbContextFactory<BronnDbContext>>().CreateDbContextAsync();
        return await engine.GetRequiredService<ExecutionLeases>().ClaimAsync(db, 100, CancellationToken.None);
    }

    /// <summary>An engine claims as its dispatcher would, then dies (its leases lapse) before any of those runs finishes a step.</summary>
    private async Task<List<string>> ClaimAndDieAsync()
    {
        await using var engine = SecondProcess.Build(app);
        await using var db = await engine.GetRequiredService<IDbContextFactory<BronnDbContext>>().CreateDbContextAsync();
        var leases = engine.GetRequiredService<ExecutionLeases>();
        var claimed = await leases.ClaimAsync(db, 16, CancellationToken.None);
        await app.Database.ExecuteAsync($"UPDATE executions SET lease_expires_at = now() - interval '1 minute' WHERE lease_owner = '{leases.Owner}'");
        return claimed.Select(id => id.ToString()).ToList();
    }

    /// <summary>What the embedded dispatcher does once, through its real driver (<see cref="InProcessRuns"/>), until those runs end.</summary>
    private async Task RunInProcessOnceAsync()
    {
        await using var engine = SecondProcess.Build(app);
        await using var db = await engine.GetRequiredService<IDbContextFactory<BronnDbContext>>().CreateDbContextAsync();
        var claimed = await engine.GetRequiredService<ExecutionLeases>().ClaimAsync(db, 100, CancellationToken.None);
        engine.GetRequiredService<EngineCapacity>().Take(claimed.Count);
        var draining = engine.GetRequiredService<Bronn.Core.Execution.Shutdown.EngineDraining>();
        foreach (var id in claimed)
        {
            engine.GetRequiredService<InProcessRuns>().Start(id, ct => engine.GetRequiredService<ExecutionRunner>().RunAsync(id, ct));
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (draining.InFlight > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>What the embedded dispatcher does once: claim what is runnable and run it.</summary>
    private async Task RunEngineOnceAsync()
    {
        await using var engine = SecondProcess.Build(app);
        await using var db = await engine.GetRequiredService<IDbContextFactory<BronnDbContext>>().CreateDbContextAsync();
        foreach (var id in await engine.GetRequiredService<ExecutionLeases>().ClaimAsync(db, 100, CancellationToken.None))
        {
            await engine.GetRequiredService<ExecutionRunner>().RunAsync(id, CancellationToken.None);
        }
    }
}
