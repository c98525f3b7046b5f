using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Engine;
using Bronn.Web.Tests.Security;

namespace Bronn.Web.Tests.Api;

public sealed class MetricsOffAppFactory : BronnAppFactory
{
    public MetricsOffAppFactory() => Settings["Bronn:Metrics:Enabled"] = "false";
}

/// <summary>/metrics and traces: what an operator wires to Prometheus and an OpenTelemetry collector.</summary>
public sealed class TelemetryTests(BehindProxyAppFactory app) : IClassFixture<BehindProxyAppFactory>
{
    [Fact]
    public async Task Metrics_count_runs_steps_webhook_answers_and_writes_beside_the_runtime_and_server_meters()
    {
        await using var sink = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync(Workflow(sink, "immediately"));
        var hook = new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery;
        var accepted = await client.PostAsync(hook, new StringContent("{}", Encoding.UTF8, "application/json"));
        await engine.WaitAsync((await accepted.JsonAsync()).GetProperty("executionId").GetString()!, "succeeded");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/hooks/no-such-hook", null)).StatusCode);

        var scrape = await new HttpClient { BaseAddress = client.BaseAddress }.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Matches("""bronn_executions_started_total\{[^}]*trigger="webhook"[^}]*\} [1-9]""", text);
        Assert.Matches("""bronn_executions_finished_total\{[^}]*status="succeeded"[^}]*\} [1-9]""", text);
        Assert.Contains("bronn_execution_duration_seconds_bucket", text);
        Assert.Matches("""bronn_step_duration_seconds_count\{[^}]*node_type="http.request"[^}]*\} [1-9]""", text);
        Assert.Matches("""bronn_webhook_responses_total\{[^}]*code="202"[^}]*\} [1-9]""", text);
        Assert.Matches("""bronn_webhook_responses_total\{[^}]*code="404"[^}]*\} [1-9]""", text);
        Assert.Contains("bronn_write_batch_size", text);
        Assert.Contains("bronn_write_commit_duration_seconds_bucket", text);
        Assert.Matches("""bronn_queue_depth(\{[^}]*\})? \d""", text);
        Assert.Contains("dotnet_gc_", text); // the .NET runtime meter
        Assert.Contains("http_server_request_duration_seconds", text); // ASP.NET Core's
    }

    [Fact]
    public async Task From_another_address_metrics_need_an_admins_api_key()
    {
        var client = app.CreateApiClient();
        var userKey = await ApiKeyAsync(client, admin: false);
        var adminKey = await ApiKeyAsync(client, admin: true);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeFromAsync(client, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ScrapeFromAsync(client, userKey)).StatusCode);
        var admin = await ScrapeFromAsync(client, adminKey);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("bronn_", await admin.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_webhooks_traceparent_is_the_executions_trace_with_a_span_per_step_and_http_request_passes_it_on()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Bronn.Execution",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span => { if (span.TraceId == traceId) { spans.Enqueue(span); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var sink = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync(Workflow(sink, "when_finished"));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery)
        {
            Content = new StringContent("""{"card":"4111-secret-payload"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        // Sent as another service would: the test's own HttpClient would put its own trace in (this process has listeners).
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = client.BaseAddress };
        var answer = await caller.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var echoed = await answer.JsonAsync(); // the sink's view of the request http.request made
        Assert.Equal(traceId.ToString(), echoed.GetProperty("body").GetProperty("traceparent").GetString()!.Split('-')[1]);
        await WaitUntilAsync(() => spans.Any(s => s.DisplayName == "execution"));
        var run = spans.Single(s => s.DisplayName == "execution");
        var step = Assert.Single(spans, s => s.DisplayName == "step http.request");
        Assert.Equal(run.SpanId, step.ParentSpanId);
        Assert.Equal("call", step.GetTagItem("bronn.node.id"));
        Assert.Equal(1, step.GetTagItem("bronn.step.attempt"));
        Assert.Equal(1, step.GetTagItem("bronn.step.output_items"));
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains("secret") == true);
    }

    private static string Workflow(ProviderStandIn sink, string respond) => """
        {"name":"Traced","nodes":[
          {"id":"hook","type":"webhook","parameters":{"respond":"__RESPOND__"}},
          {"id":"call","type":"http.request","parameters":{"url":"__SINK__echo-headers"}}
        ],"edges":[{"from":"hook","to":"call"}]}
        """.Replace("__RESPOND__", respond, StringComparison.Ordinal).Replace("__SINK__", sink.BaseAddress.ToString(), StringComparison.Ordinal);

    private async Task<string> ApiKeyAsync(HttpClient client, bool admin)
    {
        var email = ApiClient.UniqueEmail();
        await client.RegisterAsync(email);
        await app.Database.ExecuteAsync($"UPDATE users SET role = '{(admin ? "admin" : "user")}' WHERE email = '{email}'"); // the first user is an admin
        var token = await client.TokenForAsync(email);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/api-keys") { Content = new StringContent("""{"name":"scraper"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("key").GetString()!;
    }

    /// <summary>As if from another machine: the trusted proxy in front says who the client is.</summary>
    private static async Task<HttpResponseMessage> ScrapeFromAsync(HttpClient client, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return await client.SendAsync(request);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}

public sealed class MetricsOffTests(MetricsOffAppFactory app) : IClassFixture<MetricsOffAppFactory>
{
    [Fact]
    public async Task Metrics_can_be_turned_off()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateApiClient().GetAsync("/metrics")).StatusCode);
    }
}
