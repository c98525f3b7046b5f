namespace Bronn.Core.Workflows.Code;

/// <summary>Engine:Code: the limits every code node script runs under.</summary>
public sealed class CodeOptions
{
    /// <summary>How long one script may run.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How much memory one script may allocate.</summary>
    public long MaxMemoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many statements one script may execute (a second guard besides the timeout).</summary>
    public int MaxStatements { get; set; } = 100_000_000;

    /// <summary>How deep calls may nest.</summary>
    public int MaxRecursion { get; set; } = 256;

    /// <summary>How many scripts run at once in this process; more wait their turn.</summary>
    public int MaxConcurrent { get; set; } = Math.Max(2, Environment.ProcessorCount);
}
