using System.Text.Json;
using Bronn.Core.Workflows.Catalog;
using Bronn.Web.Components.Builder;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace Bronn.Web.Tests.Components;

/// <summary>Name -> value parameters (set's fields, headers, a switch's cases) edited as rows, or as JSON.</summary>
public sealed class KeyValueRowsTests : IAsyncLifetime
{
    private readonly BunitContext context = new();
    private JsonElement? stored;
    private int changes;

    public KeyValueRowsTests()
    {
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.SetRendererInfo(new RendererInfo("Server", true));
    }

    [Fact]
    public void Rows_show_the_stored_object_and_adding_editing_reordering_and_removing_rows_store_it_in_row_order()
    {
        var field = Render("""{"greeting":"Hello {{ trigger.body.name }}","n":"1"}""");
        Assert.Equal(["greeting", "n"], Inputs(field, "name"));
        Assert.Equal(["Hello {{ trigger.body.name }}", "1"], Inputs(field, "value"));

        field.Find("[data-testid='param-fields-add']").Click();
        Assert.Equal(3, field.FindAll("[data-testid='param-fields-row']").Count);
        Assert.Equal(0, changes); // an empty row is not part of the value yet
        field.FindAll("input[data-testid='param-fields-name']")[2].Input("lane");
        field.FindAll("input[data-testid='param-fields-value']")[2].Input("big");
        Assert.Equal("""{"greeting":"Hello {{ trigger.body.name }}","n":"1","lane":"big"}""", stored?.GetRawText());

        field.FindAll("[data-testid='param-fields-up'] button, button[data-testid='param-fields-up']")[2].Click();
        Assert.Equal("""{"greeting":"Hello {{ trigger.body.name }}","lane":"big","n":"1"}""", stored?.GetRawText());
        field.FindAll("[data-testid='param-fields-remove'] button, button[data-testid='param-fields-remove']")[0].Click();
        Assert.Equal("""{"lane":"big","n":"1"}""", stored?.GetRawText());
        Assert.Equal(["lane", "n"], Inputs(field, "name"));
    }

    [Fact]
    public void Two_rows_with_one_name_are_refused_with_a_message_and_the_stored_value_stays()
    {
        var field = Render("""{"a":"1","b":"2"}""");

        field.FindAll("input[data-testid='param-fields-name']")[1].Input("a");

        Assert.Contains("Two rows are named 'a'", field.Find("[data-testid='param-fields-error']").TextContent);
        Assert.Equal(0, changes);
        Assert.Contains("One row per field", field.Markup); // the help stays next to the message
        field.FindAll("input[data-testid='param-fields-name']")[1].Input("c");
        Assert.Equal("""{"a":"1","c":"2"}""", stored?.GetRawText());
        Assert.Empty(field.FindAll("[data-testid='param-fields-error']"));
    }

    [Fact]
    public void The_json_mode_takes_a_pasted_object_and_the_rows_show_it_afterwards()
    {
        var field = Render(null);

        field.Find("[data-testid='param-fields-mode']").Click();
        field.Find("[data-testid='param-fields-json'] textarea, textarea[data-testid='param-fields-json']").Input("{\"x\": ");
        field.WaitForAssertion(() => Assert.Contains("Not valid JSON yet", field.Markup), Rendering.Settled);
        Assert.Equal(0, changes); // nothing half-typed is stored
        field.Find("textarea").Input("[1]");
        field.WaitForAssertion(() => Assert.Contains("Write an object of name: value pairs", field.Markup), Rendering.Settled);
        field.Find("textarea").Input("{\"x\": \"{{ item.id }}\", \"y\": \"2\"}");
        field.WaitForAssertion(() => Assert.Equal("{{ item.id }}", stored?.GetProperty("x").GetString()), Rendering.Settled);
        field.Find("[data-testid='param-fields-mode']").Click();

        Assert.Equal(["x", "y"], Inputs(field, "name"));
    }

    [Fact]
    public void A_parent_that_renders_once_more_with_the_value_before_does_not_undo_the_edit_but_a_later_undo_does()
    {
        var field = Render("""{"a":"1"}""", staleFirst: true);

        field.FindAll("input[data-testid='param-fields-value']")[0].Input("2");
        field.Find("[data-testid='param-fields-add']").Click(); // before the parent caught up: the rows must still hold "2"
        field.FindAll("input[data-testid='param-fields-name']")[1].Input("b");
        Assert.Equal("""{"a":"2","b":""}""", stored?.GetRawText());
        field.Render(p => p.Add(x => x.Value, stored));

        field.Render(p => p.Add(x => x.Value, JsonDocument.Parse("""{"a":"2"}""").RootElement.Clone())); // an undo
        Assert.Equal(["a"], Inputs(field, "name"));
    }

    [Fact]
    public void A_required_text_field_left_empty_shows_the_message_and_keeps_its_help_beside_it()
    {
        var field = context.Render<ParameterField>(p => p
            .Add(x => x.Parameter, new ParameterDescriptor("channel", "Channel", ParameterType.String, Required: true, Help: "A channel name (#general) or id."))
            .Add(x => x.Value, (JsonElement?)null));

        Assert.Contains("Channel is required. A channel name (#general) or id.", field.Markup);
    }

    [Fact]
    public void A_select_left_unset_shows_its_default_as_chosen()
    {
        var field = context.Render<ParameterField>(p => p
            .Add(x => x.Parameter, new ParameterDescriptor("method", "Method", ParameterType.Select, Default: "GET", Options: ["GET", "POST"]))
            .Add(x => x.Value, (JsonElement?)null));

        Assert.Equal("GET", field.Find("[data-testid='param-method']").TextContent);
    }

    private IRenderedComponent<ParameterField> Render(string? json, bool staleFirst = false)
    {
        stored = json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
        IRenderedComponent<ParameterField>? field = null;
        field = context.Render<ParameterField>(p => p
            .Add(x => x.Parameter, new ParameterDescriptor("fields", "Fields", ParameterType.KeyValue, Required: true,
                Help: "One row per field: its name, and its value."))
            .Add(x => x.Value, stored)
            .Add(x => x.ValueChanged, (JsonElement? v) =>
            {
                var before = stored;
                stored = v;
                changes++;
                // As in the builder, the field re-renders with the value before until the parent passes the new one down.
                field!.Render(p => p.Add(x => x.Value, staleFirst ? before : v));
            }));
        return field;
    }

    private static List<string?> Inputs(IRenderedComponent<ParameterField> field, string part) =>
        field.FindAll($"[data-testid='param-fields-{part}'] input, input[data-testid='param-fields-{part}']").Select(i => i.GetAttribute("value")).ToList();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
