using System.Net;
using System.Text;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>Publishing and running workflows over the API, the way a client does.</summary>
public sealed class EngineSteps(TestDatabase database, HttpClient client, string token)
{
    public EngineSteps(BronnAppFactory app, HttpClient client, string token) : this(app.Database, client, token)
    {
    }

    public HttpClient Client => client;

    public string Token => token;

    public async Task<(string Id, JsonElement Workflow)> PublishAsync(string definition, bool activate = true)
    {
        var created = await SendAsync(HttpMethod.Post, "/api/workflows", definition);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        var published = await SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish");
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        if (activate)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, $"/api/workflows/{id}/activate")).StatusCode);
        }
        return (id, await (await SendAsync(HttpMethod.Get, $"/api/workflows/{id}")).JsonAsync());
    }

    public async Task<string> RunAsync(string workflowId, string body = "{}")
    {
        var response = await SendAsync(HttpMethod.Post, $"/api/workflows/{workflowId}/run", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("executionId").GetString()!;
    }

    /// <summary>Returns as soon as the status is reached; the limit is for a machine starved by the tests running beside.</summary>
    public Task<JsonElement> WaitAsync(string executionId, params string[] statuses) => WaitAsync(executionId, TimeSpan.FromSeconds(60), statuses);

    public async Task<JsonElement> WaitAsync(string executionId, TimeSpan limit, params string[] statuses)
    {
        statuses = statuses.Length == 0 ? ["succeeded", "failed", "cancelled"] : statuses;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var execution = await GetAsync(executionId);
            if (statuses.Contains(execution.GetProperty("status").GetString()) || DateTime.UtcNow > deadline)
            {
                return execution;
            }
            await Task.Delay(50);
        }
    }

    public async Task<JsonElement> GetAsync(string executionId) => await (await SendAsync(HttpMethod.Get, $"/api/executions/{executionId}")).JsonAsync();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        request.Headers.Authorization = new("Bearer", token);
        return client.SendAsync(request);
    }

    public static IEnumerable<(string Node, string Status)> Steps(JsonElement execution) =>
        execution.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("nodeId").GetString()!, s.GetProperty("status").GetString()!));

    public Task<long> CountAsync(string sql) => database.ScalarAsync<long>(sql);
}
