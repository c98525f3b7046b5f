using System.Text.Json;
using System.Text.Json.Serialization;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Data;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Validation;

namespace Bronn.Web.Workflows;

public sealed record WorkflowResponse(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("ownerId")] Guid OwnerId,
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("publishedVersion")] int? PublishedVersion,
    [property: JsonPropertyName("webhookUrl")] string? WebhookUrl,
    [property: JsonPropertyName("revision")] int Revision,
    [property: JsonPropertyName("definition")] JsonElement Definition,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt)
{
    /// <param name="shown">The definition as it may be shown (secrets masked): see WorkflowStore.Shown.</param>
    public static WorkflowResponse From(Workflow workflow, WorkflowDefinition shown, string publicBaseUrl)
    {
        var hasWebhook = shown.Nodes?.Any(n => n.Type == "webhook") == true;
        return new(workflow.Id, workflow.Name, workflow.OwnerId, workflow.Active, workflow.PublishedVersionNumber,
            hasWebhook ? WebhookAddress(publicBaseUrl, workflow.HookId) : null, workflow.Revision,
            JsonSerializer.SerializeToElement(shown, WorkflowDefinition.Json), workflow.CreatedAt, workflow.UpdatedAt);
    }

    public static string WebhookAddress(string publicBaseUrl, string hookId) => $"{publicBaseUrl.TrimEnd('/')}/hooks/{hookId}";
}

public sealed record WorkflowSummary(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("publishedVersion")] int? PublishedVersion,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt);

public sealed record ValidationResponse(
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("problems")] IReadOnlyList<ValidationProblem> Problems)
{
    public static ValidationResponse From(ValidationReport report) => new(report.IsValid, report.Problems);
}

public sealed record PublishResponse(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("warnings")] IReadOnlyList<ValidationProblem> Warnings);

public static class WorkflowExport
{
    public static WorkflowDefinition WithName(WorkflowDefinition definition, string name) => definition with { Name = definition.Name ?? name };
}
