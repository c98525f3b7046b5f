using System.Net.Http.Headers;
using System.Text.Json;
using Bronn.Core.Integrations.Providers.Google;
using Bronn.Core.Integrations.Refresh;

namespace Bronn.Core.Integrations.Providers.Drive;

public sealed record DriveFile(string Id, string Name, string? MimeType, string? WebViewLink, DateTimeOffset? ModifiedTime);

/// <summary>Google Drive API v3: multipart upload into a folder, and a folder's listing.</summary>
public sealed class DriveClient(HttpClient http, AccessTokens tokens, IntegrationCatalog catalog) : GoogleApiClient(http, tokens, catalog)
{
    private const string Fields = "id,name,mimeType,webViewLink,modifiedTime";

    protected override string Integration => "google_drive";

    /// <param name="content">Read once per attempt: pass bytes, so a retried upload sends the same file.</param>
    public async Task<DriveFile> UploadAsync(Guid userId, string? folderId, string fileName, string contentType, byte[] content, CancellationToken ct = default)
    {
        var metadata = JsonSerializer.Serialize(new { name = fileName, parents = folderId is null ? null : new[] { folderId } });
        var body = await SendAsync(userId, () =>
        {
            var multipart = new MultipartContent("related");
            multipart.Add(new StringContent(metadata, System.Text.Encoding.UTF8, "application/json"));
            var media = new ByteArrayContent(content);
            media.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            multipart.Add(media);
            return new HttpRequestMessage(HttpMethod.Post, Url($"upload/drive/v3/files?uploadType=multipart&fields={Fields}")) { Content = multipart };
        }, ct);
        return File(body);
    }

    public async Task<IReadOnlyList<DriveFile>> ListFolderAsync(Guid userId, string folderId, CancellationToken ct = default)
    {
        var query = Uri.EscapeDataString($"'{folderId.Replace("'", "\\'", StringComparison.Ordinal)}' in parents and trashed = false");
        var url = Url($"drive/v3/files?q={query}&fields=files({Fields})&pageSize=1000&orderBy=modifiedTime desc");
        var body = await SendAsync(userId, () => new HttpRequestMessage(HttpMethod.Get, url), ct);
        return body.TryGetProperty("files", out var files) ? files.EnumerateArray().Select(File).ToList() : [];
    }

    private static DriveFile File(JsonElement f) => new(
        Json.Text(f, "id") ?? "", Json.Text(f, "name") ?? "", Json.Text(f, "mimeType"), Json.Text(f, "webViewLink"),
        DateTimeOffset.TryParse(Json.Text(f, "modifiedTime"), out var modified) ? modified : null);
}
