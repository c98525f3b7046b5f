using System.Security.Claims;
using System.Text.Json;
using Bronn.Core.Accounts;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Testing;
using Bronn.Core.Workflows;
using Bronn.Web.Accounts;
using Bronn.Web.Hosting;

namespace Bronn.Web.Execution;

public static class ExecutionEndpoints
{
    public static IEndpointRouteBuilder MapExecutionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/workflows/{id:guid}/run", RunAsync).RequireAuthorization().WithTags("Workflows")
            .WithName("RunWorkflow").WithSummary("Run the published version now; an optional JSON body becomes trigger.body.");
        endpoints.MapPost("/api/workflows/{id:guid}/test", TestAsync).RequireAuthorization().WithTags("Workflows")
            .WithName("TestWorkflow").WithSummary("Run the saved draft once (published or not); the JSON body is the sample trigger data.");

        var api = endpoints.MapGroup("/api/executions").WithTags("Executions").RequireAuthorization();
        api.MapGet("/", ListAsync).WithName("ListExecutions").WithSummary("Executions, newest first; filter by workflowId, status, from/to, and search (text in the trigger data or output).");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetExecution").WithSummary("One execution with its steps.");
        api.MapPost("/{id:guid}/cancel", (Guid id, ClaimsPrincipal user, ExecutionService executions, CancellationToken ct) =>
            ChangeAsync(executions.CancelAsync(id, Caller(user), ct), "It has already finished."))
            .WithName("CancelExecution").WithSummary("Stop at the next step boundary.");
        api.MapPost("/{id:guid}/retry", RetryAsync).WithName("RetryExecution")
            .WithSummary("Run a failed execution again from the step that failed, with the version it ran or (version=current) the published one.");
        return endpoints;
    }

    internal static WorkflowCaller Caller(ClaimsPrincipal user) => new(BronnClaims.UserIdOf(user)!.Value, user.IsInRole(Roles.Admin));

    private static async Task<IResult> RunAsync(Guid id, HttpRequest request, ClaimsPrincipal user, WorkflowStore workflows, ExecutionService executions)
    {
        var caller = Caller(user);
        var workflow = await workflows.GetAsync(id, caller with { IsAdmin = false }, request.HttpContext.RequestAborted);
        if (workflow is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Workflow not found", detail: $"There is no workflow {id} that you can run.");
        }
        if (workflow.PublishedVersionId is null)
        {
            return TypedResults.Problem(statusCode: 409, title: "Not published", detail: "Publish the workflow before running it: only a published version runs.");
        }
        JsonElement body = JsonSerializer.SerializeToElement(new { });
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (parsed, error) = await JsonBody.ReadAsync<JsonDocument>(request, 1024 * 1024);
            if (error is not null)
            {
                return error;
            }
            body = parsed!.RootElement.Clone();
        }
        var execution = await executions.StartAsync(workflow, "manual", JsonSerializer.SerializeToElement(new { body }), request.HttpContext.RequestAborted);
        return TypedResults.Accepted($"/api/executions/{execution.Id}", new RunAccepted(execution.Id));
    }

    private static async Task<IResult> TestAsync(Guid id, HttpRequest request, ClaimsPrincipal user, DraftRuns runs)
    {
        var triggerData = JsonSerializer.SerializeToElement(new { });
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (parsed, error) = await JsonBody.ReadAsync<JsonDocument>(request, 1024 * 1024);
            if (error is not null)
            {
                return error;
            }
            triggerData = parsed!.RootElement.Clone();
        }
        var result = await runs.StartAsync(id, Caller(user) with { IsAdmin = false }, triggerData, request.HttpContext.RequestAborted);
        return result.Outcome switch
        {
            DraftRunOutcome.Started => TypedResults.Accepted($"/api/executions/{result.Execution!.Id}", new RunAccepted(result.Execution.Id)),
            DraftRunOutcome.Invalid => TypedResults.BadRequest(Bronn.Web.Workflows.ValidationResponse.From(result.Report!)),
            _ => TypedResults.Problem(statusCode: 404, title: "Workflow not found", detail: $"There is no workflow {id} that you can run."),
        };
    }

    private static async Task<IResult> ListAsync(Guid? workflowId, string? status, int? page, int? pageSize, string? from, string? to, string? search,
        ClaimsPrincipal user, ExecutionService executions, CancellationToken ct)
    {
        if (search is { Length: > 200 })
        {
            return Problems.Validation("search", "search may be at most 200 characters.");
        }
        if (pageSize is < 1 or > ExecutionService.MaxPageSize)
        {
            return Problems.Validation("pageSize", $"pageSize must be between 1 and {ExecutionService.MaxPageSize}.");
        }
        if (page is < 1)
        {
            return Problems.Validation("page", "page starts at 1.");
        }
        if (status is not null && !ExecutionStatus.All.Contains(status))
        {
            return Problems.Validation("status", $"status must be one of: {string.Join(", ", ExecutionStatus.All)}.");
        }
        if (!TryParseTime(from, out var since))
        {
            return Problems.Validation("from", "from must be a date and time such as 2026-11-24T09:00:00Z.");
        }
        if (!TryParseTime(to, out var until))
        {
            return Problems.Validation("to", "to must be a date and time such as 2026-11-25T00:00:00Z.");
        }
        var query = new ExecutionQuery(workflowId, status, page ?? 1, pageSize ?? 50, since, until, search);
        var (items, total) = await executions.ListAsync(query, Caller(user), ct);
        return TypedResults.Ok(new ExecutionPage(items.ConvertAll(e => ExecutionResponse.From(e)), total, query.Page, query.PageSize));
    }

    private static bool TryParseTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, ExecutionService executions, CancellationToken ct) =>
        await executions.GetAsync(id, Caller(user), ct) is { } found
            ? TypedResults.Ok(ExecutionResponse.From(found.Execution, found.Steps))
            : TypedResults.Problem(statusCode: 404, title: "Execution not found", detail: $"There is no execution {id} that you can see.");

    private static async Task<IResult> RetryAsync(Guid id, string? version, ClaimsPrincipal user, ExecutionService executions, CancellationToken ct)
    {
        switch (version)
        {
            case null or "original":
                return await ChangeAsync(executions.RetryAsync(id, Caller(user), ct), "Only a failed execution can be retried.");
            case "current":
                var (outcome, reason) = await executions.RetryWithPublishedAsync(id, Caller(user), ct);
                return await ChangeAsync(Task.FromResult(outcome), reason ?? "");
            default:
                return Problems.Validation("version", "version must be 'original' (the version the run ran, the default) or 'current' (the published one).");
        }
    }

    private static async Task<IResult> ChangeAsync(Task<ChangeOutcome> change, string notAllowed) => await change switch
    {
        ChangeOutcome.Done => TypedResults.Accepted((string?)null),
        ChangeOutcome.NotAllowed => TypedResults.Problem(statusCode: 409, title: "Not possible now", detail: notAllowed),
        _ => TypedResults.Problem(statusCode: 404, title: "Execution not found", detail: "There is no such execution of yours."),
    };
}
