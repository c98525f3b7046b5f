using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Engine;

namespace Bronn.Web.Tests.Security;

/// <summary>Findings 11 (write-only webhook secrets, stored drafts within the node limit) and 14 (stale saves).</summary>
public sealed class WorkflowDraftSafetyTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private const string Secret = "s3cret-value-never-shown";

    private static readonly string WithSecret = """
        {"name":"Guarded","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"immediately","secret":"__SECRET__"}},
          {"id":"reply","type":"set","parameters":{"fields":{"ok":"yes"}}}],"edges":[{"from":"hook","to":"reply"}]}
        """.Replace("__SECRET__", Secret);

    [Fact]
    public async Task A_webhook_secret_is_never_returned_or_exported_but_a_save_of_the_masked_draft_keeps_it()
    {
        var engine = await EngineAsync();
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", WithSecret);
        var createdText = await created.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(createdText).RootElement.GetProperty("id").GetString()!;
        var shown = await engine.SendAsync(HttpMethod.Get, $"/api/workflows/{id}");
        var shownText = await shown.Content.ReadAsStringAsync();
        var export = await (await engine.SendAsync(HttpMethod.Get, $"/api/workflows/{id}/export")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(Secret, createdText + shownText + export);
        Assert.Contains("••••••••", shownText);
        // A client saves back what it was shown (the mask): the stored secret stays and still guards the webhook.
        var definition = JsonDocument.Parse(shownText).RootElement.GetProperty("definition").GetRawText().Replace("Guarded", "Guarded again");
        Assert.Equal(HttpStatusCode.OK, (await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{id}", definition)).StatusCode);
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM workflows WHERE id = '{id}' AND definition::text LIKE '%{Secret}%'"));
        Assert.True((await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish")).IsSuccessStatusCode);
        await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/activate");
        var hook = new Uri(JsonDocument.Parse(shownText).RootElement.GetProperty("webhookUrl").GetString()!).PathAndQuery;
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostHookAsync(hook, "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostHookAsync(hook, Secret)).StatusCode);

        // Imported elsewhere, the workflow arrives without its secret and cannot be published until it is set again.
        var imported = await engine.SendAsync(HttpMethod.Post, "/api/workflows/import", export);
        var importedId = (await imported.JsonAsync()).GetProperty("id").GetString();
        var publish = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{importedId}/publish");
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains("Set 'Secret' again", await publish.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_draft_over_the_node_limit_is_refused_when_stored_not_only_when_published()
    {
        var engine = await EngineAsync();
        var huge = JsonSerializer.Serialize(new
        {
            name = "Huge",
            nodes = Enumerable.Range(0, 501).Select(i => new { id = $"n{i}", type = i == 0 ? "manual" : "set" }),
            edges = Array.Empty<object>(),
        });
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM workflows");

        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", huge);
        var (id, _) = await engine.PublishAsync(WithSecret, activate: false);
        var updated = await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{id}", huge);

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("at most 500 nodes", await created.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, updated.StatusCode);
        Assert.Equal(before + 1, await app.Database.ScalarAsync<long>("SELECT count(*) FROM workflows"));
        Assert.Equal("Guarded", (await (await engine.SendAsync(HttpMethod.Get, $"/api/workflows/{id}")).JsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_save_based_on_an_old_revision_gets_409_and_changes_nothing()
    {
        var engine = await EngineAsync();
        var (id, workflow) = await engine.PublishAsync(WithSecret, activate: false);
        var loaded = await engine.SendAsync(HttpMethod.Get, $"/api/workflows/{id}");
        var etag = loaded.Headers.ETag!.Tag;
        var definition = workflow.GetProperty("definition").GetRawText();

        var first = await PutAsync(id, definition.Replace("Guarded", "First tab"), etag);
        var second = await PutAsync(id, definition.Replace("Guarded", "Second tab"), etag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(etag, first.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("saved elsewhere", (await second.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal("First tab", (await (await engine.SendAsync(HttpMethod.Get, $"/api/workflows/{id}")).JsonAsync()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await PutAsync(id, definition, "not-a-tag")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(id, definition.Replace("Guarded", "Overwritten"), null)).StatusCode); // no If-Match: overwrite

        async Task<HttpResponseMessage> PutAsync(string workflowId, string body, string? ifMatch)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/workflows/{workflowId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", engine.Token);
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }
            return await engine.Client.SendAsync(request);
        }
    }

    [Theory]
    [InlineData("*/10 * * * * *", false)]
    [InlineData("* * * * * *", false)]
    [InlineData("0,30 * * * * *", false)]
    [InlineData("* * * * *", true)]
    [InlineData("0 9 * * 1-5", true)]
    public async Task A_schedule_faster_than_the_minimum_interval_is_a_problem_naming_the_setting(string cron, bool valid)
    {
        var engine = await EngineAsync();
        var definition = """
            {"name":"Tick","nodes":[{"id":"tick","type":"schedule","parameters":{"cron":"__CRON__","timeZone":"UTC"}},
              {"id":"note","type":"set","parameters":{"fields":{"x":"y"}}}],"edges":[{"from":"tick","to":"note"}]}
            """.Replace("__CRON__", cron);

        var report = await (await engine.SendAsync(HttpMethod.Post, "/api/workflows/validate", definition)).JsonAsync();

        Assert.Equal(valid, report.GetProperty("valid").GetBoolean());
        if (!valid)
        {
            Assert.Contains("Engine:MinScheduleInterval", report.GetProperty("problems")[0].GetProperty("message").GetString());
        }
    }

    private async Task<EngineSteps> EngineAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    private Task<HttpResponseMessage> PostHookAsync(string path, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Webhook-Secret", secret);
        return app.CreateApiClient().SendAsync(request);
    }
}
