using Bronn.Core.Workflows;
using Microsoft.JSInterop;
using MudBlazor;

namespace Bronn.Web.Components.Builder;

/// <summary>
/// Unsaved work survives a lost connection or a server restart: every change is kept in this browser (secret
/// parameters masked) until it is saved, and opening the workflow again offers to bring it back (the work of a tab
/// that is still open is left to that tab).
/// </summary>
public partial class WorkflowBuilder
{
    [Microsoft.AspNetCore.Components.Inject] private SecretParameters Secrets { get; set; } = default!;
    [Microsoft.AspNetCore.Components.Inject] private TimeProvider Clock { get; set; } = default!;

    private sealed record LocalDraft(string Snapshot, DateTimeOffset At);

    /// <summary>Per user and workflow: another account on the same browser never sees it.</summary>
    private string LocalDraftKey => $"bronn-draft:{caller.UserId}:{(IsUnsaved ? "new" : workflow!.Id.ToString())}";

    private async Task KeepLocalDraftAsync()
    {
        if (self is null || workflow is null)
        {
            return;
        }
        var draft = new LocalDraft(Secrets.Hide(Current()).ToJson(), Clock.GetUtcNow());
        await LocalDraftCallAsync("bronnBuilder.keepDraft", LocalDraftKey, System.Text.Json.JsonSerializer.Serialize(draft));
    }

    private Task DropLocalDraftAsync(string key) => LocalDraftCallAsync("bronnBuilder.dropDraft", key);

    private sealed record KeptDraft(string StorageKey, string Json);

    /// <summary>On opening: a kept draft (this tab's, or a closed tab's) that differs from what is stored is offered back.</summary>
    private async Task OfferLocalDraftAsync()
    {
        KeptDraft? found;
        try
        {
            found = await JS.InvokeAsync<KeptDraft?>("bronnBuilder.readDraft", LocalDraftKey);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or JSException or TaskCanceledException)
        {
            return;
        }
        if (found is null || System.Text.Json.JsonSerializer.Deserialize<LocalDraft>(found.Json) is not { } kept || kept.Snapshot == Secrets.Hide(Current()).ToJson())
        {
            return;
        }
        var restore = await Dialogs.ShowMessageBoxAsync("Restore unsaved changes?",
            $"This browser kept changes to this workflow that were not saved ({Shared.RelativeTime.Describe(kept.At, Clock.GetUtcNow())}), " +
            "for example when the connection to the server was lost. Restore them, or discard them and keep the saved version.",
            yesText: "Restore", cancelText: "Discard");
        await LocalDraftCallAsync("bronnBuilder.dropKeptDraft", found.StorageKey); // restored, they are this tab's from now on
        if (restore == true)
        {
            await Apply(kept.Snapshot);
            Say("Unsaved changes restored: save to keep them.", Severity.Info);
            StateHasChanged();
        }
    }

    private async Task LocalDraftCallAsync(string function, params object?[] args)
    {
        try
        {
            await JS.InvokeVoidAsync(function, args);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or JSException or TaskCanceledException)
        {
            // The page is gone or storage is full: the work is still in this circuit.
        }
    }
}
