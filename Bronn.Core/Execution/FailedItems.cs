using System.Text.Json;
using System.Text.Json.Nodes;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Execution;

/// <summary>
/// What an item whose node failed for good (its retries spent) becomes under the node's settings.onError: with
/// <c>continue</c> the item goes on with <c>error: {message}</c>; with <c>error_output</c> it leaves by the "error"
/// port as <c>{error: {message, status?}, item}</c>. The same on both engines: both record steps through here.
/// </summary>
public static class FailedItems
{
    /// <param name="continuePort">The port a continued item takes: the node's first output.</param>
    public static PortItem Convert(string policy, string continuePort, JsonElement? item, NodeFailedException failure)
    {
        var error = new JsonObject { ["message"] = failure.Message };
        if (policy == ErrorPolicies.ErrorOutput)
        {
            if (failure.Status is { } status)
            {
                error["status"] = status;
            }
            var routed = new JsonObject { ["error"] = error, ["item"] = item is { } original ? JsonNode.Parse(original.GetRawText()) : null };
            return new PortItem(ErrorPolicies.ErrorPort, JsonSerializer.SerializeToElement(routed));
        }
        var passed = item is { ValueKind: JsonValueKind.Object } objectItem ? JsonNode.Parse(objectItem.GetRawText())!.AsObject()
            : new JsonObject { ["value"] = item is { } other ? JsonNode.Parse(other.GetRawText()) : null };
        passed["error"] = error;
        return new PortItem(continuePort, JsonSerializer.SerializeToElement(passed));
    }

    /// <summary>The step's error text when some of its items failed and went on: how many, and the first message.</summary>
    public static string Summary(int failed, int total, string firstMessage) =>
        total == 1 ? firstMessage : $"{failed} of {total} items failed; the first: {firstMessage}";
}
