using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ElasticCI.Cluster.Postgres;

/// <summary>
/// Leadership through a lease row in the shared database (<c>leader_lease</c>: holder, epoch, expires_at on the
/// database's clock). The leader renews every <see cref="PostgresClusterOptions.RenewInterval"/>; a follower takes the
/// lease once it has expired, in a new term with a higher epoch. Taking and renewing are one compare-and-set statement
/// on (holder, epoch, expiry), so two replicas never both hold a term.
/// </summary>
/// <remarks>
/// Fencing: this replica counts its lease from the moment it <em>sent</em> the renewal, on its own monotonic clock, which
/// ends no later than the database's <c>expires_at</c>; <see cref="CurrentTerm"/> compares against that clock on every
/// read, so a replica paused past its lease sees it lost before acting, even before this loop runs again. On a clean
/// stop the lease is released, so another replica takes over at once.
/// </remarks>
internal sealed partial class PostgresLeaderLease(
    PostgresClusterDatabase database, PostgresClusterOptions options, ReplicaIdentity replica, TimeProvider time,
    ILogger<PostgresLeaderLease> logger) : BackgroundService, ILeadership
{
    private const string AcquireOrRenew =
        """
        WITH attempt AS (
            UPDATE leader_lease
            SET holder = @me,
                epoch = CASE WHEN holder = @me AND epoch = @epoch AND expires_at > now() THEN epoch ELSE epoch + 1 END,
                expires_at = now() + make_interval(secs => @lease)
            WHERE name = @name
              -- Renew only the very term this replica holds, and only while it is valid; otherwise take an expired lease.
              AND ((holder = @me AND epoch = @epoch AND expires_at > now()) OR expires_at <= now())
            RETURNING holder, epoch, expires_at
        )
        SELECT holder, epoch, expires_at, now(), true FROM attempt
        UNION ALL
        SELECT holder, epoch, expires_at, now(), false FROM leader_lease WHERE name = @name AND NOT EXISTS (SELECT 1 FROM attempt)
        """;

    private readonly Lock _lock = new();
    private Held? _held;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _expiry;
    private int _failures;
    private string? _lastError;
    private int _started;

    public string ReplicaId => replica.Id;

    public LeaderTerm? CurrentTerm
    {
        get
        {
            var held = Volatile.Read(ref _held);
            return held is not null && time.GetTimestamp() < held.ValidUntil ? held.Term : null;
        }
    }

    public Task Changed => Volatile.Read(ref _changed).Task;

    public async Task<LeaderRecord?> ReadLeaderAsync(CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(options.LeaseName, cancellationToken);
        await using var command = database.DataSource.CreateCommand(
            "SELECT holder, epoch, expires_at FROM leader_lease WHERE name = @name AND expires_at > now()");
        command.Parameters.AddWithValue("name", options.LeaseName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new LeaderRecord(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = await RunOnceAsync(stoppingToken);
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Starts the loop; a lease runs one loop, so a second start is refused.</summary>
    /// <remarks>
    /// A second <see cref="BackgroundService.StartAsync"/> would run a second loop and replace the token that stop and
    /// dispose cancel: the first loop could then never be stopped, and this replica would renew its lease for ever.
    /// </remarks>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException($"The leader lease of replica {replica.Id} is already started; a lease runs one loop.");
        }
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ReleaseAsync(cancellationToken);
    }

    /// <summary>One attempt to renew this replica's term or take an expired lease; returns the wait until the next attempt.</summary>
    internal async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        // Taken before the statement is sent: the database's expires_at is at least this plus the lease.
        var sent = time.GetTimestamp();
        var sentAt = time.GetUtcNow();
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Half the lease, not the renewal interval: on a busy machine or database an attempt (a new connection, the
            // statement) can take longer than one interval, and cutting every one off would leave nobody leading. The
            // term is counted from `sent` on this replica's clock either way, so a slow renewal never stretches it.
            // A statement itself is bounded on the server (a third of the lease, a quarter for a lock wait: PostgresClusterDatabase),
            // so one blocked by another session's lock fails and is tried again instead of holding this loop past the lease.
            attempt.CancelAfter(options.LeaseDuration / 2);
            await database.EnsureSchemaAsync(options.LeaseName, attempt.Token);
            await using var command = database.DataSource.CreateCommand(AcquireOrRenew);
            command.Parameters.AddWithValue("me", replica.Id);
            command.Parameters.AddWithValue("epoch", CurrentTerm?.Epoch ?? -1L);
            command.Parameters.AddWithValue("lease", options.LeaseDuration.TotalSeconds);
            command.Parameters.AddWithValue("name", options.LeaseName);
            await using var reader = await command.ExecuteReaderAsync(attempt.Token);
            if (!await reader.ReadAsync(attempt.Token))
            {
                throw new InvalidOperationException($"leader_lease has no row '{options.LeaseName}'");
            }
            var (holder, epoch, expiresAt, now, mine) = (reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4));
            _failures = 0;
            _lastError = null;
            if (mine)
            {
                Hold(new Held(new LeaderTerm(epoch, sentAt + options.LeaseDuration), sent + Ticks(options.LeaseDuration)));
                return options.RenewInterval;
            }
            Lose(holder, epoch);
            // Try again just after the holder's lease runs out (on the database's clock), or at the renewal interval.
            var untilExpiry = expiresAt - now + TimeSpan.FromMilliseconds(20);
            return untilExpiry < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20)
                : untilExpiry > options.RenewInterval ? options.RenewInterval : untilExpiry;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Any failure (a refused or timed-out statement, a dropped connection, a bug) ends this attempt, never the loop:
            // an ended loop would leave this replica a follower for good, or a leader that stops renewing. The lease is still
            // counted on the clock: it is lost when it runs out (the expiry timer), not at the first error.
            _failures++;
            _lastError = $"{ex.GetType().Name}: {ex.Message}";
            Log.AttemptFailed(logger, _failures < 3 ? LogLevel.Debug : LogLevel.Error, _failures, ex.GetType().Name, ex.Message);
            var retry = TimeSpan.FromMilliseconds(Math.Min(options.RenewInterval.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(_failures, 10))));
            return retry;
        }
    }

    /// <summary>Gives the lease up (a clean stop), so another replica takes it at once instead of after it expires.</summary>
    internal async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (CurrentTerm is not { } term)
        {
            return;
        }
        Lose(null, term.Epoch);
        try
        {
            await using var command = database.DataSource.CreateCommand(
                "UPDATE leader_lease SET expires_at = now() - interval '1 millisecond' WHERE name = @name AND holder = @me AND epoch = @epoch");
            command.Parameters.AddWithValue("name", options.LeaseName);
            command.Parameters.AddWithValue("me", replica.Id);
            command.Parameters.AddWithValue("epoch", term.Epoch);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException or OperationCanceledException)
        {
            // It expires by itself within the lease duration.
            Log.ReleaseFailed(logger, ex.Message);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    public override void Dispose()
    {
        _expiry?.Dispose();
        base.Dispose();
    }

    private sealed record Held(LeaderTerm Term, long ValidUntil);
}
