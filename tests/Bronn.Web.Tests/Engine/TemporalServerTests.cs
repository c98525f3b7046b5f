using Bronn.Core.Execution;
using Bronn.Core.Execution.Temporal;
using Bronn.Core.Workflows.Catalog;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using Temporalio.Testing;
using Temporalio.Worker;

namespace Bronn.Web.Tests.Engine;

/// <summary>Runs only where a Temporal CLI binary is available (named by BRONN_TEMPORAL_CLI).</summary>
public sealed class TemporalFactAttribute : FactAttribute
{
    public const string Variable = "BRONN_TEMPORAL_CLI";

    public TemporalFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Needs a Temporal dev server: set {Variable} to a `temporal` binary (none can be installed on this machine).";
        }
    }
}

public sealed class TemporalServerTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [TemporalFact]
    public async Task The_interpreter_runs_a_workflow_on_a_real_temporal_server_with_a_durable_delay()
    {
        await using var temporal = await WorkflowEnvironment.StartLocalAsync(new()
        {
            DevServerOptions = new() { ExistingPath = Environment.GetEnvironmentVariable(TemporalFactAttribute.Variable) },
        });
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Temporal","nodes":[
              {"id":"start","type":"manual"},
              {"id":"wait","type":"delay","parameters":{"duration":"00:00:01"}},
              {"id":"greet","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}"}}}
            ],"edges":[{"from":"start","to":"wait"},{"from":"wait","to":"greet"}]}
            """);
        var executionId = Guid.Parse(await engine.RunAsync(id, """{"name":"Ann"}"""));
        var activities = new ExecutionActivities(app.Services.GetRequiredService<ExecutionRunner>(), app.Services.GetRequiredService<NodeCatalog>());
        using var worker = new TemporalWorker(temporal.Client,
            new TemporalWorkerOptions("bronn-test").AddWorkflow<BronnInterpreterWorkflow>().AddAllActivities(activities));

        var result = await worker.ExecuteAsync(() => temporal.Client.ExecuteWorkflowAsync(
            (BronnInterpreterWorkflow w) => w.RunAsync(new InterpreterInput(executionId)),
            new WorkflowOptions($"execution-{executionId:N}", "bronn-test")));

        Assert.Equal("succeeded", result);
        var execution = await engine.GetAsync(executionId.ToString());
        Assert.Equal("Hello Ann", execution.GetProperty("output").GetProperty("greeting").GetString());
    }
}
