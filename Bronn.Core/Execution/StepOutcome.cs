namespace Bronn.Core.Execution;

/// <summary>
/// How one node's step ended: its status, the port it left by, and whether the execution stops there (Cancelled: it
/// was cancelled before this node ran, which did not run).
/// </summary>
public sealed record StepOutcome(string Status, string? Port, bool Stop, bool Cancelled = false);
