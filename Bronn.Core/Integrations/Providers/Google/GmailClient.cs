using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bronn.Core.Integrations.Refresh;
using MimeKit;

namespace Bronn.Core.Integrations.Providers.Google;

/// <summary>Gmail API v1 for the signed-in Google account ("me"): send, search, read, profile and history.</summary>
public sealed class GmailClient(HttpClient http, AccessTokens tokens, IntegrationCatalog catalog) : GoogleApiClient(http, tokens, catalog)
{
    protected override string Integration => "gmail";

    public async Task<SentEmail> SendAsync(Guid userId, EmailToSend email, CancellationToken ct = default)
    {
        var raw = Base64Url.EncodeToString(Mime(email));
        var body = await SendAsync(userId, () => new HttpRequestMessage(HttpMethod.Post, Url("gmail/v1/users/me/messages/send"))
        {
            Content = JsonContent.Create(new { raw }),
        }, ct);
        return new SentEmail(Json.Text(body, "id") ?? "", Json.Text(body, "threadId") ?? "");
    }

    /// <summary>Message ids matching a Gmail search query (the same syntax as Gmail's search box), newest first.</summary>
    public async Task<IReadOnlyList<string>> SearchAsync(Guid userId, string query, int maxResults = 20, CancellationToken ct = default)
    {
        var url = Url($"gmail/v1/users/me/messages?q={Uri.EscapeDataString(query)}&maxResults={Math.Clamp(maxResults, 1, 500)}");
        var body = await SendAsync(userId, () => new HttpRequestMessage(HttpMethod.Get, url), ct);
        return body.TryGetProperty("messages", out var messages)
            ? messages.EnumerateArray().Select(m => Json.Text(m, "id")!).ToList()
            : [];
    }

    public async Task<GmailMessage> GetMessageAsync(Guid userId, string messageId, CancellationToken ct = default)
    {
        var url = Url($"gmail/v1/users/me/messages/{Uri.EscapeDataString(messageId)}?format=full");
        var body = await SendAsync(userId, () => new HttpRequestMessage(HttpMethod.Get, url), ct);
        var payload = body.GetProperty("payload");
        string? Header(string name) => payload.TryGetProperty("headers", out var headers)
            ? headers.EnumerateArray().Where(h => string.Equals(Json.Text(h, "name"), name, StringComparison.OrdinalIgnoreCase))
                .Select(h => Json.Text(h, "value")).FirstOrDefault()
            : null;
        return new GmailMessage(Json.Text(body, "id") ?? messageId, Json.Text(body, "threadId") ?? "", Header("From"), Header("To"),
            Header("Subject"), Header("Date"), Json.Text(body, "snippet") ?? "", TextBody(payload),
            body.TryGetProperty("labelIds", out var labels) ? labels.EnumerateArray().Select(l => l.GetString()!).ToList() : []);
    }

    public async Task<GmailProfile> GetProfileAsync(Guid userId, CancellationToken ct = default)
    {
        var body = await SendAsync(userId, () => new HttpRequestMessage(HttpMethod.Get, Url("gmail/v1/users/me/profile")), ct);
        return new GmailProfile(Json.Text(body, "emailAddress") ?? "", HistoryId(body));
    }

    /// <summary>Messages added since <paramref name="startHistoryId"/> (the "new email" trigger polls this).</summary>
    public async Task<GmailHistory> GetHistoryAsync(Guid userId, string startHistoryId, CancellationToken ct = default)
    {
        var url = Url($"gmail/v1/users/me/history?startHistoryId={Uri.EscapeDataString(startHistoryId)}&historyTypes=messageAdded");
        var body = await SendAsync(userId, () => new HttpRequestMessage(HttpMethod.Get, url), ct);
        var added = body.TryGetProperty("history", out var history)
            ? history.EnumerateArray()
                .SelectMany(h => h.TryGetProperty("messagesAdded", out var a) ? a.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Select(a => Json.Text(a, "message", "id")!).Distinct().ToList()
            : [];
        return new GmailHistory(added, HistoryId(body) is { Length: > 0 } id ? id : startHistoryId);
    }

    private static string HistoryId(JsonElement body) =>
        body.TryGetProperty("historyId", out var id) ? id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString() ?? "" : "";

    /// <summary>RFC 2822 built by MimeKit: proper encoding of non-ASCII subjects, names and bodies.</summary>
    private static byte[] Mime(EmailToSend email)
    {
        var message = new MimeMessage { Subject = email.Subject };
        if (email.MessageId is not null)
        {
            message.MessageId = email.MessageId;
        }
        if (email.To.Count == 0)
        {
            throw new ArgumentException("An email needs at least one recipient (To).", nameof(email));
        }
        message.To.AddRange(email.To.Select(Address));
        message.Cc.AddRange((email.Cc ?? []).Select(Address));
        message.Bcc.AddRange((email.Bcc ?? []).Select(Address));
        if (email.ReplyTo is not null)
        {
            message.ReplyTo.Add(Address(email.ReplyTo));
        }
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    private static MailboxAddress Address(string text) => MailboxAddress.TryParse(text, out var address)
        ? address
        : throw new ArgumentException($"'{text}' is not an email address.", nameof(text));

    private static string? TextBody(JsonElement part)
    {
        if (Json.Text(part, "mimeType") == "text/plain" && Json.Text(part, "body", "data") is { } data)
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(data));
        }
        return part.TryGetProperty("parts", out var parts)
            ? parts.EnumerateArray().Select(TextBody).FirstOrDefault(t => t is not null)
            : null;
    }
}
