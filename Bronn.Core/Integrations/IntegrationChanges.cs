using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Integrations;

/// <summary>A connection of <paramref name="UserId"/> to <paramref name="Integration"/> changed.</summary>
public readonly record struct IntegrationChange(Guid UserId, string Integration)
{
    public string ToPayload() => $"{UserId:N}|{Integration}";

    public static IntegrationChange? Parse(string payload) =>
        payload.Split('|') is [var user, var integration] && Guid.TryParseExact(user, "N", out var id)
            ? new IntegrationChange(id, integration)
            : null;
}

/// <summary>
/// Writes integration events and announces changes through PostgreSQL NOTIFY, so every process (web or worker)
/// hears about a change whichever process made it. Payloads name the user and integration, never a token.
/// </summary>
public static class IntegrationJournal
{
    public const string Channel = "bronn_integrations";

    public static void Record(BronnDbContext db, DateTimeOffset at, Guid userId, string integration, string kind, string? message = null) =>
        db.IntegrationEvents.Add(new IntegrationEvent
        {
            UserId = userId, Integration = integration, Kind = kind, Message = message, CreatedAt = at,
        });

    public static async Task NotifyAsync(BronnDbContext db, Guid userId, string integration, CancellationToken ct)
    {
        var payload = new IntegrationChange(userId, integration).ToPayload();
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", ct);
    }
}
