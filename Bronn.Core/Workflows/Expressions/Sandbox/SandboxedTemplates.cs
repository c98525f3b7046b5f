using System.Collections.Concurrent;
using Fluid;

namespace Bronn.Core.Workflows.Expressions.Sandbox;

/// <summary>Parsed and sandbox-rewritten templates, cached by their text (the same parameters render on every run).</summary>
internal static class SandboxedTemplates
{
    private const int CacheLimit = 4_096;
    private static readonly FluidParser Parser = new();
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Cache = new(StringComparer.Ordinal);

    public static bool TryParse(string template, out string? error) => Parser.TryParse(template, out _, out error);

    public static bool TryGetCached(string template, out IFluidTemplate parsed) => Cache.TryGetValue(template, out parsed!);

    /// <summary>Parses and sandboxes a template that passed WorkflowExpressions.Check, and caches it.</summary>
    public static IFluidTemplate Get(string template)
    {
        if (Cache.TryGetValue(template, out var cached))
        {
            return cached;
        }
        if (!Parser.TryParse(template, out var parsed, out var error))
        {
            throw new ExpressionException($"The expression does not parse: {error}");
        }
        var sandboxed = new SandboxRewriter().VisitTemplate(parsed);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }
        Cache[template] = sandboxed;
        return sandboxed;
    }
}
