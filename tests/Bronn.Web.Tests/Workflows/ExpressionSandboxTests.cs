using System.Text.Json;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Web.Tests.Workflows;

public sealed class ExpressionSandboxTests
{
    private static readonly Guid ExecutionId = Guid.Parse("0196a000-0000-7000-8000-000000000001");

    private static ExpressionScope Scope() => new(ExecutionId,
        JsonDocument.Parse("""{"body":{"name":"Ann","amount":150,"tags":["a","b"]}}""").RootElement,
        new Dictionary<string, JsonElement> { ["greet"] = JsonDocument.Parse("""{"greeting":"Hello Ann"}""").RootElement },
        new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("Hi {{ trigger.body.name }}", "Hi Ann")]
    [InlineData("{{ steps.greet.output.greeting }}!", "Hello Ann!")]
    [InlineData("{{ execution.id }}", "0196a000-0000-7000-8000-000000000001")]
    [InlineData("{{ now }}", "2026-11-24T09:00:00.0000000Z")]
    [InlineData("{{ trigger.body.tags | join: ',' }}", "a,b")]
    [InlineData("{{ trigger.body.missing }}", "")]
    public async Task Templates_see_the_trigger_the_steps_the_execution_and_now(string template, string expected) =>
        Assert.Equal(expected, await WorkflowExpressions.RenderAsync(template, Scope()));

    [Fact]
    public async Task Templates_see_the_current_item_and_every_item_of_a_node()
    {
        var orders = new[] { """{"id":1,"amount":5}""", """{"id":2,"amount":500}""" }.Select(j => JsonDocument.Parse(j).RootElement).ToList();
        var scope = new ExpressionScope(ExecutionId, JsonDocument.Parse("{}").RootElement,
            new Dictionary<string, JsonElement> { ["split"] = orders[0], ["greet"] = JsonDocument.Parse("""{"greeting":"Hi"}""").RootElement },
            DateTimeOffset.UnixEpoch, new Dictionary<string, IReadOnlyList<JsonElement>> { ["split"] = orders });

        Assert.Equal("2 500", await WorkflowExpressions.RenderAsync("{{ item.id }} {{ item.amount }}", scope.WithItem(orders[1])));
        Assert.Equal("2 1 1", await WorkflowExpressions.RenderAsync("{{ steps.split.items | size }} {{ steps.split.output.id }} {{ steps.greet.items | size }}", scope));
        Assert.Equal("505", await WorkflowExpressions.RenderAsync("{{ steps.split.items | map: 'amount' | sum }}", scope));
        Assert.Equal("", await WorkflowExpressions.RenderAsync("{{ item.id }}", scope)); // outside an item: nothing
    }

    [Theory]
    [InlineData("{{ trigger.body.amount > 100 }}", true)]
    [InlineData("trigger.body.name == 'Bob'", false)]
    [InlineData("{{ trigger.body.tags contains 'b' }}", true)]
    public async Task Conditions_evaluate_to_true_or_false(string condition, bool expected) =>
        Assert.Equal(expected, await WorkflowExpressions.EvaluateConditionAsync(condition, Scope()));

    [Theory]
    [InlineData("{{ trigger.GetType }}")]
    [InlineData("{{ trigger.body.name.Length }}")]
    [InlineData("{% include 'appsettings.json' %}")]
    public async Task Templates_cannot_reach_dotnet_members_or_files(string template)
    {
        var output = await Record.ExceptionAsync(() => WorkflowExpressions.RenderAsync(template, Scope()));

        if (output is null)
        {
            Assert.Equal("", (await WorkflowExpressions.RenderAsync(template, Scope())).Trim());
        }
        else
        {
            Assert.IsType<ExpressionException>(output);
        }
    }

    [Fact]
    public async Task A_runaway_loop_is_stopped_with_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ExpressionException>(() =>
            WorkflowExpressions.RenderAsync("{% for i in (1..100000000) %}x{% endfor %}", Scope()));

        Assert.Contains("limit", error.Message);
    }

    [Fact]
    public void An_oversized_template_is_refused_before_parsing() =>
        Assert.Contains("longer than", WorkflowExpressions.Check("{{ a }}" + new string('x', WorkflowExpressions.MaxTemplateLength)));
}
