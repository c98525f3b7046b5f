using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Components.Builder.Canvas;

namespace Bronn.Web.Tests.Components;

/// <summary>What the builder makes of pasted text: its own copies, exports, one node's JSON, notes; or a reason.</summary>
public sealed class ClipboardNodesTests
{
    [Fact]
    public void A_copied_selection_keeps_its_notes_and_only_the_connections_inside_it()
    {
        var json = ClipboardNodes.Write(
            [new NodeDefinition { Id = "a", Type = "set" }, new NodeDefinition { Id = "b", Type = "set" }],
            [new EdgeDefinition("a", null, "b", null), new EdgeDefinition("b", null, "elsewhere", null)],
            [new NoteDefinition("note_1", "**Why** this runs", new NodePosition(10, 20), "blue", 300, null)]);

        var (content, problem) = ClipboardNodes.Read(json)!.Value;

        Assert.Null(problem);
        Assert.Equal(["a", "b"], content!.Nodes!.Select(n => n.Id));
        Assert.Equal(("a", "b"), (Assert.Single(content.Edges!).From, content.Edges![0].To));
        var note = Assert.Single(content.Notes!);
        Assert.Equal(("**Why** this runs", "blue", 300d), (note.Text, note.Color, note.Width));
    }

    [Fact]
    public void Notes_alone_paste_and_text_that_is_no_json_is_left_to_the_page()
    {
        var (content, problem) = ClipboardNodes.Read("""{"notes":[{"id":"n","text":"hello","position":{"x":0,"y":0}}]}""")!.Value;
        Assert.Null(problem);
        Assert.Empty(content!.Nodes!);
        Assert.Equal("hello", Assert.Single(content.Notes!).Text);

        Assert.Null(ClipboardNodes.Read("just words from a chat"));
    }

    [Theory]
    [InlineData("""{"nodes":[]}""")]
    [InlineData("""{"nodes":[{"id":"x"}]}""")]
    [InlineData("""{"name":"no nodes here"}""")]
    public void Json_without_nodes_or_notes_says_what_a_paste_takes(string text)
    {
        var (content, problem) = ClipboardNodes.Read(text)!.Value;

        Assert.Null(content);
        Assert.Contains("no nodes", problem);
    }

    [Fact]
    public void Broken_json_names_what_is_wrong()
    {
        var (content, problem) = ClipboardNodes.Read("""{"nodes":[{"type":"set",}""")!.Value;

        Assert.Null(content);
        Assert.StartsWith("The clipboard holds no nodes Bronn can read", problem);
    }
}
