using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bronn.Core.Data;

/// <summary>LISTEN on a PostgreSQL channel for as long as asked, reconnecting with back-off when the connection is lost.</summary>
public static class PostgresChannel
{
    /// <param name="listening">Called each time the LISTEN is in place (first and after every reconnect).</param>
    public static async Task ListenAsync(string? connectionString, string channel, Action<string> heard, ILogger logger, CancellationToken ct,
        Action? listening = null)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => heard(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }
                listening?.Invoke();
                delay = TimeSpan.FromSeconds(1);
                while (!ct.IsCancellationRequested)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                logger.LogWarning("Lost the {Channel} channel ({Reason}); reconnecting in {Delay}", channel, ex.Message, delay);
                await Task.Delay(delay, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
