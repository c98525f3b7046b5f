namespace Bronn.Web.Components.Builder;

/// <summary>
/// Auto-layout in layers, left to right: a node's column is its longest distance from a node with no inputs, so every
/// link runs rightwards from an output to an input; within a column, nodes are ordered by where their inputs come from
/// (the true branch above the false one, a node level with what feeds it), which keeps links from crossing.
/// </summary>
public static class LayeredLayout
{
    public sealed record Node(string Key, double Y);

    /// <param name="PortIndex">The output's position on its node (true = 0, false = 1), to keep branches in port order.</param>
    public sealed record Link(string From, int PortIndex, string To);

    public static Dictionary<string, (int Column, int Row)> Arrange(IReadOnlyList<Node> nodes, IReadOnlyList<Link> links)
    {
        var keys = nodes.Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        var usable = links.Where(l => keys.Contains(l.From) && keys.Contains(l.To) && l.From != l.To).ToList();
        var column = nodes.ToDictionary(n => n.Key, _ => 0, StringComparer.Ordinal);
        for (var pass = 0; pass < nodes.Count; pass++) // at most n passes: a cycle (refused on publish) cannot loop forever
        {
            var changed = false;
            foreach (var link in usable.Where(l => column[l.To] < column[l.From] + 1))
            {
                column[link.To] = column[link.From] + 1;
                changed = true;
            }
            if (!changed)
            {
                break;
            }
        }
        var row = new Dictionary<string, double>(StringComparer.Ordinal);
        var result = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var layer in nodes.GroupBy(n => column[n.Key]).OrderBy(g => g.Key))
        {
            var ordered = layer.OrderBy(n => Barycenter(n.Key) ?? double.MaxValue).ThenBy(n => n.Y).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                row[ordered[i].Key] = i;
                result[ordered[i].Key] = (layer.Key, i);
            }
        }
        return result;

        double? Barycenter(string key)
        {
            var feeding = usable.Where(l => l.To == key && row.ContainsKey(l.From)).Select(l => row[l.From] + l.PortIndex * 0.01).ToList();
            return feeding.Count == 0 ? null : feeding.Average();
        }
    }
}
