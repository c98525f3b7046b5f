using MudBlazor;

namespace Bronn.Web.Components.Builder;

/// <summary>The catalog names icons by their Material name; this maps them to MudBlazor's SVG icons.</summary>
public static class NodeIcons
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["cloud_upload"] = Icons.Material.Filled.CloudUpload, ["description"] = Icons.Material.Filled.Description,
        ["forum"] = Icons.Material.Filled.Forum, ["http"] = Icons.Material.Filled.Http, ["search"] = Icons.Material.Filled.Search,
        ["send"] = Icons.Material.Filled.Send, ["call_split"] = Icons.Material.Filled.CallSplit, ["edit"] = Icons.Material.Filled.Edit,
        ["filter_alt"] = Icons.Material.Filled.FilterAlt, ["hourglass_empty"] = Icons.Material.Filled.HourglassEmpty,
        ["mark_email_unread"] = Icons.Material.Filled.MarkEmailUnread, ["play_arrow"] = Icons.Material.Filled.PlayArrow,
        ["schedule"] = Icons.Material.Filled.Schedule, ["webhook"] = Icons.Material.Filled.Webhook, ["report"] = Icons.Material.Filled.Report, ["merge_type"] = Icons.Material.Filled.MergeType, ["alt_route"] = Icons.Material.Filled.AltRoute,
    };

    public static string For(string? icon) => icon is not null && Known.TryGetValue(icon, out var svg) ? svg : Icons.Material.Filled.Extension;
}
