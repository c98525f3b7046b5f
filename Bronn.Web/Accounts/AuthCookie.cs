namespace Bronn.Web.Accounts;

/// <summary>The browser's copy of the JWT: HttpOnly, SameSite=Lax so it survives an OAuth provider's redirect back.</summary>
public static class AuthCookie
{
    public const string Name = "bronn_auth";

    public static void Append(HttpContext context, string token, DateTimeOffset expires) =>
        context.Response.Cookies.Append(Name, token, Options(context, expires));

    public static void Delete(HttpContext context) =>
        context.Response.Cookies.Delete(Name, Options(context, expires: null));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
