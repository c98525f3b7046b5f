namespace Bronn.Core.Execution.Temporal;

/// <summary>"Temporal": when Address is set, published workflows run on Temporal instead of the embedded engine.</summary>
public sealed class TemporalOptions
{
    public const string SectionName = "Temporal";

    public string? Address { get; set; }

    public string Namespace { get; set; } = "default";

    public string TaskQueue { get; set; } = "bronn";

    public bool Enabled => !string.IsNullOrWhiteSpace(Address);
}
