using Fluid;
using Fluid.Values;

namespace Bronn.Core.Workflows.Expressions.Sandbox;

/// <summary>
/// Every filter, wrapped: the filters that can multiply their input (append, prepend, replace, split, join, concat) are
/// measured before they run, and every result is checked against the value limits after.
/// </summary>
internal static class LimitedFilters
{
    public static void Apply(TemplateOptions options)
    {
        foreach (var (name, filter) in options.Filters.ToList())
        {
            options.Filters.AddFilter(name, Limit(name, filter));
        }
        options.Assigned = (identifier, value, context) =>
        {
            CheckSize(value, $"The value assigned to '{identifier}'");
            return ValueTask.FromResult(value);
        };
    }

    private static FilterDelegate Limit(string name, FilterDelegate filter) => async (input, arguments, context) =>
    {
        RenderBudget.Of(context).Check();
        CheckBefore(name, input, arguments, context);
        var result = await filter(input, arguments, context);
        CheckSize(result, $"The result of '{name}'");
        return result;
    };

    private static void CheckBefore(string name, FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var what = $"The result of '{name}'";
        switch (name)
        {
            case "append" or "prepend":
                RenderBudget.CheckLength((long)input.ToStringValue().Length + arguments.At(0).ToStringValue().Length, what);
                break;
            case "replace":
                var text = input.ToStringValue();
                var search = arguments.At(0).ToStringValue();
                var replacement = arguments.At(1).ToStringValue();
                long matches = search.Length == 0 ? text.Length + 1 : Occurrences(text, search);
                RenderBudget.CheckLength(text.Length + matches * Math.Max(0, replacement.Length - search.Length), what);
                break;
            case "split":
                var separator = arguments.At(0).ToStringValue();
                var source = input.ToStringValue();
                RenderBudget.CheckCount(separator.Length == 0 ? source.Length : Occurrences(source, separator) + 1, what);
                break;
            case "join":
                var items = input.Enumerate(context).ToList();
                var glue = arguments.At(0).IsNil() ? 1 : arguments.At(0).ToStringValue().Length;
                RenderBudget.CheckLength(items.Sum(i => (long)i.ToStringValue().Length) + (long)glue * items.Count, what);
                break;
            case "concat":
                RenderBudget.CheckCount((long)input.Enumerate(context).Count() + arguments.At(0).Enumerate(context).Count(), what);
                break;
        }
    }

    public static void CheckSize(FluidValue value, string what)
    {
        switch (value)
        {
            case StringValue text:
                RenderBudget.CheckLength(text.ToStringValue().Length, what);
                break;
            case ArrayValue array:
                RenderBudget.CheckCount(array.Values.Count, what);
                break;
        }
    }

    private static long Occurrences(string text, string search)
    {
        long count = 0;
        for (var at = text.IndexOf(search, StringComparison.Ordinal); at >= 0; at = text.IndexOf(search, at + search.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
