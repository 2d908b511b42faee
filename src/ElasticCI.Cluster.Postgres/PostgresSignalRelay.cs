using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ElasticCI.Cluster.Postgres;

/// <summary>
/// Carries <see cref="PostgresClusterSignal"/> between replicas: sends <c>NOTIFY channel, origin</c> for local raises,
/// and keeps one dedicated connection in <c>LISTEN channel</c> whose notifications from other replicas pulse local
/// waiters. The listening connection is re-opened after it dies (server restart, network), with backoff; each time it
/// is listening again the local waiters are pulsed once, since a notification may have been missed meanwhile.
/// </summary>
internal sealed partial class PostgresSignalRelay(
    PostgresClusterSignal signal, PostgresClusterDatabase database, PostgresClusterOptions options, TimeProvider time,
    ILogger<PostgresSignalRelay> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private int _listens;

    /// <summary>How many times the listening connection has started listening (1 after start, +1 per reconnect).</summary>
    internal int Listens => Volatile.Read(ref _listens);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        // KeepAlive: a connection that silently died (no RST) is noticed within seconds, not at the next TCP timeout.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { KeepAlive = 5, Pooling = false, CommandTimeout = 0 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) =>
                {
                    if (e.Payload != signal.Origin)
                    {
                        signal.RaiseLocal();
                    }
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {options.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                failures = 0;
                Interlocked.Increment(ref _listens);
                signal.RaiseLocal();
                Log.Listening(logger, options.Channel);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                failures++;
                Log.ListenFailed(logger, failures < 3 ? LogLevel.Warning : LogLevel.Error, failures, ex.Message);
                await Task.Delay(Backoff(failures), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.Outbox.ReadAsync(stoppingToken);
                await using var command = database.DataSource.CreateCommand("SELECT pg_notify(@channel, @origin)");
                command.Parameters.AddWithValue("channel", options.Channel);
                command.Parameters.AddWithValue("origin", signal.Origin);
                await command.ExecuteNonQueryAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                // Sent again: the other replicas must still hear of the change (they also re-check on their own timers).
                failures++;
                Log.NotifyFailed(logger, failures < 3 ? LogLevel.Debug : LogLevel.Error, failures, ex.Message);
                signal.Requeue();
                await Task.Delay(Backoff(failures), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static TimeSpan Backoff(int failures)
    {
        var grown = TimeSpan.FromMilliseconds(100 * Math.Pow(2, Math.Min(failures, 10)));
        return grown > MaxBackoff ? MaxBackoff : grown;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ClusterPostgresEventIds.SignalListening, Level = LogLevel.Information, Message = "Cluster signal listening on channel {Channel}")]
        public static partial void Listening(ILogger logger, string channel);

        [LoggerMessage(EventId = ClusterPostgresEventIds.SignalListenFailed, Message = "Cluster signal listener failed {Count} time(s) in a row, reconnecting: {Message}")]
        public static partial void ListenFailed(ILogger logger, LogLevel level, int count, string message);

        [LoggerMessage(EventId = ClusterPostgresEventIds.SignalNotifyFailed, Message = "Cluster signal NOTIFY failed {Count} time(s) in a row, retrying: {Message}")]
        public static partial void NotifyFailed(ILogger logger, LogLevel level, int count, string message);
    }
}
