using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Bronn.Core.Workflows.Expressions.Sandbox;

/// <summary>A range (a..b) whose length is checked before Fluid materialises it as an array.</summary>
internal sealed class BoundedRangeExpression(RangeExpression range) : Expression
{
    public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        var from = (await range.From.EvaluateAsync(context)).ToNumberValue();
        var to = (await range.To.EvaluateAsync(context)).ToNumberValue();
        RenderBudget.CheckCount(to >= from ? (long)Math.Min(to - from + 1, long.MaxValue) : 0, $"The range ({from}..{to})");
        RenderBudget.Of(context).Check();
        return await range.EvaluateAsync(context);
    }
}
