using Bronn.Web.Components.Builder.Canvas;
using Microsoft.JSInterop;
using MudBlazor;

namespace Bronn.Web.Components.Builder;

/// <summary>The right-click menu on nodes and notes: the selection's actions (the one clicked joins or becomes the selection).</summary>
public partial class WorkflowBuilder
{
    private CanvasMenu? menu;

    /// <summary>Where on the canvas the empty-canvas menu was opened (a note added from it lands there).</summary>
    private Blazor.Diagrams.Core.Geometry.Point? menuPoint;

    [JSInvokable]
    public Task ContextMenuAsync(string? key, double x, double y, double windowWidth, double windowHeight) => InvokeAsync(() =>
    {
        if (key is null)
        {
            menuPoint = diagram.GetRelativeMousePoint(x, y);
            menu = CanvasMenu.At(x, y, windowWidth, windowHeight, CanvasItems);
            StateHasChanged();
            return;
        }
        if (diagram.Nodes.FirstOrDefault(n => KeyOf(n) == key) is not { } model)
        {
            return;
        }
        if (!model.Selected)
        {
            diagram.UnselectAll();
            diagram.SelectModel(model, unselectOthers: true);
        }
        menu = CanvasMenu.At(x, y, windowWidth, windowHeight, MenuItems());
        StateHasChanged();
    });

    private static readonly IReadOnlyList<CanvasMenuItem> CanvasItems =
    [
        new("paste-here", "Paste here", Icons.Material.Filled.ContentPaste, "Ctrl+V"),
        new("note-here", "Add a sticky note here", Icons.Material.Filled.StickyNote2),
        new("select-all", "Select all", Icons.Material.Filled.SelectAll, "Ctrl+A"),
        new("arrange", "Arrange the nodes", Icons.Material.Filled.AccountTree),
        new("fit", "Fit to screen", Icons.Material.Filled.FitScreen),
    ];

    private List<CanvasMenuItem> MenuItems()
    {
        var nodes = SelectedNodes();
        var items = new List<CanvasMenuItem>();
        if (nodes is [{ Descriptor.IsTrigger: false }] && SelectedNotes().Count == 0 && !testing)
        {
            items.Add(new("test", "Test this node", Icons.Material.Filled.PlayArrow));
        }
        if (nodes.Count == 1 && SelectedNotes().Count == 0)
        {
            items.Add(new("rename", "Rename", Icons.Material.Filled.DriveFileRenameOutline, "F2"));
        }
        items.Add(new("duplicate", "Duplicate", Icons.Material.Filled.ContentCopy, "Ctrl+D"));
        items.Add(new("copy", "Copy", Icons.Material.Filled.ContentPaste, "Ctrl+C"));
        var switchable = nodes.Where(n => n.Descriptor is { IsTrigger: false }).ToList();
        if (switchable.Count > 0)
        {
            items.Add(switchable.All(n => n.Settings?.Disabled == true)
                ? new("toggle-disabled", "Enable", Icons.Material.Filled.ToggleOn, "D")
                : new("toggle-disabled", "Disable", Icons.Material.Filled.ToggleOff, "D"));
        }
        items.Add(new("delete-selection", "Delete", Icons.Material.Filled.Delete, "Del"));
        return items;
    }

    private Task CloseMenu()
    {
        menu = null;
        return Task.CompletedTask;
    }

    private async Task PickFromMenuAsync(string action)
    {
        menu = null;
        if (action == "test" && SelectedNodes() is [var node])
        {
            await TestNodeAsync(node);
            return;
        }
        switch (action)
        {
            case "rename":
                await JS.InvokeVoidAsync("bronnBuilder.focusName");
                return;
            case "note-here":
                await AddNoteAsync(menuPoint);
                return;
            case "paste-here":
                await PasteFromMenuAsync();
                return;
            case "arrange":
                AutoLayout();
                return;
            case "fit":
                Fit();
                return;
        }
        await RunActionAsync(action);
    }

    /// <summary>Puts the selection on the clipboard, as Ctrl+C does (the menu has no copy event to answer).</summary>
    private async Task CopySelectionAsync()
    {
        var content = SelectionContent();
        var copied = content.Nodes!.Count + (content.Notes?.Count ?? 0) > 0 && await JS.InvokeAsync<bool>("bronnBuilder.copyText", content.ToJson());
        if (copied)
        {
            Say($"Copied {Describe(content.Nodes!.Count, content.Notes?.Count ?? 0)}: paste with Ctrl+V, here or in another workflow.", Severity.Info);
        }
        else
        {
            Say("The browser did not let Bronn write to the clipboard: select the nodes and press Ctrl+C.", Severity.Warning);
        }
    }

    /// <summary>Pastes what the clipboard holds with its top left where the menu was opened.</summary>
    private async Task PasteFromMenuAsync()
    {
        var text = await JS.InvokeAsync<string?>("bronnBuilder.readText");
        if (string.IsNullOrWhiteSpace(text))
        {
            Say("The browser did not let Bronn read the clipboard, or it is empty: click the canvas and press Ctrl+V.", Severity.Warning);
            return;
        }
        await PasteTextAsync(text, menuPoint);
    }

    /// <summary>"2 node(s)", "1 note(s)", "2 node(s) and 1 note(s)".</summary>
    private static string Describe(int nodes, int notes) =>
        notes == 0 ? $"{nodes} node(s)" : nodes == 0 ? $"{notes} note(s)" : $"{nodes} node(s) and {notes} note(s)";
}
