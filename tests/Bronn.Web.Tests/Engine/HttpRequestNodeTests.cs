using System.Net;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>http.request's options, against a local server speaking what public APIs do.</summary>
public sealed class HttpRequestNodeTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>, IAsyncLifetime
{
    private ProviderStandIn api = default!;

    public async Task InitializeAsync() => api = await ProviderStandIn.StartAsync();

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    /// <summary>Runs manual -> http.request with these parameters (and node fields) and returns the finished execution.</summary>
    private async Task<JsonElement> RunAsync(object parameters, string extraNodeFields = "", int attempts = 1)
    {
        var user = await UserAsync();
        var definition = """
            {"name":"Call","nodes":[{"id":"start","type":"manual"},{"id":"call","type":"http.request"__EXTRA__,"parameters":__PARAMETERS__,
              "settings":{"retry":{"attempts":__ATTEMPTS__,"initialDelay":"00:00:00.2"}}}],"edges":[{"from":"start","to":"call"}]}
            """.Replace("__PARAMETERS__", JsonSerializer.Serialize(parameters), StringComparison.Ordinal)
            .Replace("__EXTRA__", extraNodeFields, StringComparison.Ordinal).Replace("__ATTEMPTS__", attempts.ToString(), StringComparison.Ordinal);
        var (id, _) = await user.PublishAsync(definition, activate: false);
        // Generous: the retries take under a second, but a busy 2-core machine running three suites can stall a while.
        return await user.WaitAsync(await user.RunAsync(id), TimeSpan.FromSeconds(60));
    }

    private static JsonElement Output(JsonElement execution)
    {
        Assert.True(execution.GetProperty("status").GetString() == "succeeded", execution.ToString());
        return execution.GetProperty("output");
    }

