using System.Net;
using System.Text;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Workflows;

public sealed class WorkflowApiTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>, IAsyncLifetime
{
    private readonly HttpClient client = app.CreateApiClient();
    private string admin = "";

    public async Task InitializeAsync() => admin = await client.TokenForAsync("wf-admin@example.com");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_read_update_publish_activate_and_delete()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());

        var created = await SendAsync(HttpMethod.Post, "/api/workflows", token, Definitions.Valid);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Post, $"/api/workflows/{id}/activate", token)).StatusCode);
        var published = await SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish", token);
        Assert.Equal(1, (await published.JsonAsync()).GetProperty("version").GetInt32());
        var renamed = Definitions.Mutate(d => d["name"] = "Greeter v2");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/api/workflows/{id}", token, renamed)).StatusCode);
        Assert.Equal(2, (await (await SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish", token)).JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, $"/api/workflows/{id}/activate", token)).StatusCode);

        var workflow = await (await SendAsync(HttpMethod.Get, $"/api/workflows/{id}", token)).JsonAsync();
        Assert.Equal("Greeter v2", workflow.GetProperty("name").GetString());
        Assert.True(workflow.GetProperty("active").GetBoolean());
        Assert.Equal(2, workflow.GetProperty("publishedVersion").GetInt32());
        Assert.Equal(2, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM workflow_versions WHERE workflow_id = '{id}'"));

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/workflows/{id}", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/workflows/{id}", token)).StatusCode);
    }

    [Fact]
    public async Task Publishing_an_invalid_draft_is_refused_with_the_problems_and_keeps_the_previous_version()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var id = await CreateAsync(token, Definitions.Valid);
        await SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish", token);
        await SendAsync(HttpMethod.Put, $"/api/workflows/{id}", token, Definitions.Mutate(d => d.Parameters("wait")["duration"] = "soon"));

        var refused = await SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish", token);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = (await refused.JsonAsync()).GetProperty("problems")[0];
        Assert.Equal("wait", problem.GetProperty("nodeId").GetString());
        Assert.Equal("duration", problem.GetProperty("field").GetString());
        Assert.Equal(1, (await (await SendAsync(HttpMethod.Get, $"/api/workflows/{id}", token)).JsonAsync()).GetProperty("publishedVersion").GetInt32());
    }

    [Fact]
    public async Task Owners_see_only_their_workflows_admins_read_all_but_change_none()
    {
        var ann = await client.TokenForAsync(ApiClient.UniqueEmail("ann"));
        var bob = await client.TokenForAsync(ApiClient.UniqueEmail("bob"));
        var id = await CreateAsync(ann, Definitions.Valid);

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/workflows/{id}", bob)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Put, $"/api/workflows/{id}", bob, Definitions.Valid)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/workflows/{id}", bob)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish", bob)).StatusCode);
        Assert.DoesNotContain(id, (await (await SendAsync(HttpMethod.Get, "/api/workflows", bob)).JsonAsync()).EnumerateArray().Select(w => w.GetProperty("id").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/api/workflows/{id}", admin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/workflows/{id}", admin)).StatusCode);
    }

    [Fact]
    public async Task Export_then_import_gives_the_same_definition_and_webhook_workflows_get_a_url()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var id = await CreateAsync(token, Definitions.Mutate(d => d.Node("start")["type"] = "webhook"));

        var exported = await SendAsync(HttpMethod.Get, $"/api/workflows/{id}/export", token);
        var json = await exported.Content.ReadAsStringAsync();
        var imported = await SendAsync(HttpMethod.Post, "/api/workflows/import", token, json);

        Assert.Equal("application/json", exported.Content.Headers.ContentType!.MediaType);
        var copy = await imported.JsonAsync();
        var expected = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        expected["name"] = $"{expected["name"]} (2)"; // the original still exists: the copy is told apart
        Assert.Equal(expected.ToJsonString(), JsonSerializer.Serialize(copy.GetProperty("definition")));
        var url = copy.GetProperty("webhookUrl").GetString()!;
        Assert.Matches(@"/hooks/[A-Za-z0-9_-]{32}$", url);
        var original = await (await SendAsync(HttpMethod.Get, $"/api/workflows/{id}", token)).JsonAsync();
        Assert.NotEqual(original.GetProperty("webhookUrl").GetString(), url);
    }

    [Fact]
    public async Task Import_refuses_a_broken_definition_listing_its_problems_and_accepts_one_that_only_needs_a_connection()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var before = (await (await SendAsync(HttpMethod.Get, "/api/workflows", token)).JsonAsync()).GetArrayLength();

        var broken = await SendAsync(HttpMethod.Post, "/api/workflows/import", token, """
            {"name":"Broken","nodes":[{"id":"start","type":"manual"},{"id":"beam","type":"teleport"}],"edges":[{"from":"start","to":"beam"}]}
            """);
        var needsGmail = await SendAsync(HttpMethod.Post, "/api/workflows/import", token, """
            {"name":"Mailer","nodes":[{"id":"start","type":"manual"},{"id":"mail","type":"gmail.send","parameters":{"to":"a@example.com","subject":"Hi","body":"Hi"}}],
             "edges":[{"from":"start","to":"mail"}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("unknown type 'teleport'", await broken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, needsGmail.StatusCode); // connect Gmail afterwards; publishing checks it
        Assert.Equal(before + 1, (await (await SendAsync(HttpMethod.Get, "/api/workflows", token)).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task The_node_catalog_describes_every_node_type_once()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());

        var nodes = await (await SendAsync(HttpMethod.Get, "/api/nodes", token)).JsonAsync();

        var types = nodes.EnumerateArray().Select(n => n.GetProperty("type").GetString()).ToList();
        string[] expected = ["manual", "webhook", "schedule", "gmail.new_message", "gmail.send", "gmail.search", "drive.upload",
            "slack.post_message", "notion.create_page", "http.request", "if", "filter", "delay", "set", "stop_and_error", "split_out", "aggregate", "merge", "switch", "code", "error_trigger", "workflow.called", "workflow.execute"];
        Assert.Equal(expected.Order(), types.Order());
        Assert.Equal("trigger", nodes[0].GetProperty("category").GetString()); // triggers first, as the builder lists them
        var ifNode = nodes.EnumerateArray().Single(n => n.GetProperty("type").GetString() == "if");
        Assert.Equal(["true", "false"], ifNode.GetProperty("outputs").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("gmail", nodes.EnumerateArray().Single(n => n.GetProperty("type").GetString() == "gmail.send").GetProperty("integration").GetString());
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "malformed", "{\"name\":\"x\",\"nodes\":[", "nodes[0]" },
        { "not json", "name: x", "body" },
        { "nodes not a list", "{\"name\":\"x\",\"nodes\":\"all of them\"}", "nodes" },
        { "id not text", "{\"name\":\"x\",\"nodes\":[{\"id\":5,\"type\":\"manual\"}]}", "nodes[0].id" },
        { "oversize", "{\"name\":\"" + new string('x', 1024 * 1024) + "\"}", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_documents_are_400_naming_the_field_and_nothing_is_stored(string name, string body, string field)
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var before = await app.Database.ScalarAsync<long>("SELECT count(*) FROM workflows");

        var response = await SendAsync(HttpMethod.Post, "/api/workflows", token, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{name}: {errors}");
        Assert.Equal(before, await app.Database.ScalarAsync<long>("SELECT count(*) FROM workflows"));
    }

    private async Task<string> CreateAsync(string token, string definition) =>
        (await (await SendAsync(HttpMethod.Post, "/api/workflows", token, definition)).JsonAsync()).GetProperty("id").GetString()!;

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        request.Headers.Authorization = new("Bearer", token);
        return client.SendAsync(request);
    }
}
