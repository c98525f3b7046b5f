using System.Text;

namespace Bronn.Web.Tests.Security;

/// <summary>Who sends a hostile request: nobody signed in, a normal user, or that user aimed at an admin endpoint.</summary>
public enum Caller { Anonymous, User }

/// <summary>One hostile request: every one must be refused or answered without a 5xx, a stack trace or a stored row.</summary>
public sealed record HostileRequest(string Name, HttpMethod Method, string Path, string? Body = null, string ContentType = "application/json",
    Caller Caller = Caller.User, (string Name, string Value)[]? Headers = null);

/// <summary>
/// About 150 inputs across every endpoint: bodies, path and query parameters, templates, headers and URLs, in the
/// shapes attackers and broken clients send. {hook} is replaced by the address of a real webhook.
/// </summary>
public static class HostileCorpus
{
    private static readonly string Deep = new string('[', 5000) + new string(']', 5000);
    private static readonly string Huge = "\"" + new string('x', 2 * 1024 * 1024) + "\"";
    private static readonly string Guid0 = "0196a000-0000-7000-8000-000000000001";

    /// <summary>Values that break parsers, databases, templates or HTML when used where a string is expected.</summary>
    private static readonly string[] Strings =
    [
        "' OR 1=1 --", "\"; DROP TABLE users; --", "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "${jndi:ldap://x}", "../../etc/passwd",
        "%00", "\u202Eevil", "\uFFFF", "\uD800", new string('a', 70_000), "\r\nX-Injected: yes", "null", "[]", "{}", "é\u0301", "🙂",
    ];

    private static readonly string[] HostileTemplates =
    [
        "{% for i in (1..1000000000) %}{% endfor %}", "{{ 1 | divided_by: 0 }}", "{{ 5 | modulo: 0 }}", "{% include 'x' %}", "{% render 'x' %}",
        "{{ trigger | json }}", "{% assign a = (1..99999999) %}", "{{ 'x' | append: 'y' | append: 'z' | upcase | split: '' | join: '' | size }}",
        "{% capture c %}{% capture d %}{% endcapture %}{% endcapture %}", "{{ }}", "{% if %}", "{{ a.b.c.d.e.f.g.h.i.j.k.l }}", "{% cycle %}",
        "{% for x in trigger %}{% for y in x %}{% endfor %}{% endfor %}", "{{ 99999999999999999999999999999 | times: 99999999999999999999 }}",
    ];

    public static IEnumerable<HostileRequest> All()
    {
        // Accounts: bodies that are not what they claim to be.
        foreach (var (name, body) in new[]
        {
            ("deep nesting", Deep), ("duplicate keys", """{"email":"a@example.com","email":"b@example.com","password":"correct horse battery"}"""),
            ("NUL in email", """{"email":"a\u0000@example.com","password":"correct horse battery"}"""), ("huge number", """{"email":1e400,"password":"x"}"""),
            ("array", "[1,2,3]"), ("huge body", Huge), ("truncated", """{"email":"""), ("bare string", "\"hello\""), ("number", "42"),
            ("invalid UTF-8 escape", """{"email":"\uD800","password":"correct horse battery"}"""), ("object email", """{"email":{"$ne":null},"password":"x"}"""),
        })
        {
            foreach (var path in new[] { "/api/auth/register", "/api/auth/login", "/api/auth/session" })
            {
                yield return new($"{path} {name}", HttpMethod.Post, path, body, Caller: Caller.Anonymous);
            }
        }
        foreach (var value in Strings)
        {
            yield return new($"register email {Printable(value)}", HttpMethod.Post, "/api/auth/register", Json(new { email = value, password = "correct horse battery" }), Caller: Caller.Anonymous);
        }
        yield return new("register with a form body", HttpMethod.Post, "/api/auth/register", "email=a&password=b", "application/x-www-form-urlencoded", Caller.Anonymous);
        yield return new("register as UTF-16", HttpMethod.Post, "/api/auth/register", """{"email":"a@example.com"}""", "application/json; charset=utf-16", Caller.Anonymous);
        yield return new("change password with a wrong type", HttpMethod.Post, "/api/auth/password", """{"currentPassword":1,"newPassword":["x"]}""");
        yield return new("change password to a common one", HttpMethod.Post, "/api/auth/password", """{"currentPassword":"nope","newPassword":"1234567890"}""");

        // Credentials: bodies and data that must not be stored.
        foreach (var (name, body) in new[]
        {
            ("deep nesting", Deep), ("huge body", Huge), ("array", "[1,2,3]"), ("unknown type", """{"name":"x","type":"telepathy","data":{}}"""),
            ("data is a string", """{"name":"x","type":"bearer","data":"token"}"""), ("token is a number", """{"name":"x","type":"bearer","data":{"token":42}}"""),
            ("secret over 16 KB", Json(new { name = "x", type = "bearer", data = new { token = new string('s', 17 * 1024) } })),
            ("NUL in a secret", """{"name":"x","type":"bearer","data":{"token":"a\u0000b"}}"""), ("host with a path", """{"name":"x","type":"bearer","data":{"token":"t"},"allowedHosts":["https://a.example/x"]}"""),
            ("token URL not http", """{"name":"x","type":"oauth2_client_credentials","data":{"tokenUrl":"file:///etc/passwd","clientId":"i","clientSecret":"s"}}"""),
            ("client authentication unknown", """{"name":"x","type":"oauth2_client_credentials","data":{"tokenUrl":"https://a.example/t","clientId":"i","clientSecret":"s","clientAuthentication":"x"}}"""),
        })
        {
            yield return new($"create credential: {name}", HttpMethod.Post, "/api/credentials", body);
            yield return new($"update credential: {name}", HttpMethod.Put, $"/api/credentials/{Guid0}", body);
        }
        yield return new("delete a missing credential", HttpMethod.Delete, $"/api/credentials/{Guid0}");
        foreach (var (name, body) in new[]
        {
            ("api key without a name", """{"expiresInDays":5}"""), ("api key name too long", Json(new { name = new string('k', 101) })),
            ("api key expiry as text", """{"name":"x","expiresInDays":"soon"}"""), ("api key expiry negative", """{"name":"x","expiresInDays":-1}"""),
            ("api key read-only as text", """{"name":"x","readOnly":"yes"}"""), ("api key as an array", "[1]"), ("api key huge body", Huge),
        })
        {
            yield return new($"create {name}", HttpMethod.Post, "/api/auth/api-keys", body);
        }
        yield return new("revoke a missing api key", HttpMethod.Delete, $"/api/auth/api-keys/{Guid0}");
        yield return new("revoke an api key by a bad id", HttpMethod.Delete, "/api/auth/api-keys/not-a-guid");
        yield return new("read a credential by a bad id", HttpMethod.Get, "/api/credentials/not-a-guid");

        // Workflows: definitions that must not be stored, and hostile templates that are only validated.
        foreach (var (name, body) in new[]
        {
            ("nodes is a string", """{"name":"x","nodes":"all of them"}"""), ("501 nodes", TooManyNodes()), ("deep nesting", Deep), ("huge body", Huge),
            ("NUL in a parameter", """{"name":"x","nodes":[{"id":"a","type":"manual","parameters":{"p":"\u0000"}}]}"""),
            ("duplicate node keys", """{"name":"x","name":"y","nodes":[]}"""), ("edges is an object", """{"name":"x","nodes":[],"edges":{"from":"a"}}"""),
            ("position of the wrong type", """{"name":"x","nodes":[{"id":"a","type":"manual","position":"left"}]}"""),
            ("retry settings of the wrong type", """{"name":"x","nodes":[{"id":"a","type":"manual","settings":{"retry":{"attempts":"many"}}}]}"""),
        })
        {
            yield return new($"create workflow: {name}", HttpMethod.Post, "/api/workflows", body);
            yield return new($"import workflow: {name}", HttpMethod.Post, "/api/workflows/import", body);
            yield return new($"update workflow: {name}", HttpMethod.Put, $"/api/workflows/{Guid0}", body);
        }
        foreach (var template in HostileTemplates)
        {
            yield return new($"validate template {Printable(template)}", HttpMethod.Post, "/api/workflows/validate",
                Json(new { name = "t", nodes = new object[] { new { id = "s", type = "manual" }, new { id = "n", type = "set", parameters = new { fields = new { x = template } } } }, edges = new[] { new { from = "s", to = "n" } } }));
        }
        foreach (var value in Strings)
        {
            yield return new($"validate node id {Printable(value)}", HttpMethod.Post, "/api/workflows/validate",
                Json(new { name = value, nodes = new object[] { new { id = value, type = value, parameters = new Dictionary<string, string> { [value.Length > 200 ? "k" : value] = value } } }, edges = new[] { new { from = value, to = value } } }));
        }

        // Paths and query strings.
        foreach (var path in new[]
        {
            "/api/workflows/not-a-guid", $"/api/workflows/{Guid0}", $"/api/workflows/{Guid0}/export", "/api/workflows/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/api/executions?page=-1&pageSize=100000", "/api/executions?page=99999999999999", "/api/executions?status=<script>", "/api/executions?from=yesterday",
            "/api/executions?from=9999-99-99", "/api/executions?workflowId=not-a-guid", "/api/executions?to=2026-01-01T00:00:00Z&from=2027-01-01T00:00:00Z",
            $"/api/executions/{Guid0}", "/api/executions/' OR 1=1", "/integrations/status/" + new string('x', 5000), "/integrations/status/%00",
            "/api/admin/users", "/api/admin/integrations", "/openapi/v1.json?x=" + new string('y', 8000), "/hooks/" + new string('h', 3000),
            "/hooks/..%2F..%2Fapi%2Fadmin", "/integrations/callback/google?state=" + new string('s', 5000) + "&code=x",
            "/integrations/callback/google?state=%00&code=%0d%0a", "/integrations/connect/gmail?returnUrl=%2F%09%2Fevil.example",
            "/integrations/connect/gmail?returnUrl=" + new string('/', 3000), "/integrations/connect/..%2Fadmin",
        })
        {
            yield return new($"GET {Printable(path)}", HttpMethod.Get, path);
        }
        foreach (var action in new[] { "cancel", "retry" })
        {
            yield return new($"{action} a foreign execution", HttpMethod.Post, $"/api/executions/{Guid0}/{action}");
        }
        foreach (var action in new[] { "publish", "activate", "deactivate", "run", "test" })
        {
            yield return new($"{action} a missing workflow", HttpMethod.Post, $"/api/workflows/{Guid0}/{action}", "{}");
        }
        yield return new("delete a missing workflow", HttpMethod.Delete, $"/api/workflows/{Guid0}");
        yield return new("disconnect an unknown integration", HttpMethod.Delete, "/api/integrations/" + Uri.EscapeDataString("<x>"));
        yield return new("admin role change as a user", HttpMethod.Put, $"/api/admin/users/{Guid0}/role", """{"role":"admin"}""");
        yield return new("admin delete as a user", HttpMethod.Delete, $"/api/admin/users/{Guid0}");
        yield return new("refresh a foreign connection", HttpMethod.Post, $"/api/admin/integrations/{Guid0}/refresh");

        // Headers.
        foreach (var (name, value) in new[]
        {
            ("Authorization", "Bearer " + new string('a', 6000)), ("Authorization", "Basic YWRtaW46YWRtaW4="), ("Authorization", "Bearer a.b.c"),
            ("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."), ("Cookie", "bronn_auth=" + new string('c', 3000)),
            ("If-Match", "\"" + new string('9', 50) + "\""), ("X-Forwarded-For", "127.0.0.1, 10.0.0.1"), ("X-Forwarded-Proto", "javascript"),
            ("Accept", "application/xml;q=2"), ("Range", "bytes=0-99999999999999"),
        })
        {
            yield return new($"header {name}: {Printable(value)}", HttpMethod.Get, "/api/workflows", Caller: Caller.Anonymous, Headers: [(name, value)]);
        }
        yield return new("If-Match garbage on a save", HttpMethod.Put, $"/api/workflows/{Guid0}", """{"name":"x","nodes":[]}""", Headers: [("If-Match", "W/<nope>")]);

        // Webhooks: bodies the hook must refuse (nothing runs).
        foreach (var (name, body) in new[]
        {
            ("deep nesting", Deep), ("duplicate keys", """{"a":1,"a":2}"""), ("NUL", """{"a":"\u0000"}"""), ("huge number", "[1e400]"),
            ("not JSON", "<xml/>"), ("truncated", "{\"a\":"), ("huge body", Huge),
        })
        {
            yield return new($"webhook {name}", HttpMethod.Post, "{hook}", body, Caller: Caller.Anonymous);
        }
        yield return new("webhook with a wrong secret", HttpMethod.Post, "{hook}", "{}", Caller: Caller.Anonymous, Headers: [("X-Webhook-Secret", "guess")]);
        yield return new("webhook with the wrong method", HttpMethod.Put, "{hook}", "{}", Caller: Caller.Anonymous);
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static string TooManyNodes() => Json(new { name = "big", nodes = Enumerable.Range(0, 501).Select(i => new { id = $"n{i}", type = "set" }) });

    private static string Printable(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Take(40))
        {
            shown.Append(char.IsControl(c) || char.IsSurrogate(c) ? '?' : c);
        }
        return text.Length > 40 ? shown + "…" : shown.ToString();
    }
}
