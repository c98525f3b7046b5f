namespace Bronn.Web.Components.Builder;

/// <summary>Undo and redo over snapshots of the definition (small documents, so whole snapshots are simplest and exact).</summary>
public sealed class EditHistory(int limit = 100)
{
    private readonly List<string> undo = [];
    private readonly Stack<string> redo = new();
    private string? current;

    public bool CanUndo => undo.Count > 0;
    public bool CanRedo => redo.Count > 0;

    public void Reset(string snapshot)
    {
        undo.Clear();
        redo.Clear();
        current = snapshot;
    }

    /// <returns>Whether this is a change from the current state.</returns>
    public bool Record(string snapshot)
    {
        if (snapshot == current)
        {
            return false;
        }
        if (current is not null)
        {
            undo.Add(current);
            if (undo.Count > limit)
            {
                undo.RemoveAt(0);
            }
        }
        redo.Clear();
        current = snapshot;
        return true;
    }

    public string? Undo()
    {
        if (!CanUndo)
        {
            return null;
        }
        redo.Push(current!);
        current = undo[^1];
        undo.RemoveAt(undo.Count - 1);
        return current;
    }

    public string? Redo()
    {
        if (!CanRedo)
        {
            return null;
        }
        undo.Add(current!);
        current = redo.Pop();
        return current;
    }
}
