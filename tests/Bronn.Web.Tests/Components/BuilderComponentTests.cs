using System.Text.Json;
using Blazor.Diagrams;
using Blazor.Diagrams.Core.Geometry;
using Bronn.Core.Integrations;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Catalog.Nodes;
using Bronn.Core.Workflows.Catalog.Nodes.Http;
using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Components.Builder;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace Bronn.Web.Tests.Components;

/// <summary>The builder's palette, generated parameter forms and node widget, rendered with bUnit.</summary>
public sealed class BuilderComponentTests : IAsyncLifetime
{
    private static readonly NodeCatalog Catalog = new(new INodeType[]
    {
        new ManualTriggerNode(), new WebhookTriggerNode(), new ScheduleTriggerNode(), new GmailNewMessageTriggerNode(),
        new GmailSendNode(null!), new GmailSearchNode(null!), new DriveUploadNode(null!), new SlackPostMessageNode(null!),
        new NotionCreatePageNode(null!), new HttpRequestNode(null!, null!, null!, null!, null!, null!), new IfNode(), new FilterNode(), new DelayNode(), new SetNode(),
    });

    private readonly BunitContext context = new();

    public BuilderComponentTests()
    {
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 190, 56));
        context.SetRendererInfo(new RendererInfo("Server", true));
    }

    [Fact]
    public void The_palette_groups_the_catalog_and_search_narrows_it()
    {
        NodeDescriptor? added = null;
        var palette = context.Render<NodePalette>(p => p.Add(x => x.Descriptors, Catalog.Descriptors)
            .Add(x => x.OnAdd, (NodeDescriptor d) => added = d));
        Assert.Equal(Catalog.Descriptors.Count, palette.FindAll("[data-testid='palette-item']").Count);
        Assert.Contains("Triggers", palette.Markup);
        Assert.Contains("Logic", palette.Markup);

        palette.Find("input").Input("mail");
        var types = palette.FindAll("[data-testid='palette-item']").Select(e => e.GetAttribute("data-node-type")).ToList();
        Assert.Equal(["gmail.new_message", "gmail.search", "gmail.send"], types);

        palette.FindAll("[data-testid='palette-item']")[2].Click();
        Assert.Equal("gmail.send", added?.Type);

        palette.Find("input").Input("no such node");
        Assert.Contains("No node matches", palette.Find("[data-testid='palette-empty']").TextContent);
    }

    [Fact]
    public void Each_parameter_type_gets_its_own_input_with_inline_validation()
    {
        Assert.Equal("checkbox", Field(new("on", "On", ParameterType.Boolean)).Find("input").GetAttribute("type"));
        Assert.NotNull(Field(new("n", "Count", ParameterType.Number)).Find(".mud-input-numeric, input[inputmode='decimal'], input[type='number']"));
        Assert.NotNull(Field(new("method", "Method", ParameterType.Select, Options: ["GET", "POST"])).Find(".mud-select"));
        Assert.Contains("hh:mm:ss", Field(new("duration", "Wait", ParameterType.Duration, Required: true)).Markup);
        Assert.NotNull(Field(new("body", "Body", ParameterType.Text)).Find("textarea"));

        var required = Field(new("url", "URL", ParameterType.String, Required: true));
        Assert.Contains("URL is required.", required.Markup);
        required.Find("input").Input("https://example.com");
        required.WaitForAssertion(() => Assert.DoesNotContain("URL is required.", required.Markup), Rendering.Settled);

        JsonElement? stored = null;
        var json = Field(new("sample", "Sample", ParameterType.Json, Required: true), v => stored = v);
        json.Find("textarea").Input("{\"greeting\": ");
        json.WaitForAssertion(() => Assert.Contains("Not valid JSON yet", json.Markup), Rendering.Settled);
        Assert.Null(stored); // nothing half-typed is stored
        json.Find("textarea").Input("{\"greeting\": \"Hello {{ trigger.body.name }}\"}");
        json.WaitForAssertion(() => Assert.Equal("Hello {{ trigger.body.name }}", stored?.GetProperty("greeting").GetString()), Rendering.Settled);
        json.WaitForAssertion(() => Assert.DoesNotContain("Not valid JSON yet", json.Markup), Rendering.Settled);
        Assert.NotNull(Field(new("fields", "Fields", ParameterType.KeyValue)).Find("[data-testid='param-fields-add']")); // rows, below
    }

    [Fact]
    public void Problems_name_the_node_as_people_know_it_and_never_repeat_its_id()
    {
        BuilderNode[] nodes =
        [
            new(new NodeDefinition { Id = "slack_1", Type = "slack.post_message" }, Catalog.Find("slack.post_message")),
            new(new NodeDefinition { Id = "hello", Type = "set", Name = "Greet the customer" }, Catalog.Find("set")),
        ];

        Assert.Equal("Post message (Slack): 'Channel' is required.",
            ProblemText.For(new("slack_1", "channel", "Node 'slack_1': 'Channel' is required."), nodes));
        Assert.Equal("Greet the customer is not connected to the trigger, so it never runs.",
            ProblemText.For(new("hello", "edges", "Node 'hello' is not connected to the trigger, so it never runs."), nodes));
        Assert.Equal("The workflow has no trigger.", ProblemText.For(new(null, null, "The workflow has no trigger."), nodes));
    }

    [Fact]
    public void A_nodes_badge_follows_its_integrations_status()
    {
        var node = new BuilderNode(new NodeDefinition { Id = "mail", Type = "gmail.send" }, Catalog.Find("gmail.send"));
        var diagram = new BlazorDiagram();
        diagram.Nodes.Add(node);
        node.IntegrationStatus = ConnectionStatus.Active;
        context.RenderTree.Add<CascadingValue<BlazorDiagram>>(p => p.Add(x => x.Value, diagram));
        var widget = context.Render<BuilderNodeWidget>(w => w.Add(x => x.Node, node));
        Assert.Empty(widget.FindAll("[data-testid='node-integration-badge']"));

        node.IntegrationStatus = ConnectionStatus.Revoked;
        widget.Render(p => p.Add(x => x.Node, node));
        var badge = widget.Find("[data-testid='node-integration-badge']");
        Assert.Equal("Revoked", badge.TextContent.Trim());
        Assert.Equal("revoked", badge.GetAttribute("data-status"));

        node.IntegrationStatus = ConnectionStatus.Expired;
        widget.Render(p => p.Add(x => x.Node, node));
        Assert.Equal("Expired", widget.Find("[data-testid='node-integration-badge']").TextContent.Trim());
    }

    private IRenderedComponent<ParameterField> Field(ParameterDescriptor parameter, Action<JsonElement?>? changed = null)
    {
        IRenderedComponent<ParameterField>? field = null;
        JsonElement? value = null;
        field = context.Render<ParameterField>(p => p.Add(x => x.Parameter, parameter).Add(x => x.Value, value)
            .Add(x => x.ValueChanged, (JsonElement? v) =>
            {
                value = v;
                changed?.Invoke(v);
                field!.Render(q => q.Add(x => x.Value, v));
            }));
        return field;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
