using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bronn.Browser.Tests;

/// <summary>Editing several nodes at once: shift-click and box selection, keys, duplicate, delete, copy and paste between workflows, the minimap.</summary>
public sealed class CanvasEditingJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Select_several_duplicate_delete_move_by_keys_and_copy_into_another_workflow()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"edit-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(Select_several_duplicate_delete_move_by_keys_and_copy_into_another_workflow), async () =>
        {
            await page.RegisterAsync(email, "correct horse battery");
            // "New workflow" stores nothing until it is saved: straight back, and the list is still empty.
            await page.OpenNewWorkflowAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Back to workflows" }).ClickAsync();
            await Expect(page.GetByText("No workflows yet")).ToBeVisibleAsync();

            await page.OpenNewWorkflowAsync();
            await AddSetAsync(page);
            await AddSetAsync(page);
            await page.DragAsync(page.CanvasNode("set_1").Locator(".bronn-port.output"), page.CanvasNode("set_2").Locator(".bronn-port.input"));
            await Expect(page.Locator(".diagram-link")).ToHaveCountAsync(1);
            // The same connection drawn again is not doubled (it would deliver every item twice).
            await page.DragAsync(page.CanvasNode("set_1").Locator(".bronn-port.output"), page.CanvasNode("set_2").Locator(".bronn-port.input"));
            await Expect(page.GetByTestId("builder-message")).ToHaveTextAsync("These two are connected already.");
            await Expect(page.Locator(".diagram-link")).ToHaveCountAsync(1);
            await page.GetByTestId("builder-name").FillAsync("Source");

            // Shift-click adds to the selection.
            await page.CanvasNode("set_1").Locator(".bronn-node-name").ClickAsync();
            await page.CanvasNode("set_2").Locator(".bronn-node-name").ClickAsync(new() { Modifiers = [KeyboardModifier.Shift] });
            await Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("2 nodes selected");

            // Ctrl+D duplicates both with the connection between them, next to the originals; Delete removes the copies.
            await page.Keyboard.PressAsync("Control+d");
            await Expect(page.CanvasNode("set_3")).ToBeVisibleAsync();
            await Expect(page.CanvasNode("set_4")).ToBeVisibleAsync();
            await Expect(page.Locator(".diagram-link")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("2 nodes selected");
            await page.Keyboard.PressAsync("Delete");
            await Expect(page.GetByTestId("canvas-node")).ToHaveCountAsync(3);
            await Expect(page.Locator(".diagram-link")).ToHaveCountAsync(1);

            // Shift-drag on empty canvas draws a box that selects what it touches.
            var first = (await page.CanvasNode("set_1").BoundingBoxAsync())!;
            var second = (await page.CanvasNode("set_2").BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(first.X - 20, first.Y - 30);
            await page.Keyboard.DownAsync("Shift");
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(second.X + second.Width + 10, second.Y + second.Height + 20, new() { Steps = 8 });
            await Expect(page.GetByTestId("selection-box")).ToBeVisibleAsync();
            await page.Mouse.UpAsync();
            await page.Keyboard.UpAsync("Shift");
            await Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("2 nodes selected");
            await Expect(page.GetByTestId("selection-box")).ToHaveCountAsync(0);
            await page.DocumentAsync("builder-selection", "/workflows/new$");

            // The arrow keys move the selection (10 px a press at 100 %).
            await page.Keyboard.PressAsync("ArrowRight");
            await page.Keyboard.PressAsync("ArrowRight");
            await LeftEdgeReachesAsync(page.CanvasNode("set_1"), first.X + 20);
            Assert.Equal(second.X + 20, (await page.CanvasNode("set_2").BoundingBoxAsync())!.X, 1);

            // Copy, then paste into another workflow: the nodes and their connection arrive, selected and in view.
            await page.Keyboard.PressAsync("Control+c");
            await page.GetByTestId("save").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");
            await page.OpenNewWorkflowAsync();
            await page.Keyboard.PressAsync("Control+v");
            await Expect(page.CanvasNode("set_1")).ToBeInViewportAsync();
            await Expect(page.CanvasNode("set_2")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("2 nodes selected");
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Pasted 2 node(s)");
            await page.GetByTestId("save").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");
            var api = await browser.ApiAsync(email, "correct horse battery");
            var definition = JsonDocument.Parse(await api.GetStringAsync($"/api/workflows/{new Uri(page.Url).Segments[^1]}")).RootElement.GetProperty("definition");
            var edge = Assert.Single(definition.GetProperty("edges").EnumerateArray());
            Assert.Equal(("set_1", "set_2"), (edge.GetProperty("from").GetString(), edge.GetProperty("to").GetString()));

            // One node's JSON from anywhere (an export, a chat) pastes too; a second trigger is left out, with a word why.
            await page.PasteOnBuilderAsync("""{"nodes":[{"id":"hook","type":"webhook"},{"id":"set_1","type":"set","parameters":{"fields":{"x":"{{ steps.set_1.output.y }}"}}}]}""");
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("one trigger");
            await Expect(page.CanvasNode("set_3")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("canvas-node")).ToHaveCountAsync(4);
            // D disables the selection (greyed, and its items pass through); the inspector's switch says so too.
            await page.CanvasNode("set_3").Locator(".bronn-node-name").ClickAsync();
            await page.Keyboard.PressAsync("d");
            await Expect(page.CanvasNode("set_3")).ToHaveAttributeAsync("data-disabled", "true");
            await Expect(page.CanvasNode("set_3")).ToContainTextAsync("disabled");
            await Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Disabled: its items pass through unchanged" })).Not.ToBeCheckedAsync();
            await page.GetByTestId("inspector-disabled").ClickAsync();
            await Expect(page.CanvasNode("set_3")).Not.ToHaveAttributeAsync("data-disabled", "true");

            await page.PasteOnBuilderAsync("""{"type":"no.such.node"}""");
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Bronn has no node type 'no.such.node'");
            await Expect(page.GetByTestId("canvas-node")).ToHaveCountAsync(4);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_minimap_shows_the_whole_workflow_and_a_click_or_drag_there_moves_the_view()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await page.RunAsync(nameof(The_minimap_shows_the_whole_workflow_and_a_click_or_drag_there_moves_the_view), async () =>
        {
            await page.RegisterAsync($"map-{Guid.NewGuid():N}@example.com", "correct horse battery");
            await page.OpenNewWorkflowAsync();
            for (var i = 0; i < 6; i++)
            {
                await AddSetAsync(page);
            }
            await Expect(page.GetByTestId("minimap-node")).ToHaveCountAsync(7);
            var start = page.CanvasNode("start");
            await Expect(start).Not.ToBeInViewportAsync(); // the view followed the last node added

            var startInMap = (await page.GetByTestId("minimap-node").First.BoundingBoxAsync())!;
            await page.Mouse.ClickAsync(startInMap.X + startInMap.Width / 2, startInMap.Y + startInMap.Height / 2);
            await Expect(start).ToBeInViewportAsync();
            await Expect(page.CanvasNode("set_6")).Not.ToBeInViewportAsync();
            await page.DocumentAsync("builder-minimap", "/workflows/new$");

            // Dragging across the map carries the view along to where the button comes up.
            var frame = (await page.GetByTestId("minimap-view").BoundingBoxAsync())!;
            var lastInMap = (await page.GetByTestId("minimap-node").Last.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(frame.X + frame.Width / 2, frame.Y + frame.Height / 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(lastInMap.X + lastInMap.Width / 2, lastInMap.Y + lastInMap.Height / 2, new() { Steps = 8 });
            await Expect(page.CanvasNode("set_6")).ToBeInViewportAsync(); // followed before the button came up
            await page.Mouse.UpAsync();
            await Expect(start).Not.ToBeInViewportAsync();
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_sticky_note_is_written_in_markdown_coloured_resized_and_saved_with_the_workflow()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        var email = $"note-{Guid.NewGuid():N}@example.com";
        await page.RunAsync(nameof(A_sticky_note_is_written_in_markdown_coloured_resized_and_saved_with_the_workflow), async () =>
        {
            await page.RegisterAsync(email, "correct horse battery");
            await page.OpenNewWorkflowAsync();
            await page.GetByTestId("add-note").ClickAsync();
            var note = page.GetByTestId("sticky-note");
            await Expect(note).ToContainTextAsync("Double-click to write a note");
            await note.DblClickAsync();
            await page.GetByTestId("sticky-note-text").FillAsync("**Totals** are checked by finance on Mondays.");
            await page.GetByTestId("builder-name").ClickAsync(); // away: the note keeps its text, shown as Markdown
            await Expect(note).ToContainTextAsync("Totals are checked by finance on Mondays.");
            await Expect(note.Locator("strong")).ToHaveTextAsync("Totals");

            // Selected, it offers colours and a grip to resize it.
            await note.ClickAsync();
            await page.GetByTestId("note-color-blue").ClickAsync();
            await Expect(note).ToHaveAttributeAsync("data-color", "blue");
            var before = (await note.BoundingBoxAsync())!;
            var grip = (await page.GetByTestId("sticky-note-grip").BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(grip.X + grip.Width / 2, grip.Y + grip.Height / 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(grip.X + 120, grip.Y + 60, new() { Steps = 6 });
            await page.Mouse.UpAsync();
            // The last moves are still on their way to the server: wait until the size has settled.
            var after = (await note.BoundingBoxAsync())!;
            for (var look = 0; look < 100; look++)
            {
                await Task.Delay(150);
                var now = (await note.BoundingBoxAsync())!;
                var settled = now.Width == after.Width && now.Height == after.Height && now.Width >= before.Width + 80;
                after = now;
                if (settled) break;
            }
            Assert.True(after.Width >= before.Width + 80, $"the note is {after.Width} px wide after the grip was dragged 120 px right (was {before.Width})");
            Assert.Equal(before.X, after.X, 1); // resized, not moved

            // Ctrl+D duplicates the note with its text, colour and size, next to it; the copy is selected.
            await page.Keyboard.PressAsync("Control+d");
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Duplicated 1 note(s).");
            await Expect(note).ToHaveCountAsync(2);
            await Expect(note.Nth(1)).ToHaveAttributeAsync("data-color", "blue");
            await Expect(note.Nth(1)).ToContainTextAsync("Totals are checked by finance on Mondays.");
            Assert.Equal(after.Width, (await note.Nth(1).BoundingBoxAsync())!.Width, 1);
            await page.Keyboard.PressAsync("Delete");
            await Expect(note).ToHaveCountAsync(1);

            await page.GetByTestId("save").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Draft saved");

            var api = await browser.ApiAsync(email, "correct horse battery");
            var definition = JsonDocument.Parse(await api.GetStringAsync($"/api/workflows/{new Uri(page.Url).Segments[^1]}")).RootElement.GetProperty("definition");
            var saved = Assert.Single(definition.GetProperty("notes").EnumerateArray());
            Assert.Equal("**Totals** are checked by finance on Mondays.", saved.GetProperty("text").GetString());
            Assert.Equal("blue", saved.GetProperty("color").GetString());
            Assert.InRange(saved.GetProperty("width").GetDouble(), 300, 380);
            await page.DocumentAsync("builder-note", "/workflows/[0-9a-f-]{36}$");

            await page.ReloadAsync();
            await page.WaitUntilInteractiveAsync();
            await Expect(note).ToContainTextAsync("Totals are checked by finance on Mondays.");
            await Expect(note).ToHaveAttributeAsync("data-color", "blue");
            Assert.Equal(after.Width, (await note.BoundingBoxAsync())!.Width, 1);
            await note.ClickAsync();
            await page.Keyboard.PressAsync("Delete");
            await Expect(note).ToHaveCountAsync(0);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_right_click_on_a_node_offers_what_the_shortcuts_do()
    {
        var (context, page, consoleErrors) = await browser.NewPageAsync();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.RunAsync(nameof(A_right_click_on_a_node_offers_what_the_shortcuts_do), async () =>
        {
            await page.RegisterAsync($"menu-{Guid.NewGuid():N}@example.com", "correct horse battery");
            await page.OpenNewWorkflowAsync();
            await AddSetAsync(page);
            var menu = page.GetByTestId("canvas-menu");
            var set = page.CanvasNode("set_1");

            await set.Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await Expect(menu.GetByRole(AriaRole.Menuitem)).ToHaveTextAsync([
                new Regex("Test this node"), new Regex("Rename.*F2"), new Regex("Duplicate.*Ctrl\\+D"), new Regex("Copy.*Ctrl\\+C"), new Regex("Disable.*D"), new Regex("Delete.*Del")]);
            await page.DocumentAsync("builder-menu", "/workflows/new$");
            await page.GetByTestId("canvas-menu-toggle-disabled").ClickAsync();
            await Expect(set).ToHaveAttributeAsync("data-disabled", "true");
            await Expect(menu).ToHaveCountAsync(0);

            // Escape closes the menu; the entry now offers the opposite.
            await set.Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await Expect(page.GetByTestId("canvas-menu-toggle-disabled")).ToContainTextAsync("Enable");
            await page.Keyboard.PressAsync("Escape");
            await Expect(menu).ToHaveCountAsync(0);
            await set.Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await page.GetByTestId("canvas-menu-toggle-disabled").ClickAsync();
            await Expect(set).Not.ToHaveAttributeAsync("data-disabled", "true");

            await set.Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await page.GetByTestId("canvas-menu-duplicate").ClickAsync();
            await Expect(page.CanvasNode("set_2")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Duplicated 1 node(s).");

            // Copy writes the node's JSON to the clipboard, for Ctrl+V here or in another workflow.
            await page.CanvasNode("set_2").Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await page.GetByTestId("canvas-menu-copy").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Copied 1 node(s)");
            var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
            Assert.Equal("set_2", JsonDocument.Parse(copied).RootElement.GetProperty("nodes")[0].GetProperty("id").GetString());

            await page.CanvasNode("set_2").Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await page.GetByTestId("canvas-menu-delete-selection").ClickAsync();
            await Expect(page.GetByTestId("canvas-node")).ToHaveCountAsync(2);

            // A trigger is neither tested alone nor disabled; a click beside the menu closes it.
            await page.CanvasNode("start").Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await Expect(menu.GetByRole(AriaRole.Menuitem)).ToHaveTextAsync([new Regex("Rename"), new Regex("Duplicate"), new Regex("Copy"), new Regex("Delete")]);
            await page.Mouse.ClickAsync(5, 790);
            await Expect(menu).ToHaveCountAsync(0);

            // Rename (or F2) puts the name in the inspector ready to be typed over; the canvas shows the new name.
            await set.Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await page.GetByTestId("canvas-menu-rename").ClickAsync();
            await Expect(page.GetByTestId("inspector-name")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("Totals");
            await Expect(set.Locator(".bronn-node-name")).ToHaveTextAsync("Totals");
            await page.CanvasNode("start").Locator(".bronn-node-name").ClickAsync();
            await Expect(page.GetByTestId("inspector-name")).ToHaveValueAsync("Start");
            await page.Keyboard.PressAsync("F2");
            await Expect(page.GetByTestId("inspector-name")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("Begin");
            await Expect(page.CanvasNode("start").Locator(".bronn-node-name")).ToHaveTextAsync("Begin");

            // On the empty canvas: a note where the pointer was, and the canvas's own actions.
            var canvas = (await page.GetByTestId("canvas").BoundingBoxAsync())!;
            await page.Mouse.ClickAsync(canvas.X + 300, canvas.Y + 420, new() { Button = MouseButton.Right });
            await Expect(menu.GetByRole(AriaRole.Menuitem)).ToHaveTextAsync([
                new Regex("Paste here.*Ctrl\\+V"), new Regex("Add a sticky note here"), new Regex("Select all.*Ctrl\\+A"), new Regex("Arrange the nodes"), new Regex("Fit to screen")]);
            await page.GetByTestId("canvas-menu-note-here").ClickAsync();
            var note = (await page.GetByTestId("sticky-note").BoundingBoxAsync())!;
            Assert.Equal(canvas.X + 300, note.X, tolerance: 2);
            Assert.Equal(canvas.Y + 420, note.Y, tolerance: 2);
            await page.Mouse.ClickAsync(canvas.X + 500, canvas.Y + 120, new() { Button = MouseButton.Right });
            await page.GetByTestId("canvas-menu-select-all").ClickAsync();
            await Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("2 nodes selected");

            // Of several selected, the menu acts on them all: testing is for one node.
            await set.Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await Expect(page.GetByTestId("canvas-menu-duplicate")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("canvas-menu-test")).ToHaveCountAsync(0);
            await page.Keyboard.PressAsync("Escape");

            // Test this node runs it and shows the result in the inspector.
            await set.Locator(".bronn-node-name").ClickAsync();
            await set.Locator(".bronn-node-name").ClickAsync(new() { Button = MouseButton.Right });
            await page.GetByTestId("canvas-menu-test").ClickAsync();
            await Expect(page.GetByTestId("inspector-test-result")).ToBeVisibleAsync();

            // Paste here puts what was copied (set_2, deleted since, so it keeps its id) where the pointer was.
            await page.Mouse.ClickAsync(canvas.X + 420, canvas.Y + 60, new() { Button = MouseButton.Right });
            await page.GetByTestId("canvas-menu-paste-here").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("Pasted 1 node(s).");
            var pasted = (await page.CanvasNode("set_2").BoundingBoxAsync())!;
            Assert.Equal(canvas.X + 420, pasted.X, tolerance: 2);
            Assert.Equal(canvas.Y + 60, pasted.Y, tolerance: 2);
            await page.EvaluateAsync("() => navigator.clipboard.writeText('just some words')");
            await page.Mouse.ClickAsync(canvas.X + 420, canvas.Y + 260, new() { Button = MouseButton.Right });
            await page.GetByTestId("canvas-menu-paste-here").ClickAsync();
            await Expect(page.GetByTestId("builder-message")).ToContainTextAsync("The clipboard holds no Bronn nodes");
            await Expect(page.GetByTestId("canvas-node")).ToHaveCountAsync(3);
        });
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        await context.CloseAsync();
    }

    private static async Task LeftEdgeReachesAsync(ILocator node, double x)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Math.Abs((await node.BoundingBoxAsync())!.X - x) > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(x, (await node.BoundingBoxAsync())!.X, 1);
    }



    private static async Task AddSetAsync(IPage page)
    {
        await page.PaletteSearchAsync("set");
        await page.Locator("[data-testid='palette-item'][data-node-type='set']").ClickAsync();
    }
}
