using System.Net;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Engine;
using Npgsql;

namespace Bronn.Web.Tests.Security;

/// <summary>PostgreSQL unreachable (its connections cut at a relay): API calls and webhooks get 503 with Retry-After, then recover by themselves.</summary>
public sealed class DatabaseOutageTests(DatabaseOutageTests.App app) : IClassFixture<DatabaseOutageTests.App>
{
    public sealed class App : BronnAppFactory
    {
        public TcpRelay Relay { get; private set; } = default!;

        protected override string ConnectionStringFor(TestDatabase database)
        {
            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            Relay = TcpRelay.Start(builder.Host!, builder.Port);
            builder.Host = "127.0.0.1";
            builder.Port = Relay.Port;
            builder.Timeout = 3;
            return builder.ConnectionString;
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await Relay.DisposeAsync();
        }
    }

    [Fact]
    public async Task While_the_database_is_unreachable_calls_get_503_with_retry_after_and_afterwards_work_again()
    {
        var client = app.CreateApiClient();
        var user = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await user.PublishAsync("""
            {"name":"Hook","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"immediately"}},{"id":"set","type":"set","parameters":{"fields":{"a":"1"}}}],
             "edges":[{"from":"hook","to":"set"}]}
            """);
        var hook = new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery;

        app.Relay.Cut();
        List<HttpResponseMessage> during;
        try
        {
            during =
            [
                await user.SendAsync(HttpMethod.Get, "/api/workflows"),
                await user.SendAsync(HttpMethod.Post, "/api/workflows", """{"name":"Lost?","nodes":[{"id":"start","type":"manual"}],"edges":[]}"""),
                await client.PostAsync(hook, new StringContent("{}", System.Text.Encoding.UTF8, "application/json")),
            ];
        }
        finally
        {
            app.Relay.Restore();
        }
        var after = await user.SendAsync(HttpMethod.Get, "/api/workflows");

        foreach (var response in during)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Contains("cannot reach its database", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.DoesNotContain("Lost?", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cutting_the_database_while_webhook_runs_are_being_committed_loses_no_acknowledged_run()
    {
        var client = app.CreateApiClient();
        var user = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, workflow) = await user.PublishAsync("""
            {"name":"Burst","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"immediately"}},{"id":"set","type":"set","parameters":{"fields":{"n":"{{ trigger.body.n }}"}}}],
             "edges":[{"from":"hook","to":"set"}]}
            """);
        var hook = new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery;

        var calls = Enumerable.Range(0, 80).Select(n => client.PostAsync(hook, new StringContent($$"""{"n":{{n}}}""", System.Text.Encoding.UTF8, "application/json"))).ToList();
        await Task.WhenAny(calls);
        app.Relay.Cut(); // mid-burst: some batches are committed, some in flight, some not yet written
        HttpResponseMessage[] responses;
        try
        {
            responses = await Task.WhenAll(calls);
        }
        finally
        {
            app.Relay.Restore();
        }

        var acknowledged = new List<string>();
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                acknowledged.Add((await response.JsonAsync()).GetProperty("executionId").GetString()!);
            }
        }
        Assert.NotEmpty(acknowledged);
        var stored = await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM executions WHERE status = 'succeeded' AND id = ANY(ARRAY['{string.Join("','", acknowledged)}']::uuid[])");
        Assert.Equal(acknowledged.Count, stored);
    }
}
