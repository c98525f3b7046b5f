using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Integrations;
using Bronn.Core.Workflows.Data;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Validation;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Workflows;

/// <summary>Who is asking: owners read and write their workflows, admins read everyone's.</summary>
public sealed record WorkflowCaller(Guid UserId, bool IsAdmin);

public enum PublishOutcome { Published, Invalid, NotFound }

public sealed record PublishResult(PublishOutcome Outcome, int? Version, ValidationReport? Report);

public enum SaveOutcome { Saved, NotFound, Stale, Invalid }

/// <param name="Problem">Why the draft cannot be stored (Invalid), as a sentence.</param>
public sealed record SaveResult(SaveOutcome Outcome, Workflow? Workflow, string? Problem = null);

/// <summary>Workflows and their published versions, always scoped to the caller.</summary>
public sealed class WorkflowStore(
    IDbContextFactory<BronnDbContext> contexts, WorkflowValidator validator, IntegrationConnections connections, SecretParameters secrets,
    WorkflowReferences references, Credentials.CredentialStore credentialStore, Hooks.PublishedHooks hooks, Hooks.WorkflowChanges workflowChanges, TimeProvider clock)
{
    /// <summary>The draft as anyone may see it (API, builder, export): secret parameters masked.</summary>
    public WorkflowDefinition Shown(Workflow workflow) => secrets.Hide(Parse(workflow.Definition));

    /// <summary>What stops a draft from being stored at all (a publish checks far more).</summary>
    public static string? DraftProblem(WorkflowDefinition definition) =>
        definition.Nodes?.Count > WorkflowValidator.MaxNodes ? $"A workflow may have at most {WorkflowValidator.MaxNodes} nodes."
        : definition.Edges?.Count > WorkflowValidator.MaxNodes * 4 ? $"A workflow may have at most {WorkflowValidator.MaxNodes * 4} connections."
        : StickyNotes.Problem(definition.Notes) is { } notesProblem ? notesProblem
        : definition.PinData is { } pins && System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(pins).Length > MaxPinnedBytes
            ? $"Pinned data may take at most {MaxPinnedBytes / 1024} KB per workflow: unpin a node or pin fewer items."
        : null;

    /// <summary>Pinned data is for testing: enough for realistic samples, not a data store.</summary>
    public const int MaxPinnedBytes = 512 * 1024;

    public async Task<List<Workflow>> ListAsync(WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Visible(db, caller).OrderByDescending(w => w.UpdatedAt).ToListAsync(ct);
    }

    public async Task<Workflow?> GetAsync(Guid id, WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await Visible(db, caller).SingleOrDefaultAsync(w => w.Id == id, ct);
    }

    /// <summary>Stores a new draft. Check <see cref="DraftProblem"/> first.</summary>
    public async Task<Workflow> CreateAsync(WorkflowCaller caller, WorkflowDefinition definition, CancellationToken ct = default)
    {
        if (DraftProblem(definition) is { } problem)
        {
            throw new ArgumentException(problem, nameof(definition));
        }
        var now = clock.GetUtcNow();
        var workflow = new Workflow
        {
            Id = Guid.CreateVersion7(), OwnerId = caller.UserId, Name = NameOf(definition), Definition = definition.ToJson(),
            HookId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24)), CreatedAt = now, UpdatedAt = now,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Workflows.Add(workflow);
        db.WorkflowDrafts.Add(History.DraftHistory.Entry(workflow, caller.UserId));
        await db.SaveChangesAsync(ct);
        return workflow;
    }

    /// <summary>
    /// An exported definition as a new draft: refused (null, with the report) when the definition itself has errors, as
    /// publishing would; connections and credentials to set up afterwards do not stop it. A name already taken gets " (2)".
    /// </summary>
    public async Task<(Workflow? Workflow, ValidationReport Report)> ImportAsync(WorkflowCaller caller, WorkflowDefinition definition, CancellationToken ct = default)
    {
        var report = await ValidateAsync(caller, definition, ct);
        if (report.DefinitionErrors.Any())
        {
            return (null, report);
        }
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var name = NameOf(definition);
            var stem = name[..Math.Min(190, name.Length)]; // room for the suffix within the 200-character limit
            var taken = await db.Workflows.AsNoTracking().Where(w => w.OwnerId == caller.UserId && w.Name.StartsWith(stem)).Select(w => w.Name).ToListAsync(ct);
            var copy = Enumerable.Range(1, taken.Count + 1).Select(n => n == 1 ? name : $"{stem} ({n})").First(candidate => !taken.Contains(candidate));
            definition = definition with { Name = copy };
        }
        return (await CreateAsync(caller, definition, ct), report);
    }

    /// <summary>Replaces the draft. Masked secrets keep their stored values.</summary>
    /// <param name="basedOnRevision">The revision the caller edited; a save based on an older one is refused as stale.
    /// Null overwrites whatever is stored.</param>
    public async Task<SaveResult> UpdateAsync(Guid id, WorkflowCaller caller, WorkflowDefinition definition, int? basedOnRevision, CancellationToken ct = default)
    {
        if (DraftProblem(definition) is { } problem)
        {
            return new(SaveOutcome.Invalid, null, problem);
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await db.Workflows.SingleOrDefaultAsync(w => w.Id == id && w.OwnerId == caller.UserId, ct);
        if (workflow is null)
        {
            return new(SaveOutcome.NotFound, null);
        }
        if (basedOnRevision is { } based && based != workflow.Revision)
        {
            return new(SaveOutcome.Stale, workflow);
        }
        var revision = workflow.Revision;
        var name = NameOf(definition);
        var json = secrets.Keep(definition, Parse(workflow.Definition)).ToJson();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Conditional on the revision read above, so two saves racing on the same revision cannot both win.
        var saved = await db.Workflows.Where(w => w.Id == id && w.Revision == revision).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Name, name).SetProperty(w => w.Definition, json).SetProperty(w => w.UpdatedAt, now)
            .SetProperty(w => w.Revision, revision + 1), ct);
        if (saved == 0)
        {
            await transaction.RollbackAsync(ct);
            return new(SaveOutcome.Stale, await GetAsync(id, caller, ct));
        }
        var previous = workflow.Definition;
        workflow.Name = name;
        workflow.Definition = json;
        workflow.UpdatedAt = now;
        workflow.Revision = revision + 1;
        if (!SameJson(json, previous)) // a save with no change (publish saves first) adds nothing to the history
        {
            await History.DraftHistory.AppendAsync(db, workflow, caller.UserId, ct);
        }
        await transaction.CommitAsync(ct);
        return new(SaveOutcome.Saved, workflow);
    }

    public async Task<bool> DeleteAsync(Guid id, WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deleted = await db.Workflows.Where(w => w.Id == id && w.OwnerId == caller.UserId).ExecuteDeleteAsync(ct) == 1;
        await CommitHooksChangeAsync(db, transaction, id, ct);
        return deleted;
    }

    /// <summary>Commits a change to which workflows listen where, telling every process (NOTIFY in the same transaction) and this one at once.</summary>
    private async Task CommitHooksChangeAsync(BronnDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, Guid id, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Hooks.WorkflowChanges.Channel}, {id.ToString()})", ct);
        await transaction.CommitAsync(ct);
        workflowChanges.Announce();
    }

    /// <param name="self">The workflow's id, when it is stored (a workflow cannot call itself).</param>
    public async Task<ValidationReport> ValidateAsync(WorkflowCaller caller, WorkflowDefinition definition, CancellationToken ct = default, Guid? self = null)
    {
        var statuses = (await connections.ListAsync(caller.UserId, ct)).ToDictionary(c => c.Integration, c => c.Status);
        var credentials = (definition.Nodes ?? []).Any(n => n.Credential is not null)
            ? (await credentialStore.ListAsync(caller.UserId, ct)).Select(c => c.Id).ToHashSet()
            : [];
        return validator.Validate(definition, statuses, await references.FindAsync(caller.UserId, definition, ct), self, credentials);
    }

    /// <summary>Validates the draft and, when it has no errors, stores it as the next version, which then runs.</summary>
    public async Task<PublishResult> PublishAsync(Guid id, WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await db.Workflows.SingleOrDefaultAsync(w => w.Id == id && w.OwnerId == caller.UserId, ct);
        if (workflow is null)
        {
            return new(PublishOutcome.NotFound, null, null);
        }
        var report = await ValidateAsync(caller, Parse(workflow.Definition), ct, workflow.Id);
        if (!report.IsValid)
        {
            return new(PublishOutcome.Invalid, null, report);
        }
        var number = (workflow.PublishedVersionNumber ?? await db.WorkflowVersions.Where(v => v.WorkflowId == id).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var version = new WorkflowVersion
        {
            Id = Guid.CreateVersion7(), WorkflowId = id, Number = number, Definition = (Parse(workflow.Definition) with { PinData = null }).ToJson(), // pins are for testing
            PublishedAt = clock.GetUtcNow(), PublishedBy = caller.UserId,
        };
        db.WorkflowVersions.Add(version);
        workflow.PublishedVersionId = version.Id;
        workflow.PublishedVersionNumber = number;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await CommitHooksChangeAsync(db, transaction, id, ct);
        return new(PublishOutcome.Published, number, report);
    }

    /// <summary>
    /// The draft frozen as a test version (number 0: never the running one), for a run started from the builder.
    /// The latest test version is reused while the draft has not changed since.
    /// </summary>
    public async Task<Guid> SnapshotDraftAsync(Workflow workflow, Guid caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var latest = await db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == workflow.Id && v.Number == TestVersionNumber)
            .OrderByDescending(v => v.PublishedAt).Select(v => new { v.Id, v.Definition }).FirstOrDefaultAsync(ct);
        var draft = Parse(workflow.Definition).ToJson();
        if (latest is not null && Parse(latest.Definition).ToJson() == draft)
        {
            return latest.Id;
        }
        var version = new WorkflowVersion
        {
            Id = Guid.CreateVersion7(), WorkflowId = workflow.Id, Number = TestVersionNumber, Definition = draft,
            PublishedAt = clock.GetUtcNow(), PublishedBy = caller,
        };
        db.WorkflowVersions.Add(version);
        await db.SaveChangesAsync(ct);
        return version.Id;
    }

    /// <summary>The number of versions frozen for test runs; published versions count from 1.</summary>
    public const int TestVersionNumber = 0;

    /// <returns>Null when not found; false when there is no published version to activate.</returns>
    public async Task<bool?> SetActiveAsync(Guid id, WorkflowCaller caller, bool active, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var workflow = await db.Workflows.SingleOrDefaultAsync(w => w.Id == id && w.OwnerId == caller.UserId, ct);
        if (workflow is null)
        {
            return null;
        }
        if (active && workflow.PublishedVersionId is null)
        {
            return false;
        }
        workflow.Active = active;
        workflow.UpdatedAt = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await CommitHooksChangeAsync(db, transaction, id, ct);
        return true;
    }

    /// <summary>An active, published workflow by its webhook id, with the definition that runs.</summary>
    public async Task<(Workflow Workflow, WorkflowDefinition Published)?> FindByHookAsync(string hookId, CancellationToken ct = default)
    {
        if (hooks.TryGet(hookId, out var cached))
        {
            return cached;
        }
        var generation = hooks.Generation;
        var found = await ReadHookAsync(hookId, ct);
        if (found is { } hit)
        {
            hooks.Remember(hookId, hit.Workflow, hit.Published, generation);
        }
        return found;
    }

    private async Task<(Workflow Workflow, WorkflowDefinition Published)?> ReadHookAsync(string hookId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await (from w in db.Workflows.AsNoTracking()
                           join v in db.WorkflowVersions.AsNoTracking() on w.PublishedVersionId equals v.Id
                           where w.HookId == hookId && w.Active
                           select new { w, v.Definition }).SingleOrDefaultAsync(ct);
        return found is null ? null : (found.w, Parse(found.Definition));
    }

    /// <summary>The same document, whatever the key order and spacing (jsonb reorders keys).</summary>
    public static bool SameJson(string a, string b) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b));

    public static WorkflowDefinition Parse(string json) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowDefinition.Json) ?? new WorkflowDefinition();

    private static IQueryable<Workflow> Visible(BronnDbContext db, WorkflowCaller caller) =>
        caller.IsAdmin ? db.Workflows.AsNoTracking() : db.Workflows.AsNoTracking().Where(w => w.OwnerId == caller.UserId);

    private static string NameOf(WorkflowDefinition definition) =>
        string.IsNullOrWhiteSpace(definition.Name) ? "Untitled workflow" : definition.Name.Trim()[..Math.Min(200, definition.Name.Trim().Length)];
}
