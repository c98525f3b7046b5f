namespace Bronn.Core.Execution;

/// <summary>How one node's step ended: its status, the port it left by, and whether the execution stops there.</summary>
public sealed record StepOutcome(string Status, string? Port, bool Stop);
