using System.Text.Json;
using Bronn.Core.Workflows.Catalog.Nodes;
using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Components.Builder;

namespace Bronn.Web.Tests.Components;

/// <summary>Run now's example for a schedule is its real next fire time, in its zone; other triggers keep their type's example.</summary>
public sealed class RunExamplesTests
{
    [Fact]
    public void A_schedule_example_fires_at_its_next_time_in_its_zone()
    {
        var node = new BuilderNode(new NodeDefinition
        {
            Id = "every_weekday", Type = "schedule",
            Parameters = new() { ["cron"] = JsonSerializer.SerializeToElement("0 9 * * 1-5"), ["timeZone"] = JsonSerializer.SerializeToElement("Europe/Paris") },
        }, new ScheduleTriggerNode().Descriptor);

        var example = RunExamples.For(node, new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero)); // a Friday, after 9:00 in Paris

        Assert.Equal(new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc), JsonDocument.Parse(example!).RootElement.GetProperty("firedAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public void A_webhook_example_is_its_types_request_shape()
    {
        var node = new BuilderNode(new NodeDefinition { Id = "hook", Type = "webhook" }, new WebhookTriggerNode().Descriptor);

        var example = JsonDocument.Parse(RunExamples.For(node, DateTimeOffset.UtcNow)!).RootElement;

        Assert.True(example.TryGetProperty("body", out _) && example.TryGetProperty("headers", out _), example.GetRawText());
    }
}
