using System.Net;
using System.Text;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Writes;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bronn.Web.Tests.Engine;

public sealed class OneWriterAppFactory : BronnAppFactory
{
    public OneWriterAppFactory() => Settings["Engine:Writers"] = "1"; // every write queued meanwhile lands in the next batch
}

/// <summary>New executions are group-committed; a pure run (only logic after its trigger) is stored once, finished.</summary>
public sealed class BatchedWriteTests(OneWriterAppFactory app) : IClassFixture<OneWriterAppFactory>
{
    private const string PureHook = """
        {"name":"Pure","nodes":[
          {"id":"hook","type":"webhook","parameters":{"respond":"__MODE__"}},
          {"id":"check","type":"if","parameters":{"condition":"{{ trigger.body.n > 0 }}"}},
          {"id":"reply","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}","n":"{{ trigger.body.n }}"}}},
          {"id":"never","type":"set","parameters":{"fields":{"x":"1"}}}
        ],"edges":[{"from":"hook","to":"check"},{"from":"check","fromPort":"true","to":"reply"},{"from":"check","fromPort":"false","to":"never"}]}
        """;

    [Fact]
    public async Task Concurrent_callers_of_a_pure_workflow_get_their_answers_and_each_run_is_stored_once_finished_with_its_steps()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, workflow) = await engine.PublishAsync(PureHook.Replace("__MODE__", "when_finished", StringComparison.Ordinal));
        var hook = new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery;

        var responses = await Task.WhenAll(Enumerable.Range(1, 40).Select(n =>
            client.PostAsync(hook, new StringContent($$"""{"name":"Ann {{n}}","n":{{n}}}""", Encoding.UTF8, "application/json"))));

        for (var n = 1; n <= 40; n++)
        {
            Assert.Equal(HttpStatusCode.OK, responses[n - 1].StatusCode);
            Assert.Equal($"Hello Ann {n}", (await responses[n - 1].JsonAsync()).GetProperty("greeting").GetString());
        }
        Assert.Equal(40, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE workflow_id = '{id}' AND status = 'succeeded' AND finished_at IS NOT NULL"));
        // Stored once: each execution row was never updated after the transaction that inserted it with all its steps.
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM executions e JOIN execution_steps s ON s.execution_id = e.id
            WHERE e.workflow_id = '{id}' AND s.xmin::text <> e.xmin::text
            """));
        var one = await engine.GetAsync((await app.Database.ScalarAsync<Guid>($"SELECT id FROM executions WHERE workflow_id = '{id}' LIMIT 1")).ToString());
        Assert.Equal([("hook", "succeeded"), ("check", "succeeded"), ("never", "skipped"), ("reply", "succeeded")], EngineSteps.Steps(one));
    }

    [Fact]
    public async Task A_pure_run_answered_immediately_is_already_stored_finished_when_the_caller_gets_its_id()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync(PureHook.Replace("__MODE__", "immediately", StringComparison.Ordinal));

        var response = await client.PostAsync(new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery,
            new StringContent("""{"name":"Bo","n":0}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var executionId = (await response.JsonAsync()).GetProperty("executionId").GetString()!;
        var execution = await engine.GetAsync(executionId); // no waiting: it ran before the answer
        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal([("hook", "succeeded"), ("check", "succeeded"), ("reply", "skipped"), ("never", "succeeded")], EngineSteps.Steps(execution));
    }

    [Fact]
    public async Task A_row_the_database_refuses_fails_only_its_own_caller_and_the_rest_of_its_batch_commits()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""{"name":"Rows","nodes":[{"id":"start","type":"manual"}],"edges":[]}""");
        var existing = Guid.Parse(await engine.RunAsync(id));
        var template = await app.Database.ScalarAsync<string>($"SELECT owner_id::text || ' ' || workflow_version_id::text FROM executions WHERE id = '{existing}'");
        var (owner, version) = (Guid.Parse(template!.Split(' ')[0]), Guid.Parse(template.Split(' ')[1]));
        var batcher = app.Services.GetRequiredService<ExecutionWriteBatcher>();

        var ids = Enumerable.Range(0, 30).Select(i => i == 15 ? existing : Guid.CreateVersion7()).ToList();
        var writes = ids.Select(executionId =>
        {
            var execution = new Bronn.Core.Execution.Data.Execution
            {
                Id = executionId, WorkflowId = Guid.Parse(id), WorkflowVersionId = version, OwnerId = owner, Status = ExecutionStatus.Succeeded,
                TriggerType = "manual", TriggerData = "{}", CreatedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow,
            };
            var step = new ExecutionStep
            {
                ExecutionId = executionId, NodeId = "start", Key = "start#0", NodeType = "manual", Status = StepStatus.Succeeded, Attempt = 1,
                Output = "{}", StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow,
            };
            return batcher.WriteAsync([execution], [step]);
        }).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w => { try { await w; return null; } catch (Exception ex) { return ex; } }));

        var refused = Assert.IsType<PostgresException>(outcomes[15]);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
        Assert.All(outcomes.Where((_, i) => i != 15), Assert.Null);
        Assert.NotEmpty(app.Logs.Containing("writing them one by one")); // it was refused inside a batch, not alone
        Assert.Equal(30, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE workflow_id = '{id}'"));
        Assert.Equal(29, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM execution_steps WHERE execution_id = ANY(ARRAY['{string.Join("','", ids.Where((_, i) => i != 15))}']::uuid[])"));
    }
}

public sealed class TinyWriteQueueAppFactory : BronnAppFactory
{
    public TinyWriteQueueAppFactory()
    {
        Settings["Engine:Writers"] = "1";
        Settings["Engine:MaxPendingWrites"] = "2";
    }
}

/// <summary>Backpressure: while the database stalls, at most Engine:MaxPendingWrites runs wait in memory; more are refused with 503.</summary>
public sealed class WriteBackpressureTests(TinyWriteQueueAppFactory app) : IClassFixture<TinyWriteQueueAppFactory>
{
    [Fact]
    public async Task A_full_write_queue_answers_503_with_retry_after_and_every_accepted_run_is_stored_once_the_database_moves_again()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, workflow) = await engine.PublishAsync("""
            {"name":"Busy","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"immediately"}},{"id":"set","type":"set","parameters":{"fields":{"a":"1"}}}],
             "edges":[{"from":"hook","to":"set"}]}
            """);
        var hook = new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery;
        Task<HttpResponseMessage> Call() => client.PostAsync(hook, new StringContent("{}", Encoding.UTF8, "application/json"));

        await using var stall = new NpgsqlConnection(app.Database.ConnectionString);
        await stall.OpenAsync();
        var holding = await stall.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE executions IN EXCLUSIVE MODE", stall, holding))
        {
            await lockTable.ExecuteNonQueryAsync(); // the writer's COPY waits behind it
        }
        var accepted = new List<Task<HttpResponseMessage>> { Call() };
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            var call = Call();
            if (await Task.WhenAny(call, Task.Delay(2000)) == call && (await call).StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                refused = await call;
            }
            else
            {
                accepted.Add(call);
            }
        }
        await holding.RollbackAsync();
        var answers = await Task.WhenAll(accepted);

        Assert.NotNull(refused);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Engine:MaxPendingWrites", await refused.Content.ReadAsStringAsync());
        Assert.InRange(accepted.Count, 2, 4); // the batch in flight, the two queued behind it
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Equal(answers.Length, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE workflow_id = '{id}' AND status = 'succeeded'"));
    }
}
