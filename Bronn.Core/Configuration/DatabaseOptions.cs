namespace Bronn.Core.Configuration;

/// <summary>The "ConnectionStrings" section: <c>ConnectionStrings:Bronn</c> names the PostgreSQL database.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "ConnectionStrings";

    public string? Bronn { get; set; }

    /// <summary>Set at start-up when an explicit Maximum Pool Size leaves no room for other clients (see ConnectionPoolSizing).</summary>
    internal string? PoolProblem { get; set; }
}
