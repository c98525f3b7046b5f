using Blazor.Diagrams;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Bronn.Core.Integrations;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Data;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Validation;
using Bronn.Web.Accounts;
using Bronn.Web.Components.Builder.Canvas;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace Bronn.Web.Components.Builder;

public partial class WorkflowBuilder : IAsyncDisposable
{
    [Parameter] public Guid Id { get; set; }
    /// <summary>Set when the OAuth flow started from the inspector comes back here.</summary>
    [SupplyParameterFromQuery(Name = "outcome")] public string? ConnectOutcome { get; set; }
    [SupplyParameterFromQuery(Name = "integration")] public string? ConnectedIntegration { get; set; }
    [Inject] private WorkflowStore Store { get; set; } = default!;
    [Inject] private NodeCatalog Catalog { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IntegrationConnections Connections { get; set; } = default!;
    [Inject] private IntegrationChangeFeed Feed { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Options.IOptions<Bronn.Core.Configuration.BronnOptions> BronnOptions { get; set; } = default!;

    private string? WebhookUrl => workflow is null || IsUnsaved ? null : Web.Workflows.WorkflowResponse.WebhookAddress(BronnOptions.Value.PublicBaseUrl, workflow.HookId);
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    // Wheel up zooms in, as in every map and editor (the library's default is the other way round).
    private readonly BlazorDiagram diagram = new(new()
    {
        AllowMultiSelection = true, Links = { RequireTarget = true },
        Zoom = { Inverse = true, Minimum = CanvasView.MinZoom, Maximum = CanvasView.MaxZoom },
    });
    private readonly EditHistory history = new();
    private CanvasSelection selection = default!;
    private EventCallback noteChanged;
    private DotNetObjectReference<WorkflowBuilder>? self;
    private NodePalette? palette;
    private Workflow? workflow;
    private WorkflowCaller caller = default!;
    private WorkflowSettings? settings;
    private string? name;
    private BuilderNode? selected;
    private List<ValidationProblem> problems = [];
    private string? loadError;
    private string? message;
    private Severity messageSeverity;
    private bool dirty;
    private bool busy;
    private bool restoring;
    private Dictionary<string, ConnectionView> connections = new(StringComparer.Ordinal);

    private bool HasTrigger => diagram.Nodes.OfType<BuilderNode>().Any(n => n.Descriptor?.IsTrigger == true);

    protected override async Task OnInitializedAsync()
    {
        caller = new WorkflowCaller(BronnClaims.UserIdOf((await AuthenticationState).User)!.Value, IsAdmin: false);
        diagram.RegisterComponent<BuilderNode, BuilderNodeWidget>();
        diagram.RegisterComponent<StickyNote, StickyNoteWidget>();
        noteChanged = EventCallback.Factory.Create(this, Changed);
        selection = CanvasSelection.Install(diagram);
        diagram.SelectionChanged += _ => InvokeAsync(SelectionChanged);
        diagram.ZoomChanged += () => InvokeAsync(StateHasChanged); // the zoom level shown in the toolbar
        diagram.Nodes.Added += node => node.Moved += _ => InvokeAsync(Changed);
        diagram.Nodes.Removed += _ => InvokeAsync(Changed);
        diagram.Links.Added += link => link.TargetAttached += _ => InvokeAsync(() => LinkDrawn(link));
        diagram.Links.Removed += _ => InvokeAsync(Changed);
        try
        {
            // "New workflow" is stored by its first save, not before: leaving at once leaves no empty draft behind.
            workflow = Id == Guid.Empty ? Unsaved() : await Store.GetAsync(Id, caller);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            loadError = "This workflow could not be loaded: the database is not reachable. Reload to try again.";
            return;
        }
        if (workflow is null)
        {
            loadError = "There is no workflow here, or it is not yours. Go back to Workflows to pick one.";
            return;
        }
        var definition = Store.Shown(workflow);
        name = workflow.Name;
        settings = definition.Settings;
        Restore(definition);
        history.Reset(Snapshot());
        await LoadConnectionsAsync();
        if (ConnectOutcome == "connected" && ConnectedIntegration is { } integration && connections.GetValueOrDefault(integration) is { } connected)
        {
            Say($"{connected.DisplayName} is connected.", Severity.Success);
        }
        Feed.Changed += OnIntegrationChanged;
        await LoadSampleAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Not only the first render: while the workflow loads, the first render shows a progress bar.
        if (self is null && workflow is not null)
        {
            self = DotNetObjectReference.Create(this);
            await JS.InvokeVoidAsync("bronnBuilder.attach", self);
            await OfferLocalDraftAsync();
        }
    }

    [JSInvokable]
    public Task ShortcutAsync(string action) => InvokeAsync(async () =>
    {
        menu = null; // a key acts on the selection as it is now: the menu's entries would be stale
        await RunActionAsync(action);
        StateHasChanged(); // a call from script is not a UI event: nothing re-renders by itself
    });

    /// <summary>What a shortcut or a menu entry asks for.</summary>
    private Task RunActionAsync(string action)
    {
        Func<Task> run = action switch
        {
            "save" => () => SaveAsync(),
            "undo" => UndoAsync,
            "redo" => RedoAsync,
            "zoom-in" => () => { ZoomIn(); return Task.CompletedTask; },
            "zoom-out" => () => { ZoomOut(); return Task.CompletedTask; },
            "duplicate" => DuplicateAsync,
            "delete-selection" => DeleteSelectionAsync,
            "toggle-disabled" => ToggleDisabledAsync,
            "select-all" => () => { SelectAll(); return Task.CompletedTask; },
            "copy" => CopySelectionAsync,
            "close-menu" => CloseMenu,
            _ when action.StartsWith("move:", StringComparison.Ordinal) => () => MoveSelectionAsync(action["move:".Length..]),
            _ => () => Task.CompletedTask,
        };
        return run();
    }

    private Workflow Unsaved() => new()
    {
        OwnerId = caller.UserId, Name = "Untitled workflow", HookId = "", Revision = 0,
        Definition = Components.Workflows.DefinitionFile.Starter("Untitled workflow").ToJson(),
    };

    private bool IsUnsaved => workflow?.Id == Guid.Empty;

    /// <summary>The workflow as the builder holds it now (saved or not).</summary>
    private WorkflowDefinition Current() => WorkflowCanvas.Read(diagram, name, settings, pins);

    private string Snapshot() => Current().ToJson();

    private void Restore(WorkflowDefinition definition)
    {
        restoring = true;
        WorkflowCanvas.Load(diagram, definition, Catalog);
        pins = definition.PinData is { } pinned ? new(pinned, StringComparer.Ordinal) : new(StringComparer.Ordinal);
        ApplyPins();
        ApplyConnections();
        MarkProblems();
        ApplyRun();
        restoring = false;
        selected = null;
    }

    private Task Changed()
    {
        if (!restoring && history.Record(Snapshot()))
        {
            dirty = true;
            _ = OfferSelectionToClipboardAsync(); // a moved or edited node copies as it is now
            _ = KeepLocalDraftAsync();
            StateHasChanged();
        }
        return Task.CompletedTask;
    }

    private Task LinkDrawn(Blazor.Diagrams.Core.Models.Base.BaseLinkModel link)
    {
        if (WorkflowCanvas.Refusal(diagram, link) is { } refusal)
        {
            diagram.Links.Remove(link); // before it is recorded: nothing to undo
            Say(refusal, Severity.Info);
            StateHasChanged();
            return Task.CompletedTask;
        }
        return Changed();
    }

    private Task NodeEdited()
    {
        if (selected is { } node)
        {
            var removed = node.SyncOutputs();
            foreach (var link in removed)
            {
                diagram.Links.Remove(link);
            }
            node.Refresh();
            // Each port renders its own position (output i of n): a port that stayed needs telling that n changed.
            foreach (var port in node.Outputs)
            {
                port.RefreshAll();
            }
        }
        return Changed();
    }

    private async Task EditSettingsAsync()
    {
        var dialog = await Dialogs.ShowAsync<WorkflowSettingsDialog>("Workflow settings", new DialogParameters<WorkflowSettingsDialog>
        {
            { d => d.Settings, settings }, { d => d.OwnerId, caller.UserId }, { d => d.WorkflowId, Id },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: WorkflowSettings chosen } && chosen != settings)
        {
            settings = chosen;
            await Changed();
        }
    }

    private void Rename(string value)
    {
        name = value;
        _ = Changed();
    }

    private void SelectionChanged()
    {
        var nodes = diagram.GetSelectedModels().OfType<BuilderNode>().ToList();
        selected = nodes.Count == 1 ? nodes[0] : null; // the inspector edits one node
        selectedCount = nodes.Count;
        _ = OfferSelectionToClipboardAsync();
        StateHasChanged();
    }

    private void Select(string? nodeId)
    {
        if (diagram.Nodes.OfType<BuilderNode>().FirstOrDefault(n => n.Key == nodeId) is { } node)
        {
            diagram.UnselectAll();
            diagram.SelectModel(node, unselectOthers: true);
        }
    }

    private async Task AddAsync(NodeDescriptor descriptor)
    {
        if (await ReplacedTriggerAsync(descriptor))
        {
            return;
        }
        await AddAt(descriptor, WorkflowCanvas.NextFreeSpot(diagram));
        CanvasView.Reveal(diagram, diagram.Nodes[^1]); // the view follows where the palette put it
    }

    private async Task DropAsync(DragEventArgs e)
    {
        if (palette?.Dragging is { } descriptor && !await ReplacedTriggerAsync(descriptor))
        {
            await AddAt(descriptor, diagram.GetRelativeMousePoint(e.ClientX, e.ClientY));
        }
    }

    /// <summary>
    /// A workflow has one trigger: picking another asks to replace it. The new one takes its place and its connections;
    /// expressions read trigger.* whatever the trigger is. True when the pick was a trigger and is now handled.
    /// </summary>
    private async Task<bool> ReplacedTriggerAsync(NodeDescriptor descriptor)
    {
        if (!descriptor.IsTrigger || diagram.Nodes.OfType<BuilderNode>().FirstOrDefault(n => n.Descriptor?.IsTrigger == true) is not { } current)
        {
            return false;
        }
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Replace the trigger with {descriptor.DisplayName}?",
            $"A workflow has one trigger. {ProblemText.Label(current)} is removed and {descriptor.DisplayName} takes its place and its connections.",
            yesText: "Replace", cancelText: "Cancel");
        if (confirmed == true)
        {
            WorkflowCanvas.ReplaceTrigger(diagram, current, descriptor);
            ApplyConnections();
            await Changed();
        }
        return true;
    }

    private Task AddAt(NodeDescriptor descriptor, Blazor.Diagrams.Core.Geometry.Point at)
    {
        var node = new BuilderNode(new NodeDefinition
        {
            Id = WorkflowCanvas.NewKey(diagram, descriptor.Type), Type = descriptor.Type, Position = new NodePosition(at.X, at.Y),
        }, descriptor);
        diagram.Nodes.Add(node);
        ApplyConnections();
        diagram.SelectModel(node, unselectOthers: true);
        return Changed();
    }

    private void AutoLayout()
    {
        WorkflowCanvas.AutoLayout(diagram);
        Fit();
        _ = Changed();
    }

    private void Fit() => CanvasView.Fit(diagram);

    private void ZoomIn() => CanvasView.ZoomAboutCenter(diagram, CanvasView.Step);

    private void ZoomOut() => CanvasView.ZoomAboutCenter(diagram, 1 / CanvasView.Step);

    private void ActualSize() => CanvasView.ZoomAboutCenter(diagram, to: 1);

    private Task UndoAsync() => Apply(history.Undo());

    private Task RedoAsync() => Apply(history.Redo());

    private Task Apply(string? snapshot)
    {
        if (snapshot is null)
        {
            return Task.CompletedTask;
        }
        var definition = WorkflowStore.Parse(snapshot);
        name = definition.Name;
        settings = definition.Settings;
        Restore(definition);
        dirty = true;
        StateHasChanged();
        return KeepLocalDraftAsync();
    }

    private void MarkProblems()
    {
        foreach (var node in diagram.Nodes.OfType<BuilderNode>())
        {
            node.Problems.Clear();
            node.Problems.AddRange(problems.Where(p => p.NodeId == node.Key && p.Severity == ProblemSeverity.Error).Select(p => p.Message));
            node.Refresh();
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!dirty)
        {
            return;
        }
        if (await Dialogs.ShowMessageBoxAsync("Leave without saving?", "Your changes to this workflow are not saved.",
                yesText: "Leave", cancelText: "Stay") != true)
        {
            context.PreventNavigation();
        }
        else
        {
            await DropLocalDraftAsync(LocalDraftKey); // left on purpose: nothing to offer back
        }
    }

    private void Say(string text, Severity severity)
    {
        message = text;
        messageSeverity = severity;
    }

    public async ValueTask DisposeAsync()
    {
        Feed.Changed -= OnIntegrationChanged;
        watchingRuns?.Dispose();
        if (self is not null)
        {
            try
            {
                await JS.InvokeVoidAsync("bronnBuilder.detach");
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the page.
            }
            self.Dispose();
        }
    }
}
