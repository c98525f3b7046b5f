using System.Text.Json;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Web.Components.Workflows;

/// <summary>Reading and writing workflow definitions as files (import and export), with messages a person can act on.</summary>
public static class DefinitionFile
{
    public const long MaxBytes = 1024 * 1024;

    public static (WorkflowDefinition? Definition, string? Error) Read(string json)
    {
        try
        {
            var definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowDefinition.Json);
            if (definition?.Nodes is null)
            {
                return (null, "This file is not a Bronn workflow: it has no \"nodes\" list.");
            }
            var (document, problem) = Bronn.Core.Data.StorableJson.Parse(System.Text.Encoding.UTF8.GetBytes(json));
            document?.Dispose();
            problem ??= Bronn.Core.Workflows.WorkflowStore.DraftProblem(definition);
            return problem is null ? (definition, null) : (null, problem);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            return (null, field is null
                ? $"This file is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})."
                : $"'{field}' has the wrong type or is malformed (line {ex.LineNumber + 1}).");
        }
    }

    public static string FileNameFor(string workflowName)
    {
        var safe = new string(workflowName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        return $"{(safe.Length == 0 ? "workflow" : safe.ToLowerInvariant())}.bronn.json";
    }

    public static WorkflowDefinition Starter(string name) => new()
    {
        Name = name,
        Nodes = [new NodeDefinition { Id = "start", Type = "manual", Name = "Start", Position = new NodePosition(80, 160) }],
        Edges = [],
    };
}
