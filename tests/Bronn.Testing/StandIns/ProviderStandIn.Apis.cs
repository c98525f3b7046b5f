using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MimeKit;

namespace Bronn.Testing.StandIns;

/// <summary>The provider APIs Bronn's clients call, per each provider's documented request and answer shapes.</summary>
public sealed partial class ProviderStandIn
{
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> injectedApiFailures = new();

    public sealed record SentMail(string Id, string? To, string? Subject, string? Text, string? MessageId = null);
    public sealed record ApiCall(string Method, string Path, string Body);

    private int slowCalls;

    public int SlowCalls => Volatile.Read(ref slowCalls);

    private int slowInFlight;
    private int mostSlowAtOnce;

    /// <summary>The most /slow calls that were in progress at the same moment.</summary>
    public int MostSlowCallsAtOnce => Volatile.Read(ref mostSlowAtOnce);

    private int echoCalls;

    /// <summary>How often /echo-query was called.</summary>
    public int EchoCalls => Volatile.Read(ref echoCalls);

    /// <summary>How often /status/{code} was called, per code.</summary>
    public ConcurrentDictionary<int, int> StatusCalls { get; } = new();

    public ConcurrentQueue<SentMail> SentMails { get; } = new();
    public ConcurrentQueue<ApiCall> ApiCalls { get; } = new();
    public ConcurrentQueue<(string Name, int Bytes, string? Folder)> UploadedFiles { get; } = new();

    /// <summary>Access tokens issued so far stop working (as when a provider rotates them early).</summary>
    public void InvalidateAccessTokens() => validAccessTokens.Clear();

    /// <summary>The next API call answers with this status (and Retry-After), before any other check.</summary>
    public void FailNextApiCall(int status, string? retryAfter = null) => injectedApiFailures.Enqueue((status, retryAfter));

