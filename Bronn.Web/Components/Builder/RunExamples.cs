using System.Text.Json;
using System.Text.Json.Nodes;
using Bronn.Core.Workflows.Catalog;
using Bronn.Web.Components.Builder.Schedule;

namespace Bronn.Web.Components.Builder;

/// <summary>The sample "Run now" offers for a trigger: its type's example, with a schedule's real next fire time.</summary>
public static class RunExamples
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string? For(BuilderNode? trigger, DateTimeOffset now)
    {
        if (trigger?.Descriptor is not { ExampleOutput: { } shape } descriptor)
        {
            return null;
        }
        var example = JsonSerializer.SerializeToNode(shape);
        // A trigger with a cron parameter fires at times: the example says when it fires next, in its zone.
        if (example is JsonObject fields && fields.ContainsKey("firedAt")
            && descriptor.Parameters.FirstOrDefault(p => p.Type == ParameterType.Cron) is { } cron
            && FireTimes.Next(Text(trigger, cron.Name), Text(trigger, "timeZone"), now, count: 1) is [var next])
        {
            fields["firedAt"] = next.UtcDateTime;
        }
        return example?.ToJsonString(Indented);
    }

    private static string? Text(BuilderNode node, string parameter) =>
        node.Parameters.TryGetValue(parameter, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
