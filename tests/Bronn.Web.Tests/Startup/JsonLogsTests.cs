using System.Net;
using System.Text;
using System.Text.Json;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Startup;

public sealed class JsonLogsTests
{
    [Fact]
    public async Task With_the_json_formatter_every_line_is_json_and_lines_written_while_running_an_execution_carry_its_id()
    {
        await using var api = await ProviderStandIn.StartAsync();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Information", // the node's call logs inside the run
        });
        var engine = await server.SignInAsync();
        var (_, workflow) = await engine.PublishAsync("""
            {"name":"Logged","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"when_finished"}},
              {"id":"call","type":"http.request","parameters":{"url":"__API__echo-query"}}],"edges":[{"from":"hook","to":"call"}]}
            """.Replace("__API__", api.BaseAddress.ToString(), StringComparison.Ordinal));

        var answer = await server.Client.PostAsync(new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery,
            new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var executionId = await server.Database.ScalarAsync<Guid>("SELECT id FROM executions");
        bool AboutTheExecution(JsonElement e) => e.GetProperty("Category").GetString()!.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal)
            && e.TryGetProperty("Scopes", out var scopes)
            && scopes.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("ExecutionId", out var id)
                && id.GetString() == executionId.ToString());
        List<JsonElement> entries;
        var deadline = DateTime.UtcNow.AddSeconds(15); // the console logger writes on its own thread
        do
        {
            await Task.Delay(100);
            var lines = server.App.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList(); // throws on a line that is not JSON
        }
        while (!entries.Any(AboutTheExecution) && DateTime.UtcNow < deadline);

        Assert.Contains(entries, AboutTheExecution);
    }
}
