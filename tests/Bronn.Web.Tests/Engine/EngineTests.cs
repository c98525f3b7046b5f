using System.Net;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Integrations;

namespace Bronn.Web.Tests.Engine;

public sealed class EngineTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    private async Task<EngineSteps> UserAsync(params string[] integrations)
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        foreach (var integration in integrations)
        {
            await client.ConnectAsync(token, integration);
        }
        return new EngineSteps(app, client, token);
    }

    [Fact]
    public async Task A_linear_workflow_runs_each_step_once_with_expressions_and_persists_every_output()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Linear","nodes":[
              {"id":"start","type":"manual"},
              {"id":"greet","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}","run":"{{ execution.id }}"}}},
              {"id":"call","type":"http.request","parameters":{"url":"__BASE__healthz?who={{ steps.greet.output.greeting | url_encode }}"}}
            ],"edges":[{"from":"start","to":"greet"},{"from":"greet","to":"call"}]}
            """.Replace("__BASE__", app.ServerAddress.ToString(), StringComparison.Ordinal));

        var executionId = await engine.RunAsync(id, """{"name":"Ann"}""");
        var execution = await engine.WaitAsync(executionId);

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal([("start", "succeeded"), ("greet", "succeeded"), ("call", "succeeded")], EngineSteps.Steps(execution));
        var greet = execution.GetProperty("steps")[1].GetProperty("output");
        Assert.Equal("Hello Ann", greet.GetProperty("greeting").GetString());
        Assert.Equal(executionId, greet.GetProperty("run").GetString());
        Assert.Equal(200, execution.GetProperty("output").GetProperty("status").GetInt32());
        Assert.EndsWith("healthz?who=Hello+Ann", execution.GetProperty("steps")[2].GetProperty("input").GetProperty("url").GetString());
    }

    [Theory]
    [InlineData(150, "big", "small")]
    [InlineData(50, "small", "big")]
    public async Task An_if_node_takes_one_branch_and_skips_the_other(int amount, string taken, string skipped)
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Branch","nodes":[
              {"id":"start","type":"manual"},
              {"id":"check","type":"if","parameters":{"condition":"{{ trigger.body.amount > 100 }}"}},
              {"id":"big","type":"set","parameters":{"fields":{"size":"big"}}},
              {"id":"small","type":"set","parameters":{"fields":{"size":"small"}}}
            ],"edges":[{"from":"start","to":"check"},{"from":"check","fromPort":"true","to":"big"},{"from":"check","fromPort":"false","to":"small"}]}
            """);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, $$"""{"amount":{{amount}}}"""));

        var steps = EngineSteps.Steps(execution).ToDictionary(s => s.Node, s => s.Status);
        Assert.Equal("succeeded", steps[taken]);
        Assert.Equal("skipped", steps[skipped]);
        Assert.Equal(taken, execution.GetProperty("output").GetProperty("size").GetString());
        // The if step renders no parameters: its input shows the item it received.
        var check = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("nodeId").GetString() == "check").GetProperty("input");
        Assert.Equal(1, check.GetProperty("received").GetInt32());
        Assert.Equal(amount, check.GetProperty("items")[0].GetProperty("body").GetProperty("amount").GetInt32());
    }

    [Fact]
    public async Task A_filter_that_lets_no_item_pass_skips_what_follows_and_the_run_succeeds()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Filter","nodes":[
              {"id":"start","type":"manual"},
              {"id":"only_vip","type":"filter","parameters":{"condition":"trigger.body.vip == true"}},
              {"id":"after","type":"set","parameters":{"fields":{"x":"1"}}}
            ],"edges":[{"from":"start","to":"only_vip"},{"from":"only_vip","to":"after"}]}
            """);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, """{"vip":false}"""));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Contains(("after", "skipped"), EngineSteps.Steps(execution));
        Assert.Contains(("only_vip", "succeeded"), EngineSteps.Steps(execution)); // it ran, and kept nothing
    }

    [Fact]
    public async Task A_delay_parks_the_execution_as_waiting_with_a_durable_timer_then_continues()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Delay","nodes":[
              {"id":"start","type":"manual"},
              {"id":"wait","type":"delay","parameters":{"duration":"00:00:01"}},
              {"id":"after","type":"set","parameters":{"fields":{"done":"yes"}}}
            ],"edges":[{"from":"start","to":"wait"},{"from":"wait","to":"after"}]}
            """);

        var executionId = await engine.RunAsync(id);
        var waiting = await engine.WaitAsync(executionId, "waiting");
        Assert.Equal("waiting", waiting.GetProperty("status").GetString());
        Assert.Equal(1, await engine.CountAsync($"SELECT count(*) FROM executions WHERE id = '{executionId}' AND resume_at IS NOT NULL AND waiting_node_id = 'wait'"));

        var finished = await engine.WaitAsync(executionId);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.True(finished.GetProperty("finishedAt").GetDateTimeOffset() - finished.GetProperty("startedAt").GetDateTimeOffset() >= TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task A_transient_provider_failure_is_retried_with_backoff_and_a_permanent_one_fails_at_once()
    {
        var engine = await UserAsync("slack");
        var (id, _) = await engine.PublishAsync("""
            {"name":"Post","nodes":[
              {"id":"start","type":"manual"},
              {"id":"post","type":"slack.post_message","parameters":{"channel":"{{ trigger.body.channel }}","text":"Deployed"},
               "settings":{"retry":{"attempts":3,"initialDelay":"00:00:00.100","maxDelay":"00:00:01"}}}
            ],"edges":[{"from":"start","to":"post"}]}
            """);

        app.Provider.FailNextApiCall(500);
        app.Provider.FailNextApiCall(503);
        var retried = await engine.WaitAsync(await engine.RunAsync(id, """{"channel":"#general"}"""));
        var permanent = await engine.WaitAsync(await engine.RunAsync(id, """{"channel":"#missing"}"""));

        Assert.Equal("succeeded", retried.GetProperty("status").GetString());
        Assert.Equal([("start", "succeeded"), ("post", "failed"), ("post", "failed"), ("post", "succeeded")], EngineSteps.Steps(retried));
        Assert.Equal("failed", permanent.GetProperty("status").GetString());
        Assert.Equal("post", permanent.GetProperty("failedNodeId").GetString());
        Assert.Contains("channel_not_found", permanent.GetProperty("error").GetString());
        Assert.Single(EngineSteps.Steps(permanent), s => s.Node == "post");
    }

    [Fact]
    public async Task A_crash_after_gmail_sent_but_before_the_checkpoint_does_not_send_the_email_twice()
    {
        var engine = await UserAsync("gmail");
        var (id, _) = await engine.PublishAsync("""
            {"name":"Mail","nodes":[
              {"id":"start","type":"manual"},
              {"id":"mail","type":"gmail.send","parameters":{"to":"zoe@example.com","subject":"Once only","body":"Hi"}}
            ],"edges":[{"from":"start","to":"mail"}]}
            """);
        var executionId = await engine.RunAsync(id);
        Assert.Equal("succeeded", (await engine.WaitAsync(executionId)).GetProperty("status").GetString());
        var sent = app.Provider.SentMails.Count(m => m.Subject == "Once only");

        // As if the process died between Gmail's answer and the step's checkpoint: the step is not recorded.
        await app.Database.ScalarAsync<int>($"DELETE FROM execution_steps WHERE execution_id = '{executionId}' AND node_id = 'mail'");
        await app.Database.ScalarAsync<int>($"UPDATE executions SET status = 'queued', finished_at = NULL WHERE id = '{executionId}'");
        var rerun = await engine.WaitAsync(executionId);

        Assert.Equal("succeeded", rerun.GetProperty("status").GetString());
        Assert.Equal(sent, app.Provider.SentMails.Count(m => m.Subject == "Once only"));
        Assert.True(rerun.GetProperty("output").GetProperty("alreadySent").GetBoolean());
    }

    [Fact]
    public async Task Retry_from_failed_runs_only_the_failed_step_again()
    {
        var engine = await UserAsync("slack");
        var (id, _) = await engine.PublishAsync("""
            {"name":"Retry","nodes":[
              {"id":"start","type":"manual"},
              {"id":"prepare","type":"set","parameters":{"fields":{"text":"Release {{ trigger.body.version }}"}}},
              {"id":"post","type":"slack.post_message","parameters":{"channel":"#general","text":"{{ steps.prepare.output.text }}"}}
            ],"edges":[{"from":"start","to":"prepare"},{"from":"prepare","to":"post"}]}
            """);
        app.Provider.FailNextApiCall(400);
        var executionId = await engine.RunAsync(id, """{"version":"1.2"}""");
        Assert.Equal("failed", (await engine.WaitAsync(executionId)).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Accepted, (await engine.SendAsync(HttpMethod.Post, $"/api/executions/{executionId}/retry")).StatusCode);
        var retried = await engine.WaitAsync(executionId, "succeeded", "cancelled");

        Assert.Equal("succeeded", retried.GetProperty("status").GetString());
        Assert.Single(EngineSteps.Steps(retried), s => s.Node == "prepare");
        Assert.Contains("Release 1.2", app.Provider.ApiCalls.Last(c => c.Path == "/chat.postMessage").Body);
    }

    [Fact]
    public async Task Gmail_search_drive_upload_and_notion_create_page_run_against_the_providers()
    {
        var engine = await UserAsync("gmail", "google_drive", "notion");
        var (id, _) = await engine.PublishAsync("""
            {"name":"Actions","nodes":[
              {"id":"start","type":"manual"},
              {"id":"find","type":"gmail.search","parameters":{"query":"Quarterly","limit":5}},
              {"id":"save","type":"drive.upload","parameters":{"folderId":"reports","fileName":"{{ trigger.body.file }}","content":"Found {{ steps.find.output.messages | size }}"}},
              {"id":"log","type":"notion.create_page","parameters":{"databaseId":"db-1","properties":{"Name":{"title":[{"text":{"content":"{{ steps.save.output.name }}"}}]}}}}
            ],"edges":[{"from":"start","to":"find"},{"from":"find","to":"save"},{"from":"save","to":"log"}]}
            """);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, """{"file":"q3.txt"}"""));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Contains(app.Provider.UploadedFiles, f => f.Name == "q3.txt" && f.Folder == "reports");
        Assert.Contains("q3.txt", app.Provider.ApiCalls.Last(c => c.Path == "/pages").Body);
        Assert.Equal("page-1", execution.GetProperty("output").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Notion_properties_as_rows_are_written_as_each_propertys_type_and_an_unknown_one_is_named()
    {
        var engine = await UserAsync("notion");
        var (id, _) = await engine.PublishAsync("""
            {"name":"Orders to Notion","nodes":[
              {"id":"start","type":"manual"},
              {"id":"log","type":"notion.create_page","parameters":{"databaseId":"db-1","properties":{
                "Name":"{{ trigger.body.title }}","Total":"{{ trigger.body.total }}","Stage":"New","Tags":"web, rush",
                "Due":"{{ trigger.body.due }}","Paid":"true","Notes":{"rich_text":[{"text":{"content":"as written"}}]},
                "Project":"{{ trigger.body.project }}, 2f1e5b3c-9a7d-4e21-8c55-0b9d6a4e7f10","Owner":"","Receipt":"https://files.example.com/r/41.pdf"}}}
            ],"edges":[{"from":"start","to":"log"}]}
            """);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, """{"id":41,"total":120.5,"title":"Order 41","project":"1d2c3b4a59684f7e8d9c0b1a2f3e4d5c"}"""));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var sent = System.Text.Json.JsonDocument.Parse(app.Provider.ApiCalls.Last(c => c.Path == "/pages").Body).RootElement.GetProperty("properties");
        Assert.Equal("Order 41", sent.GetProperty("Name").GetProperty("title")[0].GetProperty("text").GetProperty("content").GetString());
        Assert.Equal(120.5, sent.GetProperty("Total").GetProperty("number").GetDouble());
        Assert.Equal("New", sent.GetProperty("Stage").GetProperty("select").GetProperty("name").GetString());
        Assert.Equal(["web", "rush"], sent.GetProperty("Tags").GetProperty("multi_select").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, sent.GetProperty("Due").GetProperty("date").ValueKind); // empty: cleared, not a failure
        Assert.True(sent.GetProperty("Paid").GetProperty("checkbox").GetBoolean());
        Assert.Equal("as written", sent.GetProperty("Notes").GetProperty("rich_text")[0].GetProperty("text").GetProperty("content").GetString());
        Assert.Equal(["1d2c3b4a59684f7e8d9c0b1a2f3e4d5c", "2f1e5b3c-9a7d-4e21-8c55-0b9d6a4e7f10"],
            sent.GetProperty("Project").GetProperty("relation").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(0, sent.GetProperty("Owner").GetProperty("people").GetArrayLength()); // empty: cleared
        var receipt = sent.GetProperty("Receipt").GetProperty("files")[0];
        Assert.Equal(("41.pdf", "https://files.example.com/r/41.pdf"), (receipt.GetProperty("name").GetString(), receipt.GetProperty("external").GetProperty("url").GetString()));

        var (range, _) = await engine.PublishAsync("""
            {"name":"Range","nodes":[{"id":"start","type":"manual"},
              {"id":"log","type":"notion.create_page","parameters":{"databaseId":"db-1","properties":{"Name":"Trip","Due":"2026-12-24/2026-12-31","Owner":"{{ trigger.body.owner }}"}}}],
             "edges":[{"from":"start","to":"log"}]}
            """);
        Assert.Equal("succeeded", (await engine.WaitAsync(await engine.RunAsync(range, """{"owner":"7c9e6679-7425-40de-944b-e07fc1f90ae7"}"""))).GetProperty("status").GetString());
        var ranged = System.Text.Json.JsonDocument.Parse(app.Provider.ApiCalls.Last(c => c.Path == "/pages").Body).RootElement.GetProperty("properties");
        Assert.Equal(("2026-12-24", "2026-12-31"), (ranged.GetProperty("Due").GetProperty("date").GetProperty("start").GetString(), ranged.GetProperty("Due").GetProperty("date").GetProperty("end").GetString()));
        Assert.Equal("7c9e6679-7425-40de-944b-e07fc1f90ae7", ranged.GetProperty("Owner").GetProperty("people")[0].GetProperty("id").GetString());
        var notAUser = await engine.WaitAsync(await engine.RunAsync(range, """{"owner":"ana"}"""), "failed");
        Assert.Contains("The Notion property 'Owner' (people) needs user ids (UUIDs), separated by commas; got 'ana'.", notAUser.GetProperty("error").GetString());

        var (wrong, _) = await engine.PublishAsync("""
            {"name":"Typo","nodes":[{"id":"start","type":"manual"},
              {"id":"log","type":"notion.create_page","parameters":{"databaseId":"db-1","properties":{"Titel":"x"}}}],"edges":[{"from":"start","to":"log"}]}
            """);
        var failed = await engine.WaitAsync(await engine.RunAsync(wrong), "failed");
        Assert.Contains("The Notion database has no property 'Titel' (it has 'Name', 'Total'", failed.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_workflows_and_executions_pages_list_what_the_user_has()
    {
        var email = ApiClient.UniqueEmail();
        var token = await client.TokenForAsync(email);
        var engine = new EngineSteps(app, client, token);
        var (id, _) = await engine.PublishAsync("""{"name":"Listed workflow","nodes":[{"id":"start","type":"manual"}],"edges":[]}""");
        await engine.WaitAsync(await engine.RunAsync(id));

        var workflows = await (await client.GetWithCookieAsync("/workflows", token)).Content.ReadAsStringAsync();
        var executions = await (await client.GetWithCookieAsync("/executions", token)).Content.ReadAsStringAsync();

        Assert.Contains("Listed workflow", workflows);
        Assert.Contains("Active", workflows);
        Assert.Contains("succeeded", executions);
        Assert.DoesNotContain("No runs yet", executions);
    }

    [Fact]
    public async Task Old_finished_executions_are_pruned_with_their_steps()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""{"name":"Old","nodes":[{"id":"start","type":"manual"}],"edges":[]}""");
        var executionId = await engine.RunAsync(id);
        await engine.WaitAsync(executionId);
        await app.Database.ScalarAsync<int>($"UPDATE executions SET finished_at = now() - interval '31 days' WHERE id = '{executionId}'");

        var pruned = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Bronn.Core.Execution.ExecutionPruner>(app.Services).PruneAsync(default);

        Assert.True(pruned >= 1);
        Assert.Equal(0, await engine.CountAsync($"SELECT count(*) FROM execution_steps WHERE execution_id = '{executionId}'"));
    }

    [Fact]
    public async Task Cancel_stops_a_waiting_execution()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Long","nodes":[{"id":"start","type":"manual"},{"id":"wait","type":"delay","parameters":{"duration":"01:00:00"}}],
             "edges":[{"from":"start","to":"wait"}]}
            """);
        var executionId = await engine.RunAsync(id);
        await engine.WaitAsync(executionId, "waiting");

        Assert.Equal(HttpStatusCode.Accepted, (await engine.SendAsync(HttpMethod.Post, $"/api/executions/{executionId}/cancel")).StatusCode);

        Assert.Equal("cancelled", (await engine.GetAsync(executionId)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await engine.SendAsync(HttpMethod.Post, $"/api/executions/{executionId}/cancel")).StatusCode);
    }

    [Fact]
    public async Task Running_an_unpublished_workflow_is_refused_and_executions_list_pages()
    {
        var engine = await UserAsync();
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", """{"name":"Draft","nodes":[{"id":"start","type":"manual"}],"edges":[]}""");
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Conflict, (await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/run", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.SendAsync(HttpMethod.Get, "/api/executions?pageSize=501")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.SendAsync(HttpMethod.Get, "/api/executions?status=exploded")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await engine.SendAsync(HttpMethod.Get, $"/api/executions?workflowId={id}&page=1&pageSize=500")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.SendAsync(HttpMethod.Get, $"/api/executions?search={new string('x', 201)}")).StatusCode);
    }

    [Fact]
    public async Task A_failed_run_retried_with_the_current_version_uses_a_fix_published_since_and_keeps_completed_steps()
    {
        var engine = await UserAsync();
        const string Broken = """
            {"name":"Fixable","nodes":[{"id":"start","type":"manual"},
              {"id":"first","type":"set","parameters":{"fields":{"at":"{{ now }}"}}},
              {"id":"call","type":"stop_and_error","parameters":{"message":"Not fixed yet"}}],
             "edges":[{"from":"start","to":"first"},{"from":"first","to":"call"}]}
            """;
        var (id, _) = await engine.PublishAsync(Broken);
        var executionId = await engine.RunAsync(id);
        var failed = await engine.WaitAsync(executionId);
        Assert.Equal("failed", failed.GetProperty("status").GetString());

        // Retried as it ran: it fails the same way.
        Assert.Equal(HttpStatusCode.Accepted, (await engine.SendAsync(HttpMethod.Post, $"/api/executions/{executionId}/retry")).StatusCode);
        Assert.Equal("failed", (await engine.WaitAsync(executionId, "failed")).GetProperty("status").GetString());
        // The fix, published; the run retried with it.
        var fixedDefinition = Broken.Replace("""{"id":"call","type":"stop_and_error","parameters":{"message":"Not fixed yet"}}""",
            """{"id":"call","type":"set","parameters":{"fields":{"ok":"yes"}}}""", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{id}", fixedDefinition)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await engine.SendAsync(HttpMethod.Post, $"/api/executions/{executionId}/retry?version=newest")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await engine.SendAsync(HttpMethod.Post, $"/api/executions/{executionId}/retry?version=current")).StatusCode);
        var retried = await engine.WaitAsync(executionId, "succeeded", "failed");

        Assert.Equal("succeeded", retried.GetProperty("status").GetString());
        Assert.Equal("yes", retried.GetProperty("output").GetProperty("ok").GetString());
        Assert.Equal(FirstAt(failed), FirstAt(retried)); // the step that had completed was not run again
        Assert.Equal(HttpStatusCode.Conflict, (await engine.SendAsync(HttpMethod.Post, $"/api/executions/{executionId}/retry?version=current")).StatusCode);
    }

    private static string? FirstAt(System.Text.Json.JsonElement execution) =>
        execution.GetProperty("steps").EnumerateArray().First(s => s.GetProperty("nodeId").GetString() == "first").GetProperty("output").GetProperty("at").GetString();

    [Fact]
    public async Task Runs_are_found_by_text_in_their_trigger_data_or_output_and_wildcards_are_taken_literally()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Orders","nodes":[{"id":"start","type":"manual"},
              {"id":"note","type":"set","parameters":{"fields":{"ref":"REF-{{ trigger.body.order }}"}}}],
             "edges":[{"from":"start","to":"note"}]}
            """);
        var first = await engine.RunAsync(id, """{"email":"ann@example.com","order":"A_1"}""");
        var second = await engine.RunAsync(id, """{"email":"bo@example.com","order":"B%2"}""");
        await engine.WaitAsync(first);
        await engine.WaitAsync(second);

        async Task<List<string?>> FoundAsync(string search) => (await (await engine.SendAsync(HttpMethod.Get,
            $"/api/executions?workflowId={id}&search={Uri.EscapeDataString(search)}")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("id").GetString()).ToList();

        Assert.Equal([first], await FoundAsync("ANN@example"));
        Assert.Equal([second], await FoundAsync("REF-B%2")); // from the output; % is a character here, not a wildcard
        Assert.Empty(await FoundAsync("A%1"));
        Assert.Equal([first], await FoundAsync("A_1"));
        Assert.Empty(await FoundAsync("AX1")); // _ is not a wildcard either
    }
}
