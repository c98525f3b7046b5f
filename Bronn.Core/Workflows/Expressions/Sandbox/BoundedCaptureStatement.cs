using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Bronn.Core.Workflows.Expressions.Sandbox;

/// <summary>{% capture %} into a bounded buffer, so repeated doubling stops at the value length limit.</summary>
internal sealed class BoundedCaptureStatement(CaptureStatement capture) : Statement
{
    public override async ValueTask<Completion> WriteToAsync(TextWriter writer, TextEncoder encoder, TemplateContext context)
    {
        var completion = Completion.Normal;
        using var captured = new LimitedWriter(RenderBudget.Of(context), $"The captured value '{capture.Identifier}'");
        foreach (var statement in capture.Statements)
        {
            completion = await statement.WriteToAsync(captured, encoder, context);
            if (completion != Completion.Normal)
            {
                break; // break/continue flow on to the enclosing loop, as Fluid's own capture does
            }
        }
        context.SetValue(capture.Identifier, new StringValue(captured.ToString(), false));
        return completion;
    }
}
