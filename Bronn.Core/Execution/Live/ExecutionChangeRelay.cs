using System.Text;
using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bronn.Core.Execution.Live;

/// <summary>
/// Carries execution changes between processes: this process's changes go out as one NOTIFY per short batch (never
/// inside the engine's transactions), and other processes' changes are heard through LISTEN and republished here.
/// </summary>
public sealed class ExecutionChangeRelay(IOptions<DatabaseOptions> database, ExecutionChangeFeed feed, ILogger<ExecutionChangeRelay> logger)
    : BackgroundService
{
    public const string Channel = "bronn_executions";
    private const int MaxPayload = 7_800; // PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);
    private readonly string origin = Guid.NewGuid().ToString("N");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendAsync(stoppingToken), ListenAsync(stoppingToken));

    private async Task SendAsync(CancellationToken ct)
    {
        var pending = new HashSet<ExecutionChange>();
        while (await Until(ct, () => feed.Outgoing.WaitToReadAsync(ct).AsTask()))
        {
            await Task.Delay(BatchWindow, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            while (feed.Outgoing.TryRead(out var change))
            {
                pending.Add(change);
            }
            try
            {
                await NotifyAsync(pending, ct);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                logger.LogWarning("Could not announce {Count} execution change(s) to other processes: {Reason}", pending.Count, ex.Message);
            }
            pending.Clear();
        }
    }

    private async Task NotifyAsync(IEnumerable<ExecutionChange> changes, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.Value.Bronn);
        await connection.OpenAsync(ct);
        var payload = new StringBuilder(origin);
        foreach (var change in changes)
        {
            var entry = change.ToPayload();
            if (payload.Length + entry.Length + 1 > MaxPayload)
            {
                await SendOneAsync(connection, payload.ToString(), ct);
                payload.Clear().Append(origin);
            }
            payload.Append(';').Append(entry);
        }
        await SendOneAsync(connection, payload.ToString(), ct);
    }

    private static async Task SendOneAsync(NpgsqlConnection connection, string payload, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync(ct);
    }

    private Task ListenAsync(CancellationToken ct) => PostgresChannel.ListenAsync(database.Value.Bronn, Channel, Heard, logger, ct);

    private void Heard(string payload)
    {
        var entries = payload.Split(';');
        if (entries[0] == origin)
        {
            return; // ours: subscribers here heard it when it was published
        }
        foreach (var entry in entries.Skip(1))
        {
            if (ExecutionChange.Parse(entry) is { } change)
            {
                feed.Relay(change);
            }
        }
    }

    private static async Task<bool> Until(CancellationToken ct, Func<Task<bool>> wait)
    {
        try
        {
            return await wait();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
