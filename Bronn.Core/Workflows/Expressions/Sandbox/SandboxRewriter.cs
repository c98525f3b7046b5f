#pragma warning disable FLUID001 // Fluid marks its AST visitor experimental; we pin the package version and test the rewrite.
using Fluid.Ast;
using Fluid.Ast.BinaryExpressions;

namespace Bronn.Core.Workflows.Expressions.Sandbox;

/// <summary>
/// Rewrites a parsed template so it cannot outgrow its budget: ranges are counted before they are built, captures
/// write into a bounded buffer, and comparisons treat numeric text as numbers.
/// </summary>
internal sealed class SandboxRewriter : AstRewriter
{
    protected override Expression VisitRangeExpression(RangeExpression rangeExpression) =>
        new BoundedRangeExpression((RangeExpression)base.VisitRangeExpression(rangeExpression));

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement) =>
        new BoundedCaptureStatement((CaptureStatement)base.VisitCaptureStatement(captureStatement));

    protected override Expression VisitGreaterThanBinaryExpression(GreaterThanBinaryExpression greaterThanBinaryExpression)
    {
        var rewritten = (BinaryExpression)base.VisitGreaterThanBinaryExpression(greaterThanBinaryExpression);
        return new NumericComparison(rewritten, greaterThanBinaryExpression.Strict ? ComparisonOperator.Greater : ComparisonOperator.GreaterOrEqual);
    }

    protected override Expression VisitLowerThanBinaryExpression(LowerThanBinaryExpression lowerThanBinaryExpression)
    {
        var rewritten = (BinaryExpression)base.VisitLowerThanBinaryExpression(lowerThanBinaryExpression);
        return new NumericComparison(rewritten, lowerThanBinaryExpression.Strict ? ComparisonOperator.Lower : ComparisonOperator.LowerOrEqual);
    }

    protected override Expression VisitEqualBinaryExpression(EqualBinaryExpression equalBinaryExpression) =>
        new NumericComparison((BinaryExpression)base.VisitEqualBinaryExpression(equalBinaryExpression), ComparisonOperator.Equal);

    protected override Expression VisitNotEqualBinaryExpression(NotEqualBinaryExpression notEqualBinaryExpression) =>
        new NumericComparison((BinaryExpression)base.VisitNotEqualBinaryExpression(notEqualBinaryExpression), ComparisonOperator.NotEqual);
}
