using System.Text.Json;
using Bronn.Core.Workflows.Catalog;
using Bronn.Web.Components.Builder;
using Bronn.Web.Components.Builder.Schedule;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Bronn.Web.Tests.Components;

/// <summary>The schedule trigger's cron, from presets people mean, with the next fire times in its zone.</summary>
public sealed class ScheduleFieldTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Friday = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly BunitContext context = new();
    private string? stored;

    public ScheduleFieldTests()
    {
        context.Services.AddMudServices();
        context.Services.AddSingleton<TimeProvider>(new StoppedClock(Friday));
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.SetRendererInfo(new RendererInfo("Server", true));
    }

    [Theory]
    [InlineData("*/15 * * * *", SchedulePreset.EveryMinutes, "*/15 * * * *")]
    [InlineData("* * * * *", SchedulePreset.EveryMinutes, "* * * * *")]
    [InlineData("30 * * * *", SchedulePreset.Hourly, "30 * * * *")]
    [InlineData("0 9 * * *", SchedulePreset.Daily, "0 9 * * *")]
    [InlineData("5  17 * * 1-5", SchedulePreset.Weekdays, "5 17 * * 1-5")]
    [InlineData("0 9 1 * *", SchedulePreset.Custom, null)]
    [InlineData("*/90 * * * *", SchedulePreset.Custom, null)]
    public void An_expression_shows_as_the_preset_it_is_and_the_preset_writes_it_back(string cron, string kind, string? written)
    {
        var preset = SchedulePreset.Of(cron);

        Assert.Equal(kind, preset.Kind);
        Assert.Equal(written, preset.ToCron());
    }

    [Fact]
    public void The_next_five_fires_are_in_the_schedules_own_time_zone()
    {
        var fires = FireTimes.Next("0 9 * * 1-5", "Europe/Paris", Friday);

        Assert.Equal(5, fires.Count);
        Assert.All(fires, f => Assert.Equal(TimeSpan.FromHours(1), f.Offset)); // CET in December
        Assert.Equal([7, 8, 9, 10, 11], fires.Select(f => f.Day)); // Monday to Friday, 09:00 in Paris
        Assert.All(fires, f => Assert.Equal(9, f.Hour));
        Assert.Empty(FireTimes.Next("not cron", "UTC", Friday));
    }

    [Fact]
    public void Picking_a_preset_and_a_time_stores_the_cron_and_shows_when_it_runs()
    {
        var field = Render("0 9 * * *", "Europe/Paris");
        Assert.Equal("09:00", field.Find("input[data-testid='param-cron-time']").GetAttribute("value"));
        Assert.Equal(5, field.FindAll("[data-testid='param-cron-next'] li").Count);
        Assert.Contains("Sat 5 Dec 2026 09:00", field.Find("[data-testid='param-cron-next']").TextContent);

        field.Find("input[data-testid='param-cron-time']").Input("17:30");
        Assert.Equal("30 17 * * *", stored);
        field.Find("input[data-testid='param-cron-time']").Input("25:00");
        Assert.Contains("A time of day such as 09:00", field.Markup);
        Assert.Equal("30 17 * * *", stored); // nothing wrong is stored
    }

    [Fact]
    public void Custom_keeps_the_expression_for_typing_and_stays_custom_while_it_is_typed()
    {
        var field = Render("0 9 1 * *", null);
        Assert.Equal("0 9 1 * *", field.Find("input[data-testid='param-cron-cron']").GetAttribute("value"));

        field.Find("input[data-testid='param-cron-cron']").Input("0 9 * * *"); // happens to be a preset: the field stays

        Assert.Equal("0 9 * * *", stored);
        Assert.NotEmpty(field.FindAll("input[data-testid='param-cron-cron']"));
        Assert.Contains("(UTC)", field.Markup);
    }

    private IRenderedComponent<ParameterField> Render(string cron, string? zone)
    {
        stored = cron;
        var siblings = new Dictionary<string, JsonElement>();
        if (zone is not null)
        {
            siblings["timeZone"] = JsonSerializer.SerializeToElement(zone);
        }
        IRenderedComponent<ParameterField>? field = null;
        field = context.Render<ParameterField>(p => p
            .Add(x => x.Parameter, new ParameterDescriptor("cron", "Cron expression", ParameterType.Cron, Required: true))
            .Add(x => x.Value, JsonSerializer.SerializeToElement(cron))
            .Add(x => x.Siblings, siblings)
            .Add(x => x.ValueChanged, (JsonElement? v) =>
            {
                stored = v?.GetString();
                field!.Render(q => q.Add(x => x.Value, v));
            }));
        return field;
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
