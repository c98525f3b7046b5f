using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Catalog.Nodes;
using Bronn.Web.Components.Executions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace Bronn.Web.Tests.Components;

/// <summary>The execution page: an action that ran per item shows as its node with item counts, its items' steps inside.</summary>
public sealed class ExecutionStepsTests
{
    private static ExecutionStep Step(long id, string node, string key, string status, int attempt = 1) => new()
    {
        Id = id, NodeId = node, Key = key, NodeType = "set", Status = status, Attempt = attempt,
        Output = status == StepStatus.Succeeded ? "{\"ok\":true}" : null, Error = status == StepStatus.Failed ? "Slack said: channel_not_found" : null,
        StartedAt = DateTimeOffset.UnixEpoch.AddSeconds(id), FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(id + 1),
    };

    private static readonly ExecutionStep[] PerItemRun =
    [
        Step(1, "start", "start#0", StepStatus.Succeeded),
        Step(2, "notify", "notify#0/0", StepStatus.Succeeded),
        Step(3, "log", "log#0", StepStatus.Succeeded),
        Step(4, "notify", "notify#0/1", StepStatus.Failed),
        Step(5, "notify", "notify#0/1", StepStatus.Succeeded, attempt: 2),
        Step(6, "notify", "notify#0/2", StepStatus.Failed),
    ];

    private static BunitContext NewContext()
    {
        var context = new BunitContext();
        context.Services.AddMudServices();
        context.Services.AddSingleton(new NodeCatalog([new SetNode()]));
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        return context;
    }

    [Fact]
    public void Per_item_steps_are_gathered_under_their_node_where_its_first_item_ran_and_counted_by_their_latest_attempt()
    {
        var groups = StepGroup.Of(PerItemRun);

        Assert.Equal(["start", "notify", "log"], groups.Select(g => g.NodeId));
        var notify = groups[1];
        Assert.True(notify.PerItem);
        Assert.Equal(4, notify.Steps.Count);
        Assert.Equal((3, 2, 1), (notify.Items, notify.Succeeded, notify.Failed));
        Assert.Equal(StepStatus.Failed, notify.Status);
        Assert.False(groups[0].PerItem);
    }

    [Fact]
    public async Task A_per_item_node_shows_its_item_count_and_outcome_and_opens_on_a_failure_to_show_each_item()
    {
        await using var context = NewContext();

        var failed = context.Render<ItemStepsGroup>(p => p.Add(x => x.Group, StepGroup.Of(PerItemRun)[1]));
        var clean = context.Render<ItemStepsGroup>(p => p.Add(x => x.Group, StepGroup.Of(PerItemRun.Take(3))[1]));

        Assert.Equal("3 items", failed.Find("[data-testid='step-group-count']").TextContent.Trim());
        Assert.Contains("1 failed, 2 succeeded", failed.Markup);
        Assert.Equal(["Item 1", "Item 2", "Item 2", "Item 3"], failed.FindAll("[data-testid='step-item']").Select(e => e.TextContent.Trim()));
        Assert.Contains("channel_not_found", failed.Markup);

        Assert.Equal("1 item", clean.Find("[data-testid='step-group-count']").TextContent.Trim());
        Assert.Empty(clean.FindAll("[data-testid='step-item']")); // folded: nothing went wrong
        clean.Find("[data-testid='step-group-toggle']").Click();
        Assert.Equal(["Item 1"], clean.FindAll("[data-testid='step-item']").Select(e => e.TextContent.Trim()));
    }

    [Fact]
    public async Task A_step_is_titled_by_the_name_given_to_its_node_and_else_by_its_id()
    {
        await using var context = NewContext();
        IReadOnlyDictionary<string, string> names = new Dictionary<string, string> { ["notify"] = "Tell the team" };

        var page = context.Render<CascadingValue<IReadOnlyDictionary<string, string>>>(p => p
            .Add(x => x.Name, "NodeNames").Add(x => x.Value, names)
            .AddChildContent<StepCard>(card => card.Add(x => x.Step, PerItemRun[0])));
        var named = context.Render<CascadingValue<IReadOnlyDictionary<string, string>>>(p => p
            .Add(x => x.Name, "NodeNames").Add(x => x.Value, names)
            .AddChildContent<ItemStepsGroup>(group => group.Add(x => x.Group, StepGroup.Of(PerItemRun)[1])));

        Assert.Empty(page.FindAll("[data-testid='step-node-name']"));
        Assert.Contains("<b>start</b>", page.Markup);
        Assert.Equal("Tell the team", named.Find("[data-testid='step-node-name']").TextContent.Trim());
        Assert.Contains("Set fields · notify", named.Markup);
    }
}
