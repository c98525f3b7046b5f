namespace Bronn.Core.Integrations.Providers.Google;

public sealed record EmailToSend(
    IReadOnlyList<string> To, string Subject, string? TextBody, string? HtmlBody = null,
    IReadOnlyList<string>? Cc = null, IReadOnlyList<string>? Bcc = null, string? ReplyTo = null, string? MessageId = null);

public sealed record SentEmail(string Id, string ThreadId);

public sealed record GmailMessage(
    string Id, string ThreadId, string? From, string? To, string? Subject, string? Date, string Snippet, string? TextBody,
    IReadOnlyList<string> LabelIds);

public sealed record GmailProfile(string EmailAddress, string HistoryId);

public sealed record GmailHistory(IReadOnlyList<string> AddedMessageIds, string HistoryId);
