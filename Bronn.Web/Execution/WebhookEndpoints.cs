using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Hosting;

namespace Bronn.Web.Execution;

/// <summary>/hooks/{hookId}: the webhook trigger. Anonymous by design; a secret header or an HMAC signature guards it.</summary>
public static class WebhookEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/hooks/{hookId}", ["POST", "GET"], HandleAsync).AllowAnonymous().DisableAntiforgery()
            .WithTags("Webhooks").WithName("Webhook").WithSummary("Starts the webhook workflow with this id.");
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(string hookId, HttpContext http, WorkflowStore workflows, ExecutionService executions,
        ExecutionRunner runner, ImmediateRuns immediately, Microsoft.Extensions.Options.IOptions<EngineOptions> engine)
    {
        var waitLimit = engine.Value.WebhookWait;
        var ct = http.RequestAborted;
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }
        byte[]? body;
        try
        {
            body = await ReadAsync(http.Request, ct);
        }
        catch (BadHttpRequestException)
        {
            return TypedResults.Problem(statusCode: 400, title: "Incomplete request", detail: "The request body ended before its declared length.");
        }
        if (body is null)
        {
            return TooLarge();
        }
        if (await workflows.FindByHookAsync(hookId, ct) is not { } found)
        {
            return TypedResults.Problem(statusCode: 404, title: "No active workflow", detail: "No active workflow listens at this address.");
        }
        var trigger = found.Published.Nodes!.First(n => n.Type == "webhook");
        if (!string.Equals(Text(trigger, "method") ?? "POST", http.Request.Method, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: 405, title: "Method not allowed", detail: $"This webhook accepts {Text(trigger, "method") ?? "POST"}.");
        }
        if (Authenticate(trigger, http.Request, body) is { } refused)
        {
            return refused;
        }

        var (parsedBody, problem) = Parse(body, http.Request.ContentType);
        if (problem is not null)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid body", detail: problem);
        }
        var data = JsonSerializer.SerializeToElement(new
        {
            body = parsedBody,
            headers = http.Request.Headers.Where(h => !IsSensitive(h.Key, trigger))
                .GroupBy(h => h.Key.ToLowerInvariant()).ToDictionary(g => StorableJson.Text(g.Key), g => StorableJson.Text(string.Join(", ", g.Select(h => h.Value.ToString())))),
            query = http.Request.Query.ToDictionary(q => StorableJson.Text(q.Key), q => StorableJson.Text(q.Value.ToString())),
            method = http.Request.Method,
        });
        var whenFinished = Text(trigger, "respond") == "when_finished";
        // From here on the delivery is accepted: storing it does not depend on the caller staying connected.
        Bronn.Core.Execution.Data.Execution execution, ran;
        var started = DateTime.UtcNow;
        if (await executions.CreateInMemoryAsync(found.Workflow, "webhook", data, CancellationToken.None) is { } pure)
        {
            // Pure after its trigger: run here and now, stored once finished, before answering in either mode.
            execution = ran = await runner.RunClaimedAsync(pure.Execution, pure.Steps, CancellationToken.None, stored: false);
        }
        else if (!whenFinished)
        {
            execution = ran = await immediately.StartAsync(found.Workflow, "webhook", data);
        }
        else
        {
            // The caller waits: run it here and now, already claimed (only when this process runs executions itself,
            // not when Temporal does). The run continues if the caller's wait runs out; only the answer becomes 202.
            var run = await executions.StartClaimedAsync(found.Workflow, "webhook", data, CancellationToken.None);
            execution = run.Execution;
            ran = execution.LeaseOwner is null ? execution : await RunWithinAsync(runner.RunClaimedAsync(execution, run.Steps, CancellationToken.None), execution, waitLimit);
        }
        if (!whenFinished)
        {
            return TypedResults.Accepted($"/api/executions/{execution.Id}", new RunAccepted(execution.Id));
        }
        var left = waitLimit - (DateTime.UtcNow - started);
        var finished = ExecutionStatus.IsFinished(ran.Status) ? ran
            : left > TimeSpan.Zero ? await executions.WaitForFinishAsync(execution.Id, left, ct) : null;
        return finished switch
        {
            null => TypedResults.Accepted($"/api/executions/{execution.Id}", new RunAccepted(execution.Id)),
            { Status: ExecutionStatus.Succeeded } => TypedResults.Json(await ResponseOutputAsync(executions, finished, Text(trigger, "responseNode"),
                Text(trigger, "responseData") == "all", ct)),
            // The caller is anonymous: the error (which may quote an internal service's answer) is for the owner's eyes only.
            _ => TypedResults.Problem(statusCode: 502, title: $"The workflow {finished.Status}",
                detail: finished.FailedNodeId is { } node
                    ? $"The workflow stopped at node '{node}'. Its owner can see why on the execution in Bronn."
                    : "The workflow did not complete. Its owner can see why on the execution in Bronn.",
                extensions: new Dictionary<string, object?> { ["executionId"] = execution.Id }),
        };
    }

    /// <summary>The run's result if it ends within the limit, else the execution as it was (the run goes on); no timer outlives the wait.</summary>
    private static async Task<Bronn.Core.Execution.Data.Execution> RunWithinAsync(
        Task<Bronn.Core.Execution.Data.Execution> run, Bronn.Core.Execution.Data.Execution execution, TimeSpan limit)
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

    private static async Task<JsonElement?> ResponseOutputAsync(ExecutionService executions, Bronn.Core.Execution.Data.Execution finished,
        string? responseNode, bool all, CancellationToken ct)
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

    private static IResult? Authenticate(NodeDefinition trigger, HttpRequest request, byte[] body)
    {
        var secret = Text(trigger, "secret");
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }
        if (Text(trigger, "signatureHeader") is { Length: > 0 } signatureHeader)
        {
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
            var given = request.Headers[signatureHeader].ToString();
            given = given.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? given[7..] : given;
            return FixedTimeEquals(expected, given.ToLowerInvariant()) ? null : Unauthorized($"The {signatureHeader} signature does not match the body.");
        }
        var header = Text(trigger, "secretHeader") ?? "X-Webhook-Secret";
        return FixedTimeEquals(secret, request.Headers[header].ToString()) ? null : Unauthorized($"The {header} header is missing or wrong.");
    }

    private static IResult Unauthorized(string detail) => TypedResults.Problem(statusCode: 401, title: "Not authorized", detail: detail);

    private static IResult TooLarge() => TypedResults.Problem(statusCode: 413, title: "Body too large", detail: $"A webhook body may be at most {MaxBodyBytes / 1024} KB.");

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static bool IsSensitive(string header, NodeDefinition trigger) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        || header.Equals(Text(trigger, "secretHeader") ?? "X-Webhook-Secret", StringComparison.OrdinalIgnoreCase);

    private static string? Text(NodeDefinition node, string parameter) =>
        node.Parameter(parameter) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>A JSON body must be JSON that can be stored (400 otherwise); any other body is handed over as text.</summary>
    private static (object? Body, string? Problem) Parse(byte[] body, string? contentType)
    {
        if (body.Length == 0)
        {
            return (null, null);
        }
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            var (document, problem) = StorableJson.Parse(body);
            return problem is not null
                ? (null, $"The Content-Type says JSON, but: {problem}")
                : (document!.RootElement, null);
        }
        return (StorableJson.Text(Encoding.UTF8.GetString(body)), null);
    }
}
