using System.Text;
using System.Text.Json;
using Bronn.Core.Integrations.Providers;
using Bronn.Core.Integrations.Providers.Drive;
using Bronn.Core.Integrations.Providers.Google;
using Bronn.Core.Integrations.Providers.Notion;
using Bronn.Core.Integrations.Providers.Slack;
using Bronn.Core.Integrations.Refresh;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Integrations;

public sealed class ProviderClientsTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    private T Client<T>() where T : notnull => app.Services.GetRequiredService<T>();

    [Fact]
    public async Task Gmail_sends_a_mime_message_and_reads_it_back_by_search_get_profile_and_history()
    {
        var user = await ConnectedUserAsync("gmail");
        var gmail = Client<GmailClient>();
        var startHistory = (await gmail.GetProfileAsync(user)).HistoryId;

        var sent = await gmail.SendAsync(user, new EmailToSend(["Zoë <zoe@example.com>"], "Grüße from Bronn", "Hello Zoë,\nit works."));

        var received = app.Provider.SentMails.Single(m => m.Id == sent.Id);
        Assert.Equal("Grüße from Bronn", received.Subject);
        Assert.Contains("zoe@example.com", received.To);
        Assert.Equal([sent.Id], await gmail.SearchAsync(user, "Grüße"));
        var message = await gmail.GetMessageAsync(user, sent.Id);
        Assert.Equal("Grüße from Bronn", message.Subject);
        Assert.StartsWith("Hello Zoë,", message.TextBody);
        var history = await gmail.GetHistoryAsync(user, startHistory);
        Assert.Contains(sent.Id, history.AddedMessageIds);
        Assert.NotEqual(startHistory, history.HistoryId);
    }

    [Fact]
    public async Task A_401_refreshes_once_and_the_call_is_retried_with_the_new_token()
    {
        var user = await ConnectedUserAsync("gmail");
        var refreshes = app.Provider.RefreshCalls;
        app.Provider.InvalidateAccessTokens();

        var profile = await Client<GmailClient>().GetProfileAsync(user);

        Assert.Equal(app.Provider.Email, profile.EmailAddress);
        Assert.Equal(refreshes + 1, app.Provider.RefreshCalls);
    }

    [Fact]
    public async Task A_429_is_retried_after_retry_after_even_for_a_post_but_a_500_on_a_post_is_not()
    {
        var user = await ConnectedUserAsync("slack");
        var slack = Client<SlackClient>();

        app.Provider.FailNextApiCall(429, retryAfter: "0");
        var posted = await slack.PostMessageAsync(user, "#general", "Deploy finished");
        Assert.Equal("1700000000.000100", posted.Ts);

        var before = app.Provider.ApiCalls.Count(c => c.Path == "/chat.postMessage");
        app.Provider.FailNextApiCall(500);
        var error = await Assert.ThrowsAsync<ProviderApiException>(() => slack.PostMessageAsync(user, "#general", "Only once"));
        Assert.Equal(500, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal(before + 1, app.Provider.ApiCalls.Count(c => c.Path == "/chat.postMessage"));
    }

    [Fact]
    public async Task Slack_errors_inside_a_200_become_typed_errors_and_conversations_follow_the_cursor()
    {
        var user = await ConnectedUserAsync("slack");
        var slack = Client<SlackClient>();

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => slack.PostMessageAsync(user, "#missing", "hello"));
        var channels = await slack.ListConversationsAsync(user);

        Assert.Equal("channel_not_found", error.ProviderCode);
        Assert.Equal(["general", "random", "secret"], channels.Select(c => c.Name));
    }

    [Fact]
    public async Task Drive_uploads_into_a_folder_and_lists_it()
    {
        var user = await ConnectedUserAsync("google_drive");
        var drive = Client<DriveClient>();

        var file = await drive.UploadAsync(user, "folder-9", "report.txt", "text/plain", Encoding.UTF8.GetBytes("quarterly numbers"));
        var listed = await drive.ListFolderAsync(user, "folder-9");

        Assert.Equal("report.txt", file.Name);
        Assert.Contains(app.Provider.UploadedFiles, f => f.Name == "report.txt" && f.Folder == "folder-9");
        Assert.Contains(listed, f => f.Name == "report.txt");
        Assert.Contains("uploadType=multipart", app.Provider.ApiCalls.Last(c => c.Path.StartsWith("/upload", StringComparison.Ordinal)).Path);
    }

    [Fact]
    public async Task Notion_creates_pages_searches_databases_and_reports_its_own_errors()
    {
        var user = await ConnectedUserAsync("notion");
        var notion = Client<NotionClient>();
        using var properties = JsonDocument.Parse("""{"Name":{"title":[{"text":{"content":"Follow up"}}]}}""");

        var page = await notion.CreatePageAsync(user, "db-1", properties.RootElement);
        var databases = await notion.SearchDatabasesAsync(user, "Tasks");
        var error = await Assert.ThrowsAsync<ProviderApiException>(() => notion.CreatePageAsync(user, "missing", properties.RootElement));

        Assert.Equal("page-1", page.Id);
        Assert.Equal("Tasks", Assert.Single(databases).Title);
        Assert.Equal("object_not_found", error.ProviderCode);
        Assert.Contains("Could not find database", error.ProviderMessage);
    }

    [Fact]
    public async Task Calls_for_an_unconnected_or_revoked_integration_say_what_to_do()
    {
        var user = await ConnectedUserAsync("gmail");

        var notConnected = await Assert.ThrowsAsync<IntegrationUnavailableException>(() => Client<SlackClient>().ListConversationsAsync(user));
        await app.Database.ScalarAsync<int>($"UPDATE integration_connections SET status = 'revoked', status_message = 'Reconnect Gmail to continue.' WHERE user_id = '{user}'");
        var revoked = await Assert.ThrowsAsync<IntegrationUnavailableException>(() => Client<GmailClient>().GetProfileAsync(user));

        Assert.Contains("not connected", notConnected.Message);
        Assert.Equal("revoked", revoked.Status);
        Assert.Contains("Reconnect Gmail", revoked.Message);
    }

    private async Task<Guid> ConnectedUserAsync(string integration)
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        Assert.Equal("connected", (await client.ConnectAsync(token, integration)).Outcome());
        return Guid.Parse((await (await client.GetWithTokenAsync("/api/auth/me", token)).JsonAsync()).GetProperty("id").GetString()!);
    }
}
