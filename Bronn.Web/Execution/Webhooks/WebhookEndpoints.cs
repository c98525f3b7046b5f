using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Shutdown;
using Bronn.Core.Execution.Webhooks;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Definitions;
using static Bronn.Web.Execution.WebhookRequest;

namespace Bronn.Web.Execution;

/// <summary>/hooks/{hookId}: the webhook trigger. Anonymous by design; a secret header or an HMAC signature guards it.</summary>
public static class WebhookEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IServiceCollection AddWebhooks(this IServiceCollection services) => services.AddSingleton<WebhookRuns>();

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/hooks/{hookId}", ["POST", "GET"], HandleAsync).AllowAnonymous().DisableAntiforgery()
            .WithTags("Webhooks").WithName("Webhook")
            .WithSummary("Starts the webhook workflow with this id. A retried delivery with the same Idempotency-Key header gets the first one's answer.");
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(string hookId, HttpContext http, WorkflowStore workflows, WebhookRuns runs,
        WebhookDeliveries deliveries, EngineDraining draining)
    {
        if (draining.IsDraining)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: 503, title: "Shutting down",
                detail: "This Bronn process is shutting down and takes no new deliveries; send it again in a few seconds.");
        }
        using var inFlight = draining.Track(); // the shutdown waits for this delivery's answer
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
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > 0 && WebhookDeliveries.Problem(key) is { } keyProblem)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid Idempotency-Key", detail: keyProblem);
        }
        var data = TriggerData(http.Request, parsedBody, trigger);
        if (key.Length == 0)
        {
            return await runs.RunAsync(found.Workflow, trigger, data, onStored: null, ct);
        }
        switch (await deliveries.ClaimAsync(found.Workflow.Id, key, ct))
        {
            case DeliveryClaim.Repeat repeat:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return await runs.AnswerAsync(repeat.ExecutionId, trigger, ran: null, ct);
            case DeliveryClaim.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem(statusCode: 409, title: "Delivery in progress",
                    detail: "An earlier delivery with this Idempotency-Key is still starting its run; send it again in a moment to get its answer.");
        }
        try
        {
            return await runs.RunAsync(found.Workflow, trigger, data,
                onStored: execution => deliveries.LinkAsync(found.Workflow.Id, key, execution.Id, CancellationToken.None), ct);
        }
        catch
        {
            await deliveries.ReleaseAsync(found.Workflow.Id, key);
            throw;
        }
    }

    private static JsonElement TriggerData(HttpRequest request, object? body, NodeDefinition trigger) => JsonSerializer.SerializeToElement(new
    {
        body,
        headers = request.Headers.Where(h => !IsSensitive(h.Key, trigger))
            .GroupBy(h => h.Key.ToLowerInvariant()).ToDictionary(g => StorableJson.Text(g.Key), g => StorableJson.Text(string.Join(", ", g.Select(h => h.Value.ToString())))),
        query = request.Query.ToDictionary(q => StorableJson.Text(q.Key), q => StorableJson.Text(q.Value.ToString())),
        method = request.Method,
    });
}