    /// <summary>The items the call step emitted: [{port, json}] when there are several, else its output.</summary>
    private static List<JsonElement> Items(JsonElement execution)
    {
        var step = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("nodeId").GetString() == "call");
        return step.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Select(i => i.GetProperty("json")).ToList()
            : [step.GetProperty("output")];
    }

    [Fact]
    public async Task Query_parameters_a_form_body_and_a_raw_body_are_sent_as_written()
    {
        var query = Output(await RunAsync(new { url = api.Url("/echo-query?a=1"), query = new { q = "rock & roll", page = "2" } })).GetProperty("body");
        var form = Output(await RunAsync(new { method = "POST", url = api.Url("/echo-body"), bodyType = "form", form = new { name = "Ann", note = "a&b=c" } })).GetProperty("body");
        var raw = Output(await RunAsync(new { method = "PUT", url = api.Url("/echo-body"), bodyType = "raw", body = "<x>1</x>", contentType = "application/xml" })).GetProperty("body");
        var json = Output(await RunAsync(new { method = "PATCH", url = api.Url("/echo-body"), bodyType = "json", body = """{"n": 1}""" })).GetProperty("body");

        Assert.Equal("1", query.GetProperty("a").GetString());
        Assert.Equal("rock & roll", query.GetProperty("q").GetString());
        Assert.Equal("2", query.GetProperty("page").GetString());
        Assert.Equal("application/x-www-form-urlencoded", form.GetProperty("contentType").GetString());
        Assert.Equal("name=Ann&note=a%26b%3Dc", form.GetProperty("body").GetString());
        Assert.Equal("application/xml", raw.GetProperty("contentType").GetString());
        Assert.Equal("<x>1</x>", raw.GetProperty("body").GetString());
        Assert.Equal("application/json", json.GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task A_json_body_that_is_not_json_fails_the_step_saying_so_and_sends_nothing()
    {
        var before = api.Writes.Count;
        var execution = await RunAsync(new { method = "POST", url = api.Url("/echo-body"), bodyType = "json", body = "{not json" });

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("not valid JSON", execution.GetProperty("error").GetString());
        Assert.Equal(before, api.Writes.Count);
    }

    [Fact]
    public async Task The_response_can_be_read_as_text_or_as_a_file()
    {
        var text = Output(await RunAsync(new { url = api.Url("/items?page=1"), response = "text" })).GetProperty("body");
        var file = Output(await RunAsync(new { url = api.Url("/file"), response = "file" })).GetProperty("body");

        Assert.Equal(JsonValueKind.String, text.ValueKind);
        Assert.Contains("item-1a", text.GetString());
        Assert.Equal("report.pdf", file.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", file.GetProperty("mimeType").GetString());
        Assert.Equal("%PDF-1.4 stand-in", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(file.GetProperty("data").GetString()!)));
    }

    [Fact]
    public async Task Never_error_turns_a_404_into_an_item_with_its_status_and_without_it_the_step_fails()
    {
        var kept = await RunAsync(new { url = api.Url("/status/404"), neverError = true });
        var failed = await RunAsync(new { url = api.Url("/status/404") });

        Assert.Equal(404, Output(kept).GetProperty("status").GetInt32());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("answered 404", failed.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Redirects_are_followed_up_to_five_a_loop_fails_clearly_and_following_can_be_turned_off()
    {
        var five = Output(await RunAsync(new { url = api.Url("/hops/5") })).GetProperty("body");
        var six = await RunAsync(new { url = api.Url("/hops/6") });
        var loop = await RunAsync(new { url = api.Url("/loop") });
        var notFollowed = await RunAsync(new { url = api.Url("/hops/1"), followRedirects = false, neverError = true });

        Assert.True(five.GetProperty("arrived").GetBoolean());
        Assert.Contains("redirected more than 5 times", six.GetProperty("error").GetString());
        Assert.Contains("redirect loop", loop.GetProperty("error").GetString());
        Assert.Equal(302, Output(notFollowed).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_redirect_to_a_private_address_is_refused_even_when_the_first_host_is_allowed()
    {
        // 127.0.0.1 is allowed in tests; 10.0.0.1 (private) is not.
        var execution = await RunAsync(new { url = api.Url("/redirect?to=http://10.0.0.1/admin") });

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("refused", execution.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_write_carries_an_idempotency_key_that_stays_the_same_on_every_retry_and_gets_is_without_one()
    {
        api.FailNextWrites(2);
        var before = api.Writes.Count;

        var execution = await RunAsync(new { method = "POST", url = api.Url("/echo-body"), body = """{"charge": 100}""" }, attempts: 3);
        await RunAsync(new { method = "POST", url = api.Url("/echo-body"), body = "{}", idempotencyKey = false });
        var got = Output(await RunAsync(new { url = api.Url("/echo-headers") })).GetProperty("body");

        Output(execution);
        var writes = api.Writes.Skip(before).ToList();
        Assert.Equal(4, writes.Count);
        Assert.StartsWith("bronn-", writes[0].IdempotencyKey);
        Assert.All(writes.Take(3), w => Assert.Equal(writes[0].IdempotencyKey, w.IdempotencyKey));
        Assert.Null(writes[3].IdempotencyKey);
        Assert.False(got.TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Page_style_pagination_counts_the_parameter_up_until_stop_when_holds_each_page_one_item()
    {
        var execution = await RunAsync(new
        {
            url = api.Url("/items"),
            pagination = new { param = "page", start = 1, step = 1, stopWhen = "response.body.items.size == 0" },
        });

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var pages = Items(execution).Select(i => i.GetProperty("body").GetProperty("page").GetInt32()).ToList();
        Assert.Equal([1, 2, 3, 4], pages);
    }

    [Fact]
    public async Task Next_url_pagination_follows_the_address_each_page_gives_and_max_pages_caps_it()
    {
        var all = await RunAsync(new { url = api.Url("/cursor"), pagination = new { nextUrl = "{{ response.body.next }}" } });
        var capped = await RunAsync(new { url = api.Url("/cursor"), pagination = new { nextUrl = "response.body.next", maxPages = 2 } });

        Assert.Equal(["item-1", "item-2", "item-3"], Items(all).Select(i => i.GetProperty("body").GetProperty("items")[0].GetString()));
        Assert.Equal(2, Items(capped).Count);
    }

    [Theory]
    [InlineData("""{"maxPages": 3}""", "either nextUrl")]
    [InlineData("""{"param": "page"}""", "stopWhen")]
    [InlineData("""{"nextUrl": "response.body.next", "maxPages": 0}""", "maxPages")]
    [InlineData("""{"nextUrl": "response.body.next", "param": "page", "stopWhen": "true"}""", "not both")]
    [InlineData("""["page"]""", "must be an object")]
    public async Task Malformed_pagination_is_refused_when_saving_naming_what_is_wrong(string pagination, string expected)
    {
        var user = await UserAsync();
        var created = await user.SendAsync(HttpMethod.Post, "/api/workflows", """
            {"name":"Bad","nodes":[{"id":"start","type":"manual"},{"id":"call","type":"http.request","parameters":{"url":"https://api.example.com/x","pagination":__P__}}],
             "edges":[{"from":"start","to":"call"}]}
            """.Replace("__P__", pagination, StringComparison.Ordinal));
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        var published = await user.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish");

        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        Assert.Contains(expected, await published.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_url_that_is_not_http_is_refused_on_publish_and_one_rendered_at_run_time_fails_the_step()
    {
        var user = await UserAsync();
        var created = await user.SendAsync(HttpMethod.Post, "/api/workflows", """
            {"name":"FTP","nodes":[{"id":"start","type":"manual"},{"id":"call","type":"http.request","parameters":{"url":"ftp://files.example.com/x"}}],
             "edges":[{"from":"start","to":"call"}]}
            """);
        var published = await user.SendAsync(HttpMethod.Post, $"/api/workflows/{(await created.JsonAsync()).GetProperty("id").GetString()}/publish");
        var rendered = await RunAsync(new { url = "{{ 'ftp://files.example.com/x' }}" });

        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        Assert.Contains("absolute http(s) URL", await published.Content.ReadAsStringAsync());
        Assert.Equal("failed", rendered.GetProperty("status").GetString());
        Assert.Contains("absolute http(s) URL", rendered.GetProperty("error").GetString());
    }
}
