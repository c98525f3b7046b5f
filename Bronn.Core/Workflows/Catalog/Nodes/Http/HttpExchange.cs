using System.Net;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Http;

namespace Bronn.Core.Workflows.Catalog.Nodes.Http;

/// <summary>What came back for one request (after its redirects).</summary>
public sealed record HttpPage(int Status, Uri Url, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? MediaType, string? FileName);

/// <summary>
/// Sends one call: redirects are followed here (at most <see cref="OutboundHttpOptions.MaxRedirects"/>, each hop through the
/// address guard); the secret goes only to the origin of the node's URL (not to where a redirect or a next page points
/// elsewhere) and only where it may go; after a 401 a fresh token is tried once.
/// </summary>
internal sealed class HttpExchange(HttpClient client, int maxResponseBytes)
{
    public async Task<HttpPage> SendAsync(HttpCall call, Uri url, RequestAuthentication auth, CancellationToken ct)
    {
        var method = call.Method;
        var body = call.Body;
        var origin = call.Url;
        var renewed = false;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(call.Timeout);
        for (var hop = 0; ; )
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = body.ToContent();
            }
            if (call.Headers is { ValueKind: System.Text.Json.JsonValueKind.Object } headers)
            {
                RequestHeaderRules.Apply(request, headers);
            }
            if (call.IdempotencyKey is { } key && !request.Headers.Contains("Idempotency-Key"))
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            }
            // After the parameters were rendered: the secret is never part of the step's recorded input.
            var authenticated = SameOrigin(url, origin) && auth.MaySendTo(url);
            request.RequestUri = authenticated ? await auth.ApplyAsync(request, url, limit.Token) : url;
            using var response = await SendAsync(request, call, url, limit, ct);
            var status = (int)response.StatusCode;
            if (status == 401 && authenticated && !renewed && await auth.RenewAfterRejectionAsync(limit.Token))
            {
                renewed = true;
                continue;
            }
            if (call.FollowRedirects && IsRedirect(status) && response.Headers.Location is { } location)
            {
                if (++hop > OutboundHttpOptions.MaxRedirects)
                {
                    throw new NodeFailedException($"{HttpCall.Where(call.Method, origin)} redirected more than {OutboundHttpOptions.MaxRedirects} times (a redirect loop?).", retryable: false);
                }
                url = Next(url, location);
                if (status == 303 || (status is 301 or 302 && method == HttpMethod.Post))
                {
                    method = HttpMethod.Get;
                    body = null;
                }
                continue;
            }
            var bytes = await ReadAsync(response, limit.Token);
            var allHeaders = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value));
            return new HttpPage(status, url, allHeaders, bytes, response.Content.Headers.ContentType?.MediaType,
                response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCall call, Uri url, CancellationTokenSource limit, CancellationToken ct)
    {
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
        }
        catch (HttpRequestException ex) when (PrivateAddressException.Find(ex) is { } refusal)
        {
            throw new NodeFailedException($"{HttpCall.Where(request.Method, url)} was refused: {refusal.Message}", retryable: false);
        }
        catch (HttpRequestException ex)
        {
            throw new NodeFailedException($"{HttpCall.Where(request.Method, url)} failed: {ex.Message}", retryable: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new NodeFailedException($"{HttpCall.Where(request.Method, url)} did not answer within {call.Timeout}.", retryable: true);
        }
    }

    private async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > maxResponseBytes)
            {
                throw new NodeFailedException($"The response is larger than Engine:Http:MaxResponseBytes ({maxResponseBytes / 1024} KB).", retryable: false);
            }
        }
        return copy.ToArray();
    }

    private static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Scheme == b.Scheme;

    private static Uri Next(Uri current, Uri location)
    {
        var next = location.IsAbsoluteUri ? location : new Uri(current, location);
        return next.Scheme is "http" or "https"
            ? next
            : throw new NodeFailedException($"A redirect pointed to '{next.Scheme}:', which is not http(s).", retryable: false);
    }
}
