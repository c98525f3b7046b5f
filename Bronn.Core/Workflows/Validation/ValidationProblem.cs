using System.Text.Json.Serialization;

namespace Bronn.Core.Workflows.Validation;

public enum ProblemSeverity { Error, Warning }

/// <summary>One thing wrong with a definition, in a sentence, pointing at the node and field to fix.</summary>
public sealed record ValidationProblem(
    [property: JsonPropertyName("nodeId")] string? NodeId,
    [property: JsonPropertyName("field")] string? Field,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("severity")] [property: JsonConverter(typeof(JsonStringEnumConverter<ProblemSeverity>))] ProblemSeverity Severity = ProblemSeverity.Error);

public sealed record ValidationReport(IReadOnlyList<ValidationProblem> Problems)
{
    public bool IsValid => Problems.All(p => p.Severity != ProblemSeverity.Error);

    public IEnumerable<ValidationProblem> Errors => Problems.Where(p => p.Severity == ProblemSeverity.Error);
}
