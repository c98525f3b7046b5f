using System.Text;
using System.Text.Json;

namespace Bronn.Core.Workflows.Catalog.Nodes.Http;

/// <summary>A cURL command read into http.request parameters, with what could not be carried over.</summary>
public sealed record CurlImport(Dictionary<string, JsonElement> Parameters, IReadOnlyList<string> Warnings);

/// <summary>Reads a cURL command (as copied from API docs or a browser's "Copy as cURL") into http.request's parameters.</summary>
public static class CurlCommand
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "-s", "--silent", "-S", "--show-error", "-k", "--insecure", "-v", "--verbose", "-i", "--include", "--compressed", "-f", "--fail", "-#", "--progress-bar",
    };

    private static readonly string[] SecretHints = ["authorization", "cookie", "key", "token", "secret", "password"];

    /// <exception cref="FormatException">The text is not a cURL command with a URL (the message says why).</exception>
    public static CurlImport Parse(string command)
    {
        var args = CurlTokenizer.Split(command);
        if (args.Count > 0 && args[0] == "curl")
        {
            args.RemoveAt(0);
        }
        string? method = null, url = null;
        var headers = new List<(string Name, string Value)>();
        var data = new List<string>();
        var warnings = new List<string>();
        var asQuery = false;
        string? timeout = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new FormatException($"'{arg}' needs a value after it.");
            switch (arg)
            {
                case "-X" or "--request": method = Next().ToUpperInvariant(); break;
                case "-H" or "--header":
                    var header = Next();
                    var colon = header.IndexOf(':');
                    if (colon <= 0)
                    {
                        throw new FormatException($"The header '{header}' has no 'Name: value' form.");
                    }
                    headers.Add((header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d" or "--data" or "--data-raw" or "--data-binary" or "--data-ascii" or "--data-urlencode":
                    var value = Next();
                    if (value.StartsWith('@') && arg != "--data-raw")
                    {
                        warnings.Add($"{arg} {value} reads a file, which cannot be imported: paste the body into the node.");
                        break;
                    }
                    data.Add(arg == "--data-urlencode" ? Encode(value) : value);
                    break;
                case "--json":
                    data.Add(Next());
                    headers.Add(("Content-Type", "application/json"));
                    break;
                case "-u" or "--user":
                    headers.Add(("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Next()))));
                    break;
                case "-A" or "--user-agent": headers.Add(("User-Agent", Next())); break;
                case "-b" or "--cookie": headers.Add(("Cookie", Next())); break;
                case "-e" or "--referer": headers.Add(("Referer", Next())); break;
                case "-G" or "--get": asQuery = true; break;
                case "-I" or "--head": method = "HEAD"; break;
                case "-L" or "--location": break; // the node follows redirects by default
                case "-m" or "--max-time":
                    timeout = int.TryParse(Next(), out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss") : null;
                    break;
                case "--url": url = Next(); break;
                case "-F" or "--form":
                    warnings.Add($"{arg} {Next()}: multipart forms are not supported; send the fields as a form body or JSON instead.");
                    break;
                case "-o" or "--output": Next(); break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        if (!Ignored.Contains(arg))
                        {
                            warnings.Add($"The option {arg} was ignored.");
                        }
                    }
                    else
                    {
                        url ??= arg;
                    }
                    break;
            }
        }
        if (url is null || !Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url, UriKind.Absolute, out var address)
            || address.Scheme is not ("http" or "https"))
        {
            throw new FormatException("The command has no http(s) URL. Paste a whole command, such as: curl https://api.example.com/items");
        }
        var parameters = Build(method, address, headers, data, asQuery, timeout, warnings);
        return new CurlImport(parameters, warnings);
    }

    private static Dictionary<string, JsonElement> Build(string? method, Uri address, List<(string Name, string Value)> headers, List<string> data,
        bool asQuery, string? timeout, List<string> warnings)
    {
        var query = System.Web.HttpUtility.ParseQueryString(address.Query);
        var queryList = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!, StringComparer.Ordinal);
        if (asQuery)
        {
            foreach (var (name, value) in data.SelectMany(FormPairs))
            {
                queryList[name] = value;
            }
            data.Clear();
        }
        var contentType = headers.LastOrDefault(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["method"] = Json(method ?? (data.Count > 0 ? "POST" : "GET")),
            ["url"] = Json(new UriBuilder(address) { Query = "" }.Uri.ToString()),
        };
        if (queryList.Count > 0)
        {
            result["query"] = Json(queryList);
        }
        if (data.Count > 0)
        {
            var body = string.Join("&", data);
            if (contentType is null or "application/x-www-form-urlencoded" && !body.TrimStart().StartsWith('{'))
            {
                result["bodyType"] = Json(HttpCall.BodyTypes.Form);
                result["form"] = Json(FormPairs(body).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Value));
            }
            else if (contentType is null || contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                result["bodyType"] = Json(HttpCall.BodyTypes.Json);
                result["body"] = Json(body);
            }
            else
            {
                result["bodyType"] = Json(HttpCall.BodyTypes.Raw);
                result["body"] = Json(body);
                result["contentType"] = Json(contentType);
            }
            headers.RemoveAll(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase));
        }
        if (headers.Count > 0)
        {
            result["headers"] = Json(headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Value));
        }
        if (timeout is not null)
        {
            result["timeout"] = Json(timeout);
        }
        foreach (var secret in headers.Select(h => h.Name).Where(n => SecretHints.Any(hint => n.Contains(hint, StringComparison.OrdinalIgnoreCase))).Distinct())
        {
            warnings.Add($"The header {secret} looks like a secret: store it as a credential and pick it under Authentication, then remove the header.");
        }
        return result;
    }

    private static IEnumerable<(string Name, string Value)> FormPairs(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=');
            return equals < 0 ? (Uri.UnescapeDataString(pair), "") : (Uri.UnescapeDataString(pair[..equals].Replace('+', ' ')), Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')));
        });

    private static string Encode(string value)
    {
        var equals = value.IndexOf('=');
        return equals < 0 ? Uri.EscapeDataString(value) : value[..(equals + 1)] + Uri.EscapeDataString(value[(equals + 1)..]);
    }

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);
}
