using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Security;

/// <summary>
/// The hostile-input corpus against the real server process with a capped heap: no request gets a 5xx or a stack trace,
/// nothing is stored, and the process stays up within 100 MB of its idle memory.
/// </summary>
public sealed class HostileCorpusTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const long MemoryAllowance = 100L * 1024 * 1024;
    private const string CountAll = """
        SELECT (SELECT count(*) FROM users) || '/' || (SELECT count(*) FROM workflows) || '/' || (SELECT count(*) FROM executions)
            || '/' || (SELECT count(*) FROM integration_connections) || '/' || (SELECT count(*) FROM oauth_states)
            || '/' || (SELECT count(*) FROM credentials) || '/' || (SELECT count(*) FROM api_keys)
        """;

    [Fact]
    public async Task Every_hostile_input_gets_a_clear_answer_without_a_server_error_and_nothing_is_stored()
    {
        await using var server = await CappedServer.StartAsync();
        await server.Client.TokenForAsync(ApiClient.UniqueEmail("admin")); // the first account is the admin; the corpus runs as a normal user
        var token = await server.SignInAsync(ApiClient.UniqueEmail());
        var hook = await CreateHookAsync(server.Client);
        var corpus = HostileCorpus.All().ToList();
        Assert.True(corpus.Count >= 100, $"only {corpus.Count} inputs");
        var stored = await server.Database.ScalarAsync<string>(CountAll);
        var idle = server.StartSampling();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();

        foreach (var input in corpus)
        {
            using var request = new HttpRequestMessage(input.Method, input.Path.Replace("{hook}", hook));
            if (input.Body is not null)
            {
                request.Content = new StringContent(input.Body, Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(input.ContentType);
            }
            request.Headers.Authorization = input.Caller == Caller.User && input.Headers?.Any(h => h.Name == "Authorization") != true
                ? new AuthenticationHeaderValue("Bearer", token) : null;
            foreach (var (name, value) in input.Headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await server.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            if ((int)response.StatusCode >= 500 || text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
            {
                failures.Add($"{input.Name}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            }
        }
        await server.StopSamplingAsync();
        output.WriteLine($"{corpus.Count} inputs; answers: {string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}"))}; " +
            $"resident memory {idle / 1048576} MB idle, {server.Peak / 1048576} MB peak");

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(stored, await server.Database.ScalarAsync<string>(CountAll));
        Assert.False(server.HasExited, server.Output);
        Assert.True(server.Peak - idle < MemoryAllowance, $"resident memory grew from {idle / 1048576} MB to {server.Peak / 1048576} MB");
        Assert.DoesNotContain("Unhandled exception", server.Output);
    }

    private static async Task<string> CreateHookAsync(HttpClient client)
    {
        var definition = """
            {"name":"Hook","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"immediately","secret":"s3cret"}},
              {"id":"reply","type":"set","parameters":{"fields":{"ok":"yes"}}}],"edges":[{"from":"hook","to":"reply"}]}
            """;
        var created = await client.PostAsync("/api/workflows", new StringContent(definition, Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("id").GetString();
        Assert.True((await client.PostAsync($"/api/workflows/{id}/publish", null)).IsSuccessStatusCode);
        Assert.True((await client.PostAsync($"/api/workflows/{id}/activate", null)).IsSuccessStatusCode);
        return new Uri(body.GetProperty("webhookUrl").GetString()!).PathAndQuery;
    }
}
