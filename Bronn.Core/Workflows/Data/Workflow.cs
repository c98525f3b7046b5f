namespace Bronn.Core.Workflows.Data;

/// <summary>A user's workflow: the draft being edited, and which published version runs.</summary>
public sealed class Workflow
{
    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public required string Name { get; set; }
    /// <summary>The draft definition (JSON); only a published version runs.</summary>
    public required string Definition { get; set; }
    public bool Active { get; set; }
    public Guid? PublishedVersionId { get; set; }
    public int? PublishedVersionNumber { get; set; }
    /// <summary>The unguessable id in /hooks/{hookId}.</summary>
    public required string HookId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Grows with every save of the draft; a save based on an older revision is refused (two tabs, one workflow).</summary>
    public int Revision { get; set; } = 1;
}

/// <summary>An immutable published definition. Publishing adds one; earlier ones stay for history and runs in flight.</summary>
public sealed class WorkflowVersion
{
    public Guid Id { get; set; }
    public Guid WorkflowId { get; set; }
    public int Number { get; set; }
    public required string Definition { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public Guid PublishedBy { get; set; }
}
