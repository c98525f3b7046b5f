using Microsoft.JSInterop;

namespace Bronn.Web.Accounts;

/// <summary>The answer of an auth API call made from the browser.</summary>
public sealed record SessionResponse(int Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public string Message => Detail ?? Title ?? $"The request failed ({Status}).";
}

/// <summary>
/// Interactive components cannot set cookies, so sign-in and sign-out go through a same-origin fetch from the
/// browser to the auth API, which sets or clears the HttpOnly cookie. Page code never sees the token.
/// </summary>
public sealed class BrowserSession(IJSRuntime js)
{
    public ValueTask<SessionResponse> SignInAsync(string email, string password) =>
        SendAsync("POST", "/api/auth/session", new { email, password });

    public async ValueTask<SessionResponse> RegisterAsync(string email, string password)
    {
        var registered = await SendAsync("POST", "/api/auth/register", new { email, password });
        return registered.Succeeded ? await SignInAsync(email, password) : registered;
    }

    public ValueTask<SessionResponse> SignOutAsync() => SendAsync("DELETE", "/api/auth/session", null);

    private ValueTask<SessionResponse> SendAsync(string method, string url, object? body) =>
        js.InvokeAsync<SessionResponse>("bronnSession.send", method, url, body);
}
