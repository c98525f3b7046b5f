using System.Globalization;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Bronn.Core.Workflows.Expressions.Sandbox;

internal enum ComparisonOperator { Greater, GreaterOrEqual, Lower, LowerOrEqual, Equal, NotEqual }

/// <summary>
/// Comparisons as a person means them: numbers and numeric text (form fields, query strings) compare as numbers, so
/// "99" &gt; 100 is false. Ordering a number against text that is not a number fails the expression instead of
/// answering silently. Anything else (text with text, nil, booleans) keeps Liquid's own rules.
/// </summary>
internal sealed class NumericComparison(BinaryExpression original, ComparisonOperator op) : Expression
{
    public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        var left = await original.Left.EvaluateAsync(context);
        var right = await original.Right.EvaluateAsync(context);
        var leftNumber = AsNumber(left);
        var rightNumber = AsNumber(right);
        var numeric = op is ComparisonOperator.Equal or ComparisonOperator.NotEqual
            ? leftNumber is not null && rightNumber is not null && (left.Type == FluidValues.Number || right.Type == FluidValues.Number)
            : leftNumber is not null && rightNumber is not null;
        if (numeric)
        {
            return BooleanValue.Create(Compare(leftNumber!.Value.CompareTo(rightNumber!.Value)));
        }
        if (op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual)
            && (leftNumber is not null && IsText(right) || rightNumber is not null && IsText(left)))
        {
            throw new ExpressionException($"Cannot compare {Describe(left)} with {Describe(right)}: one is a number and the other is not.");
        }
        return await original.EvaluateAsync(context);
    }

    private bool Compare(int order) => op switch
    {
        ComparisonOperator.Greater => order > 0,
        ComparisonOperator.GreaterOrEqual => order >= 0,
        ComparisonOperator.Lower => order < 0,
        ComparisonOperator.LowerOrEqual => order <= 0,
        ComparisonOperator.Equal => order == 0,
        _ => order != 0,
    };

    private static decimal? AsNumber(FluidValue value) => value.Type switch
    {
        FluidValues.Number => value.ToNumberValue(),
        FluidValues.String when decimal.TryParse(value.ToStringValue().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && value.ToStringValue().Trim().Length > 0 => number,
        _ => null,
    };

    private static bool IsText(FluidValue value) => value.Type == FluidValues.String;

    private static string Describe(FluidValue value)
    {
        if (value.Type != FluidValues.String)
        {
            return $"the number {value.ToStringValue()}";
        }
        var text = value.ToStringValue();
        return $"the text \"{(text.Length > 40 ? text[..40] + "…" : text)}\"";
    }
}
