using System.Text.Json.Serialization;

namespace Bronn.Core.Workflows.Validation;

public enum ProblemSeverity { Error, Warning }

/// <summary>One thing wrong with a definition, in a sentence, pointing at the node and field to fix.</summary>
public sealed record ValidationProblem(
    [property: JsonPropertyName("nodeId")] string? NodeId,
    [property: JsonPropertyName("field")] string? Field,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("severity")] [property: JsonConverter(typeof(JsonStringEnumConverter<ProblemSeverity>))] ProblemSeverity Severity = ProblemSeverity.Error)
{
    /// <summary>
    /// About what its user must set up (a connection, one of their credentials, a secret exports leave out), not about the
    /// definition itself: an imported workflow may carry it, to be set up afterwards; publishing still refuses it.
    /// </summary>
    [JsonIgnore] public bool NeedsSetUp { get; init; }
}

public sealed record ValidationReport(IReadOnlyList<ValidationProblem> Problems)
{
    public bool IsValid => Problems.All(p => p.Severity != ProblemSeverity.Error);

    public IEnumerable<ValidationProblem> Errors => Problems.Where(p => p.Severity == ProblemSeverity.Error);

    /// <summary>Errors in the definition itself, which an import refuses (unknown node types, broken edges, bad parameters).</summary>
    public IEnumerable<ValidationProblem> DefinitionErrors => Errors.Where(p => !p.NeedsSetUp);
}
