using System.Text;
using System.Text.Json;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Http;

namespace Bronn.Core.Credentials;

/// <summary>Puts a credential with a fixed secret on an outgoing request the way its type says.</summary>
public static class CredentialApplier
{
    /// <returns>The request's address (a query credential adds its parameter).</returns>
    /// <remarks>Where it may go is checked first, by <see cref="Workflows.Catalog.Nodes.Http.RequestAuthentication"/>.</remarks>
    public static Uri Apply(OpenedCredential credential, HttpRequestMessage request, Uri url)
    {
        var values = credential.Values;
        switch (credential.Type)
        {
            case "header":
                RequestHeaderRules.Apply(request, JsonSerializer.SerializeToElement(new Dictionary<string, string> { [values["name"]] = values["value"] }));
                return url;
            case "query":
                var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
                return new Uri(url + separator + Uri.EscapeDataString(values["name"]) + "=" + Uri.EscapeDataString(values["value"]));
            case "bearer":
                request.Headers.Authorization = new("Bearer", values["token"]);
                return url;
            case "basic":
                request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{values["username"]}:{values["password"]}")));
                return url;
            default:
                throw new NodeFailedException($"The credential '{credential.Name}' has the type '{credential.Type}', which http.request cannot send.", retryable: false);
        }
    }
}
