using System.Globalization;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Execution;

/// <summary>A node's retry settings: actions try 3 times by default, logic and triggers once.</summary>
public sealed record RetryPolicy(int Attempts, TimeSpan InitialDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy For(NodeDefinition node, NodeDescriptor descriptor)
    {
        var settings = node.Settings?.Retry;
        var attempts = settings?.Attempts ?? (descriptor.Category == NodeCategory.Action ? 3 : 1);
        return new RetryPolicy(Math.Clamp(attempts, 1, 10), Parse(settings?.InitialDelay, TimeSpan.FromSeconds(2)), Parse(settings?.MaxDelay, TimeSpan.FromMinutes(5)));
    }

    /// <summary>Exponential with jitter: initial, 2x, 4x ... capped at the maximum.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var exponential = InitialDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    private static TimeSpan Parse(string? text, TimeSpan fallback) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero ? value : fallback;
}
