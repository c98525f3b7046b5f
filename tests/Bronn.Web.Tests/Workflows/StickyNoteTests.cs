using System.Net;
using Bronn.Testing;
using Bronn.Web.Components.Builder.Canvas;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Engine;

namespace Bronn.Web.Tests.Workflows;

/// <summary>Sticky notes: kept with their colour and size; a bad one is refused naming what is wrong, and the draft stays.</summary>
public sealed class StickyNoteTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private static string Definition(string notes) => $$"""
        {"name":"Noted","nodes":[{"id":"start","type":"manual"}],"edges":[],"notes":[{{notes}}]}
        """;

    [Fact]
    public async Task A_note_keeps_its_colour_and_size_and_a_bad_one_is_refused_leaving_the_draft_as_it_was()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows",
            Definition("""{"id":"why","text":"**Why** this runs","position":{"x":10,"y":20},"color":"blue","width":300,"height":160}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        foreach (var (note, says) in new[]
        {
            ("""{"id":"why","text":"x","color":"red"}""", "Sticky note 'why' has the colour 'red'; a note's colour is one of yellow, blue, green, pink, purple, grey."),
            ("""{"id":"why","text":"x","width":40}""", "Sticky note 'why' is 40 px wide; a note is 120-2000 px wide."),
            ("""{"id":"why","text":"x","height":9000}""", "Sticky note 'why' is 9000 px high; a note is 60-2000 px high."),
            ($$"""{"id":"why","text":"{{new string('x', 5001)}}"}""", "A sticky note may hold at most 5,000 characters (note 'why' has 5,001)."),
            (string.Join(",", Enumerable.Range(0, 101).Select(i => $$"""{"id":"n{{i}}","text":""}""")), "A workflow may have at most 100 sticky notes."),
        })
        {
            var refused = await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{id}", Definition(note));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(body.Contains(says, StringComparison.Ordinal), body[..Math.Min(400, body.Length)]);
        }

        var kept = Assert.Single((await (await engine.SendAsync(HttpMethod.Get, $"/api/workflows/{id}")).JsonAsync())
            .GetProperty("definition").GetProperty("notes").EnumerateArray());
        Assert.Equal("blue", kept.GetProperty("color").GetString());
        Assert.Equal(300, kept.GetProperty("width").GetDouble());
        Assert.Equal(160, kept.GetProperty("height").GetDouble());
        Assert.Equal("**Why** this runs", kept.GetProperty("text").GetString());
    }

    [Fact]
    public void A_notes_markdown_is_shown_formatted_but_its_html_and_script_links_are_not()
    {
        var html = NoteMarkdown.ToHtml("""
            **Owner:** finance, see [the runbook](https://wiki.example.com/runbook)
            - [a trap](javascript:alert(1))
            - <script>alert(2)</script> <img src=x onerror=alert(3)>
            """);

        Assert.Contains("<strong>Owner:</strong>", html);
        Assert.Contains("<a href=\"https://wiki.example.com/runbook\" target=\"_blank\" rel=\"noopener noreferrer\">the runbook</a>", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("<a href=\"#\"", html); // the trap is a dead link
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;", html); // shown as the text that was written
    }
}
