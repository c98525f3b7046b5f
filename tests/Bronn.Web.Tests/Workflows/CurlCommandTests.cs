using System.Text.Json;
using Bronn.Core.Workflows.Catalog.Nodes.Http;

namespace Bronn.Web.Tests.Workflows;

/// <summary>cURL commands as API docs and browsers write them, read into http.request's parameters.</summary>
public sealed class CurlCommandTests
{
    private static string Text(CurlImport import, string name) => import.Parameters[name].ValueKind == JsonValueKind.String
        ? import.Parameters[name].GetString()!
        : import.Parameters[name].GetRawText();

    [Fact]
    public void A_json_post_from_api_docs_becomes_method_url_query_headers_and_a_json_body()
    {
        var import = CurlCommand.Parse("""
            curl -X POST 'https://api.example.com/v1/items?expand=owner&limit=5' \
              -H 'Content-Type: application/json' \
              -H "Accept: application/json" \
              --data-raw '{"name": "Ann O\u0027Neil", "tags": ["a"]}'
            """);

        Assert.Equal("POST", Text(import, "method"));
        Assert.Equal("https://api.example.com/v1/items", Text(import, "url"));
        Assert.Equal("""{"expand":"owner","limit":"5"}""", Text(import, "query"));
        Assert.Equal("""{"Accept":"application/json"}""", Text(import, "headers"));
        Assert.Equal("json", Text(import, "bodyType"));
        Assert.Equal("""{"name": "Ann O\u0027Neil", "tags": ["a"]}""", Text(import, "body"));
        Assert.Empty(import.Warnings);
    }

    [Fact]
    public void Form_data_becomes_a_form_body_and_data_without_a_method_is_a_post()
    {
        var import = CurlCommand.Parse("curl https://api.example.com/token -d grant_type=client_credentials -d 'scope=read write' --data-urlencode 'note=a&b'");

        Assert.Equal("POST", Text(import, "method"));
        Assert.Equal("form", Text(import, "bodyType"));
        var form = import.Parameters["form"];
        Assert.Equal("client_credentials", form.GetProperty("grant_type").GetString());
        Assert.Equal("read write", form.GetProperty("scope").GetString());
        Assert.Equal("a&b", form.GetProperty("note").GetString());
    }

    [Fact]
    public void A_user_or_a_token_header_is_imported_with_a_warning_to_use_a_credential_instead()
    {
        var import = CurlCommand.Parse("curl -u ann:s3cret -H 'X-Api-Key: k-123' https://api.example.com/me -G -d page=2 --frobnicate");

        Assert.Equal("GET", Text(import, "method"));
        Assert.Equal("2", import.Parameters["query"].GetProperty("page").GetString());
        Assert.Contains(import.Warnings, w => w.Contains("Authorization", StringComparison.Ordinal) && w.Contains("credential", StringComparison.Ordinal));
        Assert.Contains(import.Warnings, w => w.Contains("X-Api-Key", StringComparison.Ordinal));
        Assert.Contains(import.Warnings, w => w.Contains("--frobnicate", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("curl -X POST", "no http(s) URL")]
    [InlineData("curl 'https://api.example.com", "quote is not closed")]
    [InlineData("curl ftp://files.example.com/a", "no http(s) URL")]
    [InlineData("curl https://api.example.com -H", "needs a value")]
    public void What_is_not_a_usable_command_is_refused_saying_why(string command, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CurlCommand.Parse(command));
        Assert.Contains(expected, error.Message);
    }
}
