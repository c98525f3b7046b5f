namespace Bronn.Core.Configuration;

/// <summary>The "ConnectionStrings" section: <c>ConnectionStrings:Bronn</c> names the PostgreSQL database.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "ConnectionStrings";

    public string? Bronn { get; set; }
}
