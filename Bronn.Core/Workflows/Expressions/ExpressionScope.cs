using System.Text.Json;
using Bronn.Core.Workflows.Expressions.Sandbox;
using Fluid;

namespace Bronn.Core.Workflows.Expressions;

/// <summary>
/// The data an expression can see, as plain values: <c>trigger</c>, <c>steps.&lt;id&gt;.output</c> (a node's first item),
/// <c>steps.&lt;id&gt;.items</c> (all of them), <c>item</c> (the item being processed), <c>execution.id</c> and <c>now</c>.
/// The plain copies are made once per scope and shared by its per-item copies, not once per render.
/// </summary>
public sealed class ExpressionScope
{
    private static readonly TemplateOptions Options = CreateOptions();

    private sealed class Plain(JsonElement trigger, IReadOnlyDictionary<string, JsonElement> outputs, IReadOnlyDictionary<string, IReadOnlyList<JsonElement>>? items)
    {
        public Lazy<object?> Trigger { get; } = new(() => JsonValues.ToPlain(trigger));

        public Lazy<Dictionary<string, object?>> Steps { get; } = new(() => outputs.ToDictionary(s => s.Key, s => (object?)new Dictionary<string, object?>
        {
            ["output"] = JsonValues.ToPlain(s.Value),
            ["items"] = (items is not null && items.TryGetValue(s.Key, out var all) ? all : [s.Value]).Select(JsonValues.ToPlain).ToList(),
        }));
    }

    /// <summary>The trigger's data, as the nodes' contexts hand it on.</summary>
    public JsonElement TriggerData { get; }

    private readonly Guid executionId;
    private readonly DateTimeOffset now;
    private readonly Plain plain;
    private readonly object? item;
    private readonly IReadOnlyDictionary<string, object?> extras = new Dictionary<string, object?>();

    /// <param name="stepItems">Every item of each node; nodes missing here have one item, their output.</param>
    public ExpressionScope(Guid executionId, JsonElement trigger, IReadOnlyDictionary<string, JsonElement> stepOutputs, DateTimeOffset now,
        IReadOnlyDictionary<string, IReadOnlyList<JsonElement>>? stepItems = null)
        : this(executionId, now, new Plain(trigger, stepOutputs, stepItems), null, trigger)
    {
    }

    private ExpressionScope(Guid executionId, DateTimeOffset now, Plain plain, object? item, JsonElement trigger)
    {
        TriggerData = trigger;
        this.executionId = executionId;
        this.now = now;
        this.plain = plain;
        this.item = item;
    }

    /// <summary>The same scope, seen while processing one item.</summary>
    public ExpressionScope WithItem(JsonElement current) => new(executionId, now, plain, JsonValues.ToPlain(current), TriggerData);

    /// <summary>The same scope with one more name, such as http.request's <c>response</c> for its pagination.</summary>
    public ExpressionScope With(string name, JsonElement value) =>
        new(executionId, now, plain, item, TriggerData) { ExtrasInit = new Dictionary<string, object?>(extras) { [name] = JsonValues.ToPlain(value) } };

    private IReadOnlyDictionary<string, object?> ExtrasInit { init => extras = value; }

    internal TemplateContext Context()
    {
        var context = new TemplateContext(Options);
        context.SetValue("trigger", plain.Trigger.Value);
        context.SetValue("steps", plain.Steps.Value);
        context.SetValue("execution", new Dictionary<string, object?> { ["id"] = executionId.ToString() });
        context.SetValue("now", now.UtcDateTime.ToString("O"));
        if (item is not null)
        {
            context.SetValue("item", item);
        }
        foreach (var (name, value) in extras)
        {
            context.SetValue(name, value);
        }
        return context;
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MaxSteps = 100_000, MaxRecursion = 20 };
        options.MemberAccessStrategy = new DefaultMemberAccessStrategy(); // nothing registered: no .NET members reachable
        LimitedFilters.Apply(options);
        return options;
    }
}
