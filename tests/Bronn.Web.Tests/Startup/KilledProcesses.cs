namespace Bronn.Web.Tests.Startup;

/// <summary>
/// Tests that kill, signal or time processes (the chaos test above all) run one after another: side by side on two
/// cores they starve each other's timing, while still running beside the rest of the suite.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KilledProcesses
{
    public const string Name = "Killed processes";
}
