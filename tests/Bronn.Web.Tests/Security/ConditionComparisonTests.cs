using System.Text.Json;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Web.Tests.Security;

/// <summary>Finding 12: values that arrive as text (forms, query strings) compare as numbers; nonsense fails loudly.</summary>
public sealed class ConditionComparisonTests
{
    private static Task<bool> EvaluateAsync(string condition, string amountJson) => WorkflowExpressions.EvaluateConditionAsync(condition,
        new ExpressionScope(Guid.NewGuid(), JsonDocument.Parse("""{"body":{"amount":""" + amountJson + "}}").RootElement,
            new Dictionary<string, JsonElement>(), DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("\"99\"", false)]
    [InlineData("\"1000\"", true)]
    [InlineData("\" 150 \"", true)]
    [InlineData("\"100.5\"", true)]
    [InlineData("\"100\"", false)]
    [InlineData("99", false)]
    [InlineData("1000", true)]
    [InlineData("100.01", true)]
    [InlineData("\"-5\"", false)]
    [InlineData("\"1e3\"", true)]
    [InlineData("null", false)]
    public async Task Greater_than_compares_numbers_and_numeric_text_as_numbers(string amount, bool expected) =>
        Assert.Equal(expected, await EvaluateAsync("{{ trigger.body.amount > 100 }}", amount));

    [Theory]
    [InlineData("trigger.body.amount >= 100", "\"100\"", true)]
    [InlineData("trigger.body.amount < 100", "\"99\"", true)]
    [InlineData("trigger.body.amount <= 100", "\"1000\"", false)]
    [InlineData("trigger.body.amount == 100", "\"100\"", true)]
    [InlineData("trigger.body.amount == 100", "\"100.0\"", true)]
    [InlineData("trigger.body.amount != 100", "\"100\"", false)]
    [InlineData("trigger.body.amount == 'abc'", "\"abc\"", true)]
    [InlineData("trigger.body.amount == 100", "\"abc\"", false)]
    [InlineData("trigger.body.amount == '007'", "\"7\"", false)]
    [InlineData("trigger.body.amount > 'b'", "\"c\"", true)]
    public async Task Other_comparisons_follow_the_same_rules(string condition, string amount, bool expected) =>
        Assert.Equal(expected, await EvaluateAsync(condition, amount));

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("\"12abc\"")]
    public async Task Ordering_a_number_against_text_that_is_not_a_number_fails_with_a_message(string amount)
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() => EvaluateAsync("{{ trigger.body.amount > 100 }}", amount));

        Assert.Contains("Cannot compare", error.Message);
        Assert.Contains("the number 100", error.Message);
    }
}
