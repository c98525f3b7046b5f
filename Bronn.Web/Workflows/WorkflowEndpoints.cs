using System.Security.Claims;
using Bronn.Core.Accounts;
using Bronn.Core.Configuration;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Accounts;
using Bronn.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bronn.Web.Workflows;

public static class WorkflowEndpoints
{
    /// <summary>Definitions are documents, not payloads: 1 MB is far beyond any real workflow.</summary>
    public const int MaxDefinitionBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/nodes", (NodeCatalog catalog) => TypedResults.Ok(catalog.Descriptors)).RequireAuthorization()
            .WithTags("Workflows").WithName("ListNodeTypes").WithSummary("The node catalog: every node type with its ports and parameters.");

        var api = endpoints.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization();
        api.MapGet("/", ListAsync).WithName("ListWorkflows").WithSummary("Your workflows (admins: everyone's), most recently changed first.");
        api.MapPost("/", CreateAsync).WithName("CreateWorkflow").WithSummary("Create a workflow from a definition (stored as the draft).");
        api.MapPost("/import", ImportAsync).WithName("ImportWorkflow")
            .WithSummary("Import an exported definition as a new workflow: checked as publishing does (connections may be set up after); a taken name gets \" (2)\".");
        api.MapPost("/validate", ValidateAsync).WithName("ValidateWorkflow").WithSummary("Check a definition without storing it.");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetWorkflow").WithSummary("A workflow with its draft definition and webhook URL.");
        api.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateWorkflow").WithSummary("Replace the draft definition.");
        api.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteWorkflow").WithSummary("Delete a workflow and its versions.");
        api.MapGet("/{id:guid}/export", ExportAsync).WithName("ExportWorkflow").WithSummary("The draft definition as a JSON file.");
        api.MapPost("/{id:guid}/publish", PublishAsync).WithName("PublishWorkflow").WithSummary("Validate the draft and make it the running version.");
        api.MapPost("/{id:guid}/activate", (Guid id, ClaimsPrincipal user, WorkflowStore store, CancellationToken ct) => SetActiveAsync(id, user, store, true, ct))
            .WithName("ActivateWorkflow").WithSummary("Turn on the published version's trigger.");
        api.MapPost("/{id:guid}/deactivate", (Guid id, ClaimsPrincipal user, WorkflowStore store, CancellationToken ct) => SetActiveAsync(id, user, store, false, ct))
            .WithName("DeactivateWorkflow").WithSummary("Turn off the trigger; runs in flight finish.");
        return endpoints;
    }

    private static WorkflowCaller Caller(ClaimsPrincipal user) => new(BronnClaims.UserIdOf(user)!.Value, user.IsInRole(Roles.Admin));

    private static async Task<Ok<List<WorkflowSummary>>> ListAsync(ClaimsPrincipal user, WorkflowStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(Caller(user), ct)).ConvertAll(w => new WorkflowSummary(w.Id, w.Name, w.Active, w.PublishedVersionNumber, w.UpdatedAt)));

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, WorkflowStore store, IOptions<BronnOptions> bronn)
    {
        var (definition, error) = await JsonBody.ReadAsync<WorkflowDefinition>(request, MaxDefinitionBytes);
        if (error is not null)
        {
            return error;
        }
        if (WorkflowStore.DraftProblem(definition!) is { } problem)
        {
            return Problems.Validation("nodes", problem);
        }
        var workflow = await store.CreateAsync(Caller(user), definition!, request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/workflows/{workflow.Id}", WorkflowResponse.From(workflow, store.Shown(workflow), bronn.Value.PublicBaseUrl));
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, ClaimsPrincipal user, WorkflowStore store, IOptions<BronnOptions> bronn)
    {
        var (definition, error) = await JsonBody.ReadAsync<WorkflowDefinition>(request, MaxDefinitionBytes);
        if (error is not null)
        {
            return error;
        }
        if (WorkflowStore.DraftProblem(definition!) is { } problem)
        {
            return Problems.Validation("nodes", problem);
        }
        var (workflow, report) = await store.ImportAsync(Caller(user), definition!, request.HttpContext.RequestAborted);
        return workflow is null
            ? TypedResults.BadRequest(ValidationResponse.From(report))
            : TypedResults.Created($"/api/workflows/{workflow.Id}", WorkflowResponse.From(workflow, store.Shown(workflow), bronn.Value.PublicBaseUrl));
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, ClaimsPrincipal user, WorkflowStore store)
    {
        var (definition, error) = await JsonBody.ReadAsync<WorkflowDefinition>(request, MaxDefinitionBytes);
        return error ?? TypedResults.Ok(ValidationResponse.From(await store.ValidateAsync(Caller(user), definition!, request.HttpContext.RequestAborted)));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpResponse response, ClaimsPrincipal user, WorkflowStore store, IOptions<BronnOptions> bronn, CancellationToken ct)
    {
        if (await store.GetAsync(id, Caller(user), ct) is not { } workflow)
        {
            return NotFound(id);
        }
        response.Headers.ETag = Revisions.ETag(workflow.Revision);
        return TypedResults.Ok(WorkflowResponse.From(workflow, store.Shown(workflow), bronn.Value.PublicBaseUrl));
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpRequest request, ClaimsPrincipal user, WorkflowStore store, IOptions<BronnOptions> bronn)
    {
        var (definition, error) = await JsonBody.ReadAsync<WorkflowDefinition>(request, MaxDefinitionBytes);
        if (error is not null)
        {
            return error;
        }
        if (!Revisions.TryReadIfMatch(request, out var basedOn))
        {
            return Problems.Validation("If-Match", "If-Match must be the ETag of the workflow you edited, such as \"3\" (from GET /api/workflows/{id}).");
        }
        var result = await store.UpdateAsync(id, Caller(user), definition!, basedOn, request.HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case SaveOutcome.Saved:
                request.HttpContext.Response.Headers.ETag = Revisions.ETag(result.Workflow!.Revision);
                return TypedResults.Ok(WorkflowResponse.From(result.Workflow, store.Shown(result.Workflow), bronn.Value.PublicBaseUrl));
            case SaveOutcome.Stale:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Changed since you loaded it",
                    detail: $"This workflow was saved elsewhere (now revision {result.Workflow?.Revision}) after revision {basedOn} that you edited. " +
                            "Reload it and apply your change again, or send the save without If-Match to overwrite.",
                    extensions: new Dictionary<string, object?> { ["revision"] = result.Workflow?.Revision });
            case SaveOutcome.Invalid:
                return Problems.Validation("nodes", result.Problem!);
            default:
                return NotFound(id);
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, WorkflowStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, Caller(user), ct) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<IResult> ExportAsync(Guid id, ClaimsPrincipal user, WorkflowStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, Caller(user), ct) is not { } workflow)
        {
            return NotFound(id);
        }
        var definition = WorkflowExport.WithName(store.Shown(workflow), workflow.Name);
        var fileName = string.Concat(workflow.Name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) is { Length: > 0 } safe ? safe : "workflow";
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(definition.ToJson()), "application/json", $"{fileName}.json");
    }

    private static async Task<IResult> PublishAsync(Guid id, ClaimsPrincipal user, WorkflowStore store, CancellationToken ct)
    {
        var result = await store.PublishAsync(id, Caller(user), ct);
        return result.Outcome switch
        {
            PublishOutcome.Published => TypedResults.Ok(new PublishResponse(result.Version!.Value, result.Report!.Problems)),
            PublishOutcome.Invalid => TypedResults.BadRequest(ValidationResponse.From(result.Report!)),
            _ => NotFound(id),
        };
    }

    private static async Task<IResult> SetActiveAsync(Guid id, ClaimsPrincipal user, WorkflowStore store, bool active, CancellationToken ct) =>
        await store.SetActiveAsync(id, Caller(user), active, ct) switch
        {
            null => NotFound(id),
            false => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not published",
                detail: "Publish the workflow before activating it: only a published version runs."),
            true => TypedResults.NoContent(),
        };

    private static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Workflow not found", detail: $"There is no workflow {id} that you can change.");
}
