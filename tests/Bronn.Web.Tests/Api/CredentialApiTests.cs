using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Engine;

namespace Bronn.Web.Tests.Api;

/// <summary>/api/credentials: secrets go in sealed and never come out; owners see only their own; in use means kept.</summary>
public sealed class CredentialApiTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private const string Secret = "sk_live_51HxQ-never-shown-again";

    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    [Fact]
    public async Task A_credential_is_created_listed_renamed_and_deleted_without_its_secret_ever_coming_back()
    {
        var user = await UserAsync();

        var created = await user.SendAsync(HttpMethod.Post, "/api/credentials", $$"""{"name":"Stripe","type":"bearer","data":{"token":"{{Secret}}"},"allowedHosts":["API.stripe.com"]}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        var list = await (await user.SendAsync(HttpMethod.Get, "/api/credentials")).Content.ReadAsStringAsync();
        var renamed = await user.SendAsync(HttpMethod.Put, $"/api/credentials/{id}", """{"name":"Stripe (live)","type":"bearer"}""");
        var one = await (await user.SendAsync(HttpMethod.Get, $"/api/credentials/{id}")).Content.ReadAsStringAsync();

        Assert.Equal(["api.stripe.com"], JsonDocument.Parse(body).RootElement.GetProperty("allowedHosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Contains("Stripe (live)", one);
        foreach (var text in new[] { body, list, one, await renamed.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain(Secret, text);
            Assert.DoesNotContain("\"data\"", text);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(HttpMethod.Delete, $"/api/credentials/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.SendAsync(HttpMethod.Get, $"/api/credentials/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_secret_is_stored_sealed_nowhere_in_a_dump_of_the_database_in_clear_base64_or_hex()
    {
        var user = await UserAsync();
        Assert.Equal(HttpStatusCode.Created, (await user.SendAsync(HttpMethod.Post, "/api/credentials",
            """{"name":"Basic","type":"basic","data":{"username":"ann","password":"__SECRET__"}}""".Replace("__SECRET__", Secret, StringComparison.Ordinal))).StatusCode);

        var dump = await PgDumpAsync();

        Assert.Contains("credentials", dump);
        Assert.DoesNotContain(Secret, dump);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Secret))[..20], dump);
        Assert.DoesNotContain(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(Secret)).ToLowerInvariant()[..24], dump);
    }

    [Fact]
    public async Task Another_users_credential_is_not_found_and_one_in_use_is_kept_naming_the_workflow()
    {
        var owner = await UserAsync();
        var other = await UserAsync();
        var created = await owner.SendAsync(HttpMethod.Post, "/api/credentials", """{"name":"Key","type":"header","data":{"name":"X-Api-Key","value":"k"}}""");
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var workflow = await owner.SendAsync(HttpMethod.Post, "/api/workflows", """
            {"name":"Uses the key","nodes":[{"id":"start","type":"manual"},{"id":"call","type":"http.request","credential":"__ID__","parameters":{"url":"https://api.example.com/x"}}],
             "edges":[{"from":"start","to":"call"}]}
            """.Replace("__ID__", id, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, workflow.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Get, $"/api/credentials/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, $"/api/credentials/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Put, $"/api/credentials/{id}", """{"name":"Mine now","type":"header"}""")).StatusCode);
        Assert.DoesNotContain(id, await (await other.SendAsync(HttpMethod.Get, "/api/credentials")).Content.ReadAsStringAsync());
        var refused = await owner.SendAsync(HttpMethod.Delete, $"/api/credentials/{id}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Uses the key", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await owner.SendAsync(HttpMethod.Get, $"/api/credentials/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","type":"telepathy","data":{}}""", "type")]
    [InlineData("""{"name":"x","type":"basic","data":{"username":"ann"}}""", "data.password")]
    [InlineData("""{"name":"x","type":"bearer","data":{"token":"t","extra":"y"}}""", "data.extra")]
    [InlineData("""{"name":"","type":"bearer","data":{"token":"t"}}""", "name")]
    [InlineData("""{"name":"x","type":"bearer","data":{"token":"t"},"allowedHosts":["https://api.example.com/"]}""", "allowedHosts")]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var user = await UserAsync();

        var response = await user.SendAsync(HttpMethod.Post, "/api/credentials", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Equal("[]", (await (await user.SendAsync(HttpMethod.Get, "/api/credentials")).Content.ReadAsStringAsync()).Trim());
    }

    private async Task<string> PgDumpAsync()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(app.Database.ConnectionString);
        var info = new ProcessStartInfo(PgDump(), ["-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", connection.Username!, "--data-only", connection.Database!])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        if (connection.Password is { } password)
        {
            info.Environment["PGPASSWORD"] = password;
        }
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return output;
    }

    // The dump of the server the tests run against (PostgreSQL 15 here); PATH first.
    private static string PgDump() =>
        new[] { "/usr/lib/postgresql/15/bin/pg_dump", "/usr/bin/pg_dump" }.FirstOrDefault(File.Exists) ?? "pg_dump";
}