    /// <summary>Enough of Gmail's search syntax for the tests: rfc822msgid:, filters ignored, words in the subject.</summary>
    private static bool Matches(SentMail mail, string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return true;
        }
        if (q.StartsWith("rfc822msgid:", StringComparison.Ordinal))
        {
            return mail.MessageId is not null && q[12..].Trim('<', '>') == mail.MessageId.Trim('<', '>');
        }
        var words = q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Contains(':', StringComparison.Ordinal));
        return words.All(w => (mail.Subject ?? "").Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private void MapApis()
    {
        // Before model binding reads it: keep a copy of every request body for the tests to inspect.
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            context.Items["body"] = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync();
            context.Request.Body.Position = 0;
            await next(context);
        });
        // A deliberately slow endpoint (no token needed), for killing an engine in the middle of a step.
        app.MapGet("/slow", async (int ms) =>
        {
            Interlocked.Increment(ref slowCalls);
            var now = Interlocked.Increment(ref slowInFlight);
            int most;
            while (now > (most = Volatile.Read(ref mostSlowAtOnce)) && Interlocked.CompareExchange(ref mostSlowAtOnce, now, most) != most)
            {
            }
            try
            {
                await Task.Delay(ms);
            }
            finally
            {
                Interlocked.Decrement(ref slowInFlight);
            }
            return Results.Json(new { waited = ms });
        });
        // Any API answering with the status asked for (counted per status), for failures and error policies.
        app.MapGet("/status/{code:int}", (int code) =>
        {
            StatusCalls.AddOrUpdate(code, 1, (_, n) => n + 1);
            return Results.Json(new { code }, statusCode: code);
        });
        // Any public API's behaviour the http.request node meets: a redirect elsewhere, and the headers it was sent.
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/echo-query", (HttpRequest request) =>
        {
            Interlocked.Increment(ref echoCalls);
            return Results.Json(request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal));
        });
        app.MapGet("/echo-headers", (HttpRequest request) =>
            Results.Json(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        var api = app.MapGroup("").AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            var body = context.HttpContext.Items["body"] as string ?? "";
            ApiCalls.Enqueue(new ApiCall(request.Method, request.Path + request.QueryString, body));
            if (injectedApiFailures.TryDequeue(out var failure))
            {
                if (failure.RetryAfter is not null)
                {
                    context.HttpContext.Response.Headers.RetryAfter = failure.RetryAfter;
                }
                return Results.Json(new { error = new { code = failure.Status, message = "Injected failure", status = "INJECTED" } }, statusCode: failure.Status);
            }
            var token = request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
            return validAccessTokens.ContainsKey(token)
                ? await next(context)
                : Results.Json(new { error = new { code = 401, message = "Invalid Credentials", status = "UNAUTHENTICATED" } }, statusCode: 401);
        });

        api.MapPost("/gmail/v1/users/me/messages/send", (JsonElement body) =>
        {
            using var mime = MimeMessage.Load(new MemoryStream(Base64Url.DecodeFromChars(body.GetProperty("raw").GetString()!)));
            var id = $"m{SentMails.Count + 1}";
            SentMails.Enqueue(new SentMail(id, mime.To.ToString(), mime.Subject, mime.TextBody, mime.MessageId));
            return Results.Json(new { id, threadId = "t" + id, labelIds = new[] { "SENT" } });
        });
        api.MapGet("/gmail/v1/users/me/messages", (string? q) => Results.Json(new
        {
            messages = SentMails.Where(m => Matches(m, q)).Reverse().Select(m => new { id = m.Id, threadId = "t" + m.Id }),
        }));
        api.MapGet("/gmail/v1/users/me/messages/{id}", (string id) => SentMails.FirstOrDefault(m => m.Id == id) is { } mail
            ? Results.Json(new
            {
                id, threadId = "t" + id, snippet = mail.Text?[..Math.Min(20, mail.Text.Length)], labelIds = new[] { "INBOX" },
                payload = new
                {
                    mimeType = "multipart/alternative",
                    headers = new[] { new { name = "From", value = (string?)Email }, new { name = "To", value = mail.To }, new { name = "Subject", value = mail.Subject } },
                    parts = new[] { new { mimeType = "text/plain", body = new { data = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(mail.Text ?? "")) } } },
                },
            })
            : Results.Json(new { error = new { code = 404, message = "Requested entity was not found.", status = "NOT_FOUND" } }, statusCode: 404));
        api.MapGet("/gmail/v1/users/me/profile", () => Results.Json(new { emailAddress = Email, historyId = (1000 + SentMails.Count).ToString() }));
        api.MapGet("/gmail/v1/users/me/history", (string startHistoryId) => Results.Json(new
        {
            historyId = (1000 + SentMails.Count).ToString(),
            history = SentMails.Skip(int.Parse(startHistoryId) - 1000)
                .Select(m => new { messagesAdded = new[] { new { message = new { id = m.Id } } } }),
        }));

        api.MapPost("/upload/drive/v3/files", async (HttpRequest request) =>
        {
            var text = await new StreamReader(request.Body).ReadToEndAsync();
            var json = text[text.IndexOf('{', StringComparison.Ordinal)..(text.IndexOf('}', StringComparison.Ordinal) + 1)];
            using var metadata = JsonDocument.Parse(json); // the metadata part: a flat JSON object
            var name = metadata.RootElement.GetProperty("name").GetString()!;
            var folder = metadata.RootElement.TryGetProperty("parents", out var parents) && parents.ValueKind == JsonValueKind.Array
                ? parents[0].GetString()
                : null;
            UploadedFiles.Enqueue((name, (int)request.ContentLength.GetValueOrDefault(), folder));
            return Results.Json(new { id = $"f{UploadedFiles.Count}", name, mimeType = "text/plain", webViewLink = $"https://drive.example/f{UploadedFiles.Count}" });
        });
        api.MapGet("/drive/v3/files", (string q) => Results.Json(new
        {
            files = UploadedFiles.Where(f => f.Folder is not null && q.Contains(f.Folder, StringComparison.Ordinal))
                .Select((f, i) => new { id = $"f{i + 1}", name = f.Name, mimeType = "text/plain", modifiedTime = "2026-11-24T12:00:00Z" }),
        }));

        api.MapPost("/chat.postMessage", (JsonElement body) => body.GetProperty("channel").GetString() == "#missing"
            ? Results.Json(new { ok = false, error = "channel_not_found" })
            : Results.Json(new { ok = true, channel = "C1", ts = "1700000000.000100" }));
        api.MapGet("/conversations.list", (string? cursor) => cursor is null
            ? Results.Json(new { ok = true, channels = new[] { new { id = "C1", name = "general", is_private = false, is_member = true }, new { id = "C2", name = "random", is_private = false, is_member = false } }, response_metadata = new { next_cursor = "page2" } })
            : Results.Json(new { ok = true, channels = new[] { new { id = "C3", name = "secret", is_private = true, is_member = true } }, response_metadata = new { next_cursor = "" } }));

        api.MapPost("/pages", (JsonElement body) => body.GetProperty("parent").GetProperty("database_id").GetString() == "missing"
            ? Results.Json(new { @object = "error", status = 404, code = "object_not_found", message = "Could not find database with ID: missing." }, statusCode: 404)
            : Results.Json(new { @object = "page", id = "page-1", url = "https://notion.example/page-1" }));
        api.MapGet("/databases/{id}", (string id) => id == "missing"
            ? Results.Json(new { @object = "error", status = 404, code = "object_not_found", message = "Could not find database with ID: missing." }, statusCode: 404)
            : Results.Json(new
            {
                @object = "database", id,
                properties = new Dictionary<string, object>
                {
                    ["Name"] = new { id = "title", type = "title" }, ["Total"] = new { id = "a1", type = "number" },
                    ["Stage"] = new { id = "a2", type = "select" }, ["Tags"] = new { id = "a3", type = "multi_select" },
                    ["Due"] = new { id = "a4", type = "date" }, ["Paid"] = new { id = "a5", type = "checkbox" }, ["Notes"] = new { id = "a6", type = "rich_text" },
                    ["Project"] = new { id = "a7", type = "relation" }, ["Owner"] = new { id = "a8", type = "people" }, ["Receipt"] = new { id = "a9", type = "files" },
                },
            }));
        api.MapPost("/search", () => Results.Json(new
        {
            @object = "list",
            results = new[] { new { @object = "database", id = "db-1", url = "https://notion.example/db-1", title = new[] { new { plain_text = "Tasks" } } } },
        }));
    }
}
