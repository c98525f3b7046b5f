using System.Text.Json;

namespace Bronn.Browser.Tests;

/// <summary>Setting the scene through the REST API, as a script of the signed-in user would.</summary>
public static class ApiSteps
{
    /// <returns>The new workflow's id.</returns>
    public static async Task<string> CreateWorkflowAsync(this HttpClient api, string definition, bool publish = false)
    {
        var created = await api.PostAsync("/api/workflows", new StringContent(definition, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        if (publish)
        {
            var published = await api.PostAsync($"/api/workflows/{id}/publish", null);
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        }
        return id;
    }
}
