using Bronn.Core.Workflows;
using Bronn.Core.Workflows.History;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Workflows;

/// <summary>Each save and each publish is kept: listed with time and author, compared, restored as the draft; only the owner's.</summary>
public sealed class WorkflowHistoryTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private const string First = """
        {"name":"Orders","nodes":[{"id":"start","type":"manual"},{"id":"greet","type":"set","name":"Greet","parameters":{"fields":{"text":"hello"}}}],
         "edges":[{"from":"start","to":"greet"}]}
        """;

    private const string Second = """
        {"name":"Orders","nodes":[{"id":"start","type":"manual"},{"id":"greet","type":"set","name":"Greet","parameters":{"fields":{"text":"goodbye"}}},
          {"id":"extra","type":"set","parameters":{"fields":{"n":"1"}}}],
         "edges":[{"from":"start","to":"greet"},{"from":"greet","to":"extra"}]}
        """;

    [Fact]
    public async Task Saves_and_publishes_are_listed_compared_and_one_restores_as_the_draft()
    {
        var client = app.CreateApiClient();
        var email = ApiClient.UniqueEmail();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(email));
        var (id, _) = await engine.PublishAsync(First, activate: false);
        Assert.True((await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{id}", Second)).IsSuccessStatusCode);
        var workflowId = Guid.Parse(id);
        var owner = new WorkflowCaller(await app.Database.ScalarAsync<Guid>($"SELECT owner_id FROM workflows WHERE id = '{id}'"), false);
        var history = app.Services.GetRequiredService<WorkflowHistory>();

        var entries = await history.ListAsync(workflowId, owner);

        Assert.NotNull(entries);
        Assert.Equal(["Draft, save 2", "Published v1", "Draft, save 1"], entries.Select(e => e.Label));
        Assert.All(entries, e => Assert.Equal(email, e.By));
        Assert.True(entries[0].IsCurrentDraft);
        Assert.True(entries[1].IsRunning);

        var diff = WorkflowDiff.Between((await history.GetAsync(workflowId, owner, HistoryKind.Published, 1))!, (await history.GetAsync(workflowId, owner, HistoryKind.Draft, 2))!);
        Assert.Equal(["extra (set)"], diff.AddedNodes);
        var change = Assert.Single(diff.ChangedNodes);
        Assert.Equal("Greet (greet)", change.Label);
        Assert.Equal(("fields", "{\"text\":\"hello\"}", "{\"text\":\"goodbye\"}"), Assert.Single(change.Fields));
        Assert.Equal(["Greet → extra"], diff.AddedEdges);

        var restored = await history.RestoreAsync(workflowId, owner, HistoryKind.Published, 1, basedOnRevision: null);
        Assert.Equal(SaveOutcome.Saved, restored!.Outcome);
        var draft = (await (await engine.SendAsync(HttpMethod.Get, $"/api/workflows/{id}")).JsonAsync()).GetProperty("definition");
        Assert.Equal(2, draft.GetProperty("nodes").GetArrayLength());
        Assert.Contains("hello", draft.GetRawText());
        Assert.Equal("Draft, save 3", (await history.ListAsync(workflowId, owner))![0].Label); // the restore is itself a save

        var stranger = new WorkflowCaller(Guid.NewGuid(), false);
        Assert.Null(await history.ListAsync(workflowId, stranger));
        Assert.Null(await history.GetAsync(workflowId, stranger, HistoryKind.Published, 1));
        Assert.Null(await history.RestoreAsync(workflowId, stranger, HistoryKind.Published, 1, null));
    }

    [Fact]
    public void Moving_nodes_or_reordering_keys_as_jsonb_does_is_no_change()
    {
        var canvas = WorkflowStore.Parse("""{"nodes":[{"id":"a","type":"set","position":{"x":1,"y":2},"parameters":{"fields":{"long_name":"1","b":"2"}}}]}""");
        var stored = WorkflowStore.Parse("""{"nodes":[{"id":"a","type":"set","position":{"x":300,"y":9},"parameters":{"fields":{"b": "2", "long_name": "1"}}}]}""");

        Assert.True(WorkflowDiff.Between(stored, canvas).IsEmpty);
    }

    [Fact]
    public async Task Only_the_newest_fifty_saves_are_kept()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var created = await (await engine.SendAsync(HttpMethod.Post, "/api/workflows", First)).JsonAsync();
        var id = created.GetProperty("id").GetString();
        for (var i = 0; i < WorkflowDraft.Kept + 2; i++)
        {
            Assert.True((await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{id}", First.Replace("hello", $"hello {i}"))).IsSuccessStatusCode);
        }

        Assert.Equal(WorkflowDraft.Kept, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_drafts WHERE workflow_id = '{id}'"));
        Assert.Equal(WorkflowDraft.Kept + 3 - WorkflowDraft.Kept + 1, await app.Database.ScalarAsync<int>($"SELECT min(revision) FROM workflow_drafts WHERE workflow_id = '{id}'"));
    }
}
