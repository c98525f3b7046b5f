using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Data;
using Bronn.Core.Workflows.Definitions;
using Microsoft.Extensions.Options;
using ExecutionRow = Bronn.Core.Execution.Data.Execution;

namespace Bronn.Web.Execution;

/// <summary>Starts a webhook delivery's run in the way its trigger asks, and answers the caller (202, the result or 502).</summary>
public sealed class WebhookRuns(ExecutionService executions, ExecutionRunner runner, ImmediateRuns immediately, IOptions<EngineOptions> engine,
    TimeProvider clock)
{
    /// <param name="onStored">Called once the run is stored (before its answer), to tie an idempotency key to it.</param>
    public async Task<IResult> RunAsync(Workflow workflow, NodeDefinition trigger, JsonElement data, Func<ExecutionRow, Task>? onStored,
        CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var whenFinished = WebhookRequest.Text(trigger, "respond") == "when_finished";
        // From here on the delivery is accepted: storing it does not depend on the caller staying connected.
        ExecutionRow execution, ran;
        if (await executions.CreateInMemoryAsync(workflow, "webhook", data, CancellationToken.None) is { } pure)
        {
            // Pure after its trigger: run here and now, stored once finished, before answering in either mode.
            execution = ran = await runner.RunClaimedAsync(pure.Execution, pure.Steps, CancellationToken.None, stored: false);
            await Stored(execution);
        }
        else if (!whenFinished)
        {
            execution = ran = await immediately.StartAsync(workflow, "webhook", data);
            await Stored(execution);
        }
        else
        {
            // The caller waits: run it here and now, already claimed (only when this process runs executions itself,
            // not when Temporal does). The run continues if the caller's wait runs out; only the answer becomes 202.
            var run = await executions.StartClaimedAsync(workflow, "webhook", data, CancellationToken.None);
            execution = run.Execution;
            await Stored(execution);
            ran = execution.LeaseOwner is null ? execution
                : await RunWithinAsync(runner.RunClaimedAsync(execution, run.Steps, CancellationToken.None), execution, engine.Value.WebhookWait);
        }
        return await AnswerAsync(execution.Id, trigger, ran, ct, engine.Value.WebhookWait - (clock.GetUtcNow() - started));

        Task Stored(ExecutionRow stored) => onStored?.Invoke(stored) ?? Task.CompletedTask;
    }

    /// <summary>The answer for a run: at once in immediately mode, else its result if it finishes within what is left of the wait.</summary>
    public async Task<IResult> AnswerAsync(Guid executionId, NodeDefinition trigger, ExecutionRow? ran, CancellationToken ct, TimeSpan? wait = null)
    {
        if (WebhookRequest.Text(trigger, "respond") != "when_finished")
        {
            return TypedResults.Accepted($"/api/executions/{executionId}", new RunAccepted(executionId));
        }
        var left = wait ?? engine.Value.WebhookWait;
        var finished = ran is not null && ExecutionStatus.IsFinished(ran.Status) ? ran
            : left > TimeSpan.Zero ? await executions.WaitForFinishAsync(executionId, left, ct) : null;
        return finished switch
        {
            null => TypedResults.Accepted($"/api/executions/{executionId}", new RunAccepted(executionId)),
            { Status: ExecutionStatus.Succeeded } => TypedResults.Json(await ResponseOutputAsync(finished, WebhookRequest.Text(trigger, "responseNode"),
                WebhookRequest.Text(trigger, "responseData") == "all", ct)),
            // The caller is anonymous: the error (which may quote an internal service's answer) is for the owner's eyes only.
            _ => TypedResults.Problem(statusCode: 502, title: $"The workflow {finished.Status}",
                detail: finished.FailedNodeId is { } node
                    ? $"The workflow stopped at node '{node}'. Its owner can see why on the execution in Bronn."
                    : "The workflow did not complete. Its owner can see why on the execution in Bronn.",
                extensions: new Dictionary<string, object?> { ["executionId"] = executionId }),
        };
    }

    /// <summary>The run's result if it ends within the limit, else the execution as it was (the run goes on); no timer outlives the wait.</summary>
    private static async Task<ExecutionRow> RunWithinAsync(Task<ExecutionRow> run, ExecutionRow execution, TimeSpan limit)
    {
        try
        {
            return await run.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            return execution;
        }
    }

    private async Task<JsonElement?> ResponseOutputAsync(ExecutionRow finished, string? responseNode, bool all, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(responseNode) && !all)
        {
            return ExecutionResponse.Json(finished.Output);
        }
        var steps = (await executions.GetAsync(finished.Id, new WorkflowCaller(finished.OwnerId, false), ct))!.Value.Steps;
        // Without a response node: the last node that emitted anything, as the run's output is chosen.
        var node = string.IsNullOrEmpty(responseNode)
            ? steps.LastOrDefault(s => s.Status == StepStatus.Succeeded && ActivationItems.Of(s).Count > 0)?.NodeId
            : responseNode;
        var items = ActivationItems.OfNode(steps.Where(s => s.NodeId == node));
        return all
            ? JsonSerializer.SerializeToElement(items.Select(i => i.Json))
            : items.Count > 0 ? items[0].Json : null;
    }
}
