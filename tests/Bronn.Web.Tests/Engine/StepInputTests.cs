using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Web.Tests.Engine;

/// <summary>A step's input as the execution page shows it: rendered parameters, else what came in (bounded).</summary>
public sealed class StepInputTests
{
    private static NodeContext Context()
    {
        var trigger = JsonSerializer.SerializeToElement(new { });
        return new NodeContext(Guid.NewGuid(), Guid.NewGuid(), new NodeDefinition { Id = "check", Type = "if" },
            new ExpressionScope(Guid.NewGuid(), trigger, new Dictionary<string, JsonElement>(), DateTimeOffset.UnixEpoch), trigger, DateTimeOffset.UnixEpoch);
    }

    private static JsonElement Item(object value) => JsonSerializer.SerializeToElement(value);

    [Fact]
    public void A_node_that_rendered_parameters_shows_them()
    {
        var context = Context();
        context.RenderedInput["url"] = "https://example.com/?q=Ann";

        Assert.Equal("""{"url":"https://example.com/?q=Ann"}""", StepInput.Of(context, [Item(new { name = "Ann" })]));
    }

    [Fact]
    public void A_node_that_rendered_none_shows_the_items_it_received()
    {
        var input = JsonDocument.Parse(StepInput.Of(Context(), [Item(new { amount = 150 }), Item(new { amount = 50 })])!).RootElement;

        Assert.Equal(2, input.GetProperty("received").GetInt32());
        Assert.Equal([150, 50], input.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("amount").GetInt32()));
        Assert.False(input.TryGetProperty("more", out _));
        Assert.Null(StepInput.Of(Context(), [])); // a trigger: nothing came in
    }

    [Fact]
    public void Many_or_large_items_show_as_many_as_fit_with_their_count_and_where_the_rest_is()
    {
        var items = Enumerable.Range(0, 500).Select(i => Item(new { i, text = new string('x', 100) })).ToList();

        var shown = StepInput.Of(Context(), items)!;
        var input = JsonDocument.Parse(shown).RootElement;

        Assert.Equal(500, input.GetProperty("received").GetInt32());
        Assert.InRange(input.GetProperty("items").GetArrayLength(), 100, 160);
        Assert.InRange(shown.Length, StepInput.MaxReceivedBytes / 2, StepInput.MaxReceivedBytes + 1000);
        Assert.Contains("previous steps' output", input.GetProperty("more").GetString());
    }
}
