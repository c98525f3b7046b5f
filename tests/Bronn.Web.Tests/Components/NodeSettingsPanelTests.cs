using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Components.Builder;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Bronn.Web.Tests.Components;

/// <summary>A node's retry and error settings as a form (they used to exist only in the JSON).</summary>
public sealed class NodeSettingsPanelTests : IAsyncLifetime
{
    private readonly BunitContext context = new();
    private NodeSettings? stored;
    private int changes;

    public NodeSettingsPanelTests()
    {
        context.Services.AddMudServices();
        context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new Bronn.Core.Execution.EngineOptions()));
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.SetRendererInfo(new RendererInfo("Server", true));
    }

    [Fact]
    public void An_action_shows_its_default_of_three_attempts_and_changing_them_and_the_back_off_stores_settings_retry()
    {
        var panel = Render(null, defaultAttempts: 3);
        Assert.Equal("3", panel.Find("input[data-testid='inspector-retry-attempts']").GetAttribute("value"));
        Assert.Equal("00:00:02", panel.Find("input[data-testid='inspector-retry-initial']").GetAttribute("value")); // the defaults, shown

        panel.Find("input[data-testid='inspector-retry-attempts']").Change("5");
        Assert.Equal(5, stored?.Retry?.Attempts);
        panel.Find("input[data-testid='inspector-retry-initial']").Change("00:00:10");
        Assert.Equal(new RetrySettings(5, "00:00:10", "00:05:00"), stored?.Retry);
        Assert.Null(stored?.OnError);
    }

    [Fact]
    public void The_switch_disables_the_node_and_enabling_it_again_leaves_no_settings_behind()
    {
        var panel = Render(null, defaultAttempts: 1);
        Assert.Contains("Enabled", panel.Markup);

        panel.Find("input[data-testid='inspector-disabled']").Change(false);
        Assert.True(stored?.Disabled);
        Assert.Contains("Disabled: its items pass through unchanged", panel.Markup);

        panel.Find("input[data-testid='inspector-disabled']").Change(true);
        Assert.Null(stored); // back to the definition as written by hand
    }

    [Fact]
    public void A_timeout_is_stored_as_typed_and_one_past_the_engines_limit_is_named_beside_the_field()
    {
        var panel = Render(null, defaultAttempts: 1);

        panel.Find("input[data-testid='inspector-timeout']").Input("00:00:30");
        Assert.Equal("00:00:30", stored?.Timeout);
        panel.Find("input[data-testid='inspector-timeout']").Input("02:00:00");
        Assert.Contains("A duration like 00:00:30, at most 00:05:00.", panel.Markup);
        panel.Find("input[data-testid='inspector-timeout']").Input("");
        Assert.Null(stored);
    }

    [Fact]
    public void A_node_run_once_hides_the_back_off_and_a_bad_duration_is_named_beside_the_field()
    {
        var panel = Render(null, defaultAttempts: 1);
        Assert.Empty(panel.FindAll("input[data-testid='inspector-retry-initial']")); // no retries, no waits to set
        Assert.Equal(0, changes);

        panel.Find("input[data-testid='inspector-retry-attempts']").Change("2");
        panel.Find("input[data-testid='inspector-retry-max']").Change("forever");

        Assert.Contains("A duration like 00:00:30", panel.Markup);
        Assert.Equal("forever", stored?.Retry?.MaxDelay); // kept as typed; publishing names it too
    }

    private IRenderedComponent<NodeSettingsPanel> Render(NodeSettings? settings, int defaultAttempts)
    {
        stored = settings;
        IRenderedComponent<NodeSettingsPanel>? panel = null;
        panel = context.Render<NodeSettingsPanel>(p => p
            .Add(x => x.Settings, settings)
            .Add(x => x.DefaultAttempts, defaultAttempts)
            .Add(x => x.SettingsChanged, (NodeSettings? s) =>
            {
                stored = s;
                changes++;
                panel!.Render(q => q.Add(x => x.Settings, s));
            }));
        return panel;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
