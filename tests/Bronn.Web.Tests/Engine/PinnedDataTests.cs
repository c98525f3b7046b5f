using System.Net;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>Pinned data: a run from the builder uses a pinned node's items instead of running it; production runs never do.</summary>
public sealed class PinnedDataTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    // The request goes to an address that never answers: only a run that skips it can succeed quickly.
    private const string Definition = """
        {"name":"Pinned","nodes":[{"id":"start","type":"manual"},
          {"id":"fetch","type":"http.request","parameters":{"method":"GET","url":"http://192.0.2.1/orders"},"settings":{"retry":{"attempts":1}}},
          {"id":"total","type":"set","parameters":{"fields":{"order":"{{ item.id }}","from":"{{ steps.fetch.output.source }}"}}}],
         "edges":[{"from":"start","to":"fetch"},{"from":"fetch","to":"total"}],
         "pinData":{"fetch":[{"id":7,"source":"pinned"},{"id":8,"source":"pinned"}]}}
        """;

    [Fact]
    public async Task A_builder_run_uses_the_pinned_items_and_a_published_version_has_none()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", Definition);
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;

        var test = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/test", "{}");
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var run = await engine.WaitAsync((await test.JsonAsync()).GetProperty("executionId").GetString()!);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var steps = run.GetProperty("steps").EnumerateArray().ToList();
        var fetch = steps.Single(s => s.GetProperty("nodeId").GetString() == "fetch");
        Assert.Contains("did not run", fetch.GetProperty("input").ToString());
        var totals = steps.Single(s => s.GetProperty("nodeId").GetString() == "total").GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("json").GetProperty("order").ToString()).ToList();
        Assert.Equal(["7", "8"], totals);
        Assert.Equal("pinned", steps.Single(s => s.GetProperty("nodeId").GetString() == "total").GetProperty("output").GetProperty("from").GetString()); // steps.fetch.output reads the pins

        Assert.True((await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish")).IsSuccessStatusCode);
        Assert.Equal(0, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM workflow_versions WHERE workflow_id = '{id}' AND number > 0 AND definition ? 'pinData'"));
        var draft = await (await engine.SendAsync(HttpMethod.Get, $"/api/workflows/{id}")).JsonAsync();
        Assert.Equal(2, draft.GetProperty("definition").GetProperty("pinData").GetProperty("fetch").GetArrayLength()); // the draft keeps them
    }

    [Fact]
    public async Task Pinned_data_over_half_a_megabyte_is_refused_with_a_reason()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var big = Definition.Replace("\"source\":\"pinned\"}]", $"\"source\":\"{new string('x', 600_000)}\"}}]", StringComparison.Ordinal);

        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", big);

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(body.Contains("Pinned data may take at most 512 KB", StringComparison.Ordinal), body[..Math.Min(600, body.Length)]);
    }
}
