using System.Diagnostics;
using Fluid;

namespace Bronn.Core.Workflows.Expressions.Sandbox;

/// <summary>
/// The limits one render lives within: time, memory allocated and the size of every value it builds. Checked by every
/// place that can grow (filters, assignments, captures, ranges, the output), so a template fails fast with a message
/// naming the limit instead of exhausting the process.
/// </summary>
internal sealed class RenderBudget
{
    public const int MaxValueLength = 1_000_000;
    public const int MaxItems = 100_000;
    public const long MaxAllocatedBytes = 32L * 1024 * 1024;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(1);

    private const string Key = "bronn.budget";
    private readonly long startTimestamp = Stopwatch.GetTimestamp();
    private readonly int threadId = Environment.CurrentManagedThreadId;
    private readonly long allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();

    public static RenderBudget Of(TemplateContext context) =>
        context.AmbientValues.TryGetValue(Key, out var budget) ? (RenderBudget)budget : throw new InvalidOperationException("No render budget.");

    public void AttachTo(TemplateContext context) => context.AmbientValues[Key] = this;

    /// <summary>Stops the render once it has run too long or allocated too much.</summary>
    public void Check()
    {
        if (Stopwatch.GetElapsedTime(startTimestamp) > MaxDuration)
        {
            throw new ExpressionException($"The expression ran longer than the {MaxDuration.TotalSeconds:N0} s limit.");
        }
        // Renders of plain data complete synchronously; if one ever hops threads, the time limit still holds.
        if (Environment.CurrentManagedThreadId == threadId && GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart > MaxAllocatedBytes)
        {
            throw new ExpressionException($"The expression used more than the {MaxAllocatedBytes / 1024 / 1024} MB memory limit.");
        }
    }

    public static void CheckLength(long length, string what)
    {
        if (length > MaxValueLength)
        {
            throw new ExpressionException($"{what} would be longer than the {MaxValueLength:N0}-character limit.");
        }
    }

    public static void CheckCount(long count, string what)
    {
        if (count > MaxItems)
        {
            throw new ExpressionException($"{what} would have more than the {MaxItems:N0}-item limit.");
        }
    }
}
