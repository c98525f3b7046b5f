using System.Net;
using System.Net.Http.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Security;

/// <summary>Finding 10: look-alike, invisible and IP-literal emails; empty-looking and common passwords.</summary>
public sealed class AccountInputTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    public static TheoryData<string, string, string, string> Refused => new()
    {
        { "Cyrillic a in a Latin name", "\u0430lice@example.com", "correct horse battery", "email" },
        { "Greek omicron in the domain", "alice@g\u03BFogle.com", "correct horse battery", "email" },
        { "zero-width space inside", "ali\u200Bce@example.com", "correct horse battery", "email" },
        { "trailing zero-width space", "alice@example.com\u200B", "correct horse battery", "email" },
        { "right-to-left override", "alice\u202E@example.com", "correct horse battery", "email" },
        { "IP literal in brackets", "alice@[127.0.0.1]", "correct horse battery", "email" },
        { "bare IP domain", "alice@127.0.0.1", "correct horse battery", "email" },
        { "only spaces", "alice@example.com", "            ", "password" },
        { "only tabs", "alice@example.com", "\t\t\t\t\t\t\t\t\t\t\t", "password" },
        { "a control character", "alice@example.com", "correct\u0007horse battery", "password" },
        { "a common password", "alice@example.com", "1234567890", "password" },
        { "another common password", "alice@example.com", "Password123", "password" },
        { "one repeated character", "alice@example.com", "aaaaaaaaaaaa", "password" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Registration_refuses_the_input_with_a_message_on_the_field(string name, string email, string password, string field)
    {
        var before = await app.UserCountAsync();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password });

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{name}: {response.StatusCode}");
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{name}: {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await app.UserCountAsync());
    }

    [Fact]
    public async Task A_fullwidth_email_is_the_same_account_as_its_plain_form()
    {
        var local = $"bob{Guid.NewGuid():N}"[..12];
        var fullwidth = string.Concat(local.Select(c => (char)(c - 0x21 + 0xFF01))) + "@ｅｘａｍｐｌｅ.com";

        var created = await client.PostAsJsonAsync("/api/auth/register", new { email = fullwidth, password = "correct horse battery" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{local}@example.com", (await created.JsonAsync()).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.RegisterAsync($"{local}@EXAMPLE.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync($"{local}@example.com")).StatusCode);
    }

    [Fact]
    public async Task International_addresses_in_one_script_are_accepted()
    {
        var created = await client.PostAsJsonAsync("/api/auth/register", new { email = $"иван{Random.Shared.Next(100000)}@пример.рф", password = "correct horse battery" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
