using System.Text.Json;

namespace Bronn.Core.Workflows.Catalog.Nodes.Http;

/// <summary>The request body, kept as bytes so a redirect, a retry after 401 or the next page can send it again.</summary>
public sealed record HttpBody(byte[] Bytes, string ContentType)
{
    public HttpContent ToContent()
    {
        var content = new ByteArrayContent(Bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        return content;
    }
}

/// <summary>One http.request as its parameters describe it, rendered for this item.</summary>
public sealed record HttpCall(
    HttpMethod Method,
    Uri Url,
    JsonElement? Headers,
    HttpBody? Body,
    string ResponseFormat,
    bool NeverError,
    bool FollowRedirects,
    TimeSpan Timeout,
    string? IdempotencyKey)
{
    public static class Formats
    {
        public const string Json = "json";
        public const string Text = "text";
        public const string File = "file";
    }

    public static class BodyTypes
    {
        public const string Json = "json";
        public const string Form = "form";
        public const string Raw = "raw";
    }

    /// <summary>Where a failure message points: never the query, which may hold a credential.</summary>
    public static string Where(HttpMethod method, Uri url) => $"{method} {url.GetLeftPart(UriPartial.Path)}";
}
