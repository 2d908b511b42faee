using System.Collections.Concurrent;
using System.Diagnostics;
using ElasticCI.Cluster.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit.Abstractions;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// The lease loop on a real PostgreSQL when its statements block or fail: every statement is bounded well within the
/// lease, a term that cannot be renewed ends on the clock with a log line saying why, and the loop always goes on.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresLeaderLeaseFaultTests(PostgresServerFixture server, ITestOutputHelper output)
{
    private const string WaitingRenewal =
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE leader_lease%'";

    [Fact]
    public async Task Loop_RenewalBlockedByAnotherSessionsRowLock_TermEndsWithinTheLeaseAndIsTakenAgainAfter()
    {
        var connectionString = server.ConnectionString(await server.CreateDatabaseAsync());
        var options = ClusterParts.Options(connectionString);
        var log = new RecordingLogger(output, "replica-a");
        using var lease = ClusterParts.Lease(options, "replica-a", log);
        await RunLoggedAsync(lease, connectionString, async () =>
        {
            await ClusterParts.WaitUntilAsync(() => lease.CurrentTerm is not null, "replica-a to lead");
            var first = lease.CurrentTerm!.Epoch;
            var changed = lease.Changed;

            await using var blocker = await HoldLeaseRowAsync(connectionString, options.LeaseName);
            var blocked = Stopwatch.StartNew();
            // Every renewal sent before the row lock was taken has ended, so by the clock alone the term is over one lease later,
            // however long the blocked renewal would wait.
            await Task.Delay(options.LeaseDuration + TimeSpan.FromMilliseconds(20));
            Assert.Null(lease.CurrentTerm);
            // The blocked renewals end on the server's lock_timeout (a third of the lease), and the loop tries again.
            await ClusterParts.WaitUntilAsync(() => log.Failures.Count(f => f.Contains("55P03", StringComparison.Ordinal)) >= 2, "two renewals ended by the lock timeout");
            output.WriteLine($"first renewal ended by the lock timeout {log.FirstFailureAfter(blocked):0} ms after the row was locked (lease {options.LeaseDuration.TotalMilliseconds} ms)");
            // The loss is logged with its reason, and the term's duties are told (Changed).
            await ClusterParts.WaitUntilAsync(() => log.Lines.Any(l => l.EventId == ClusterPostgresEventIds.LeaseExpired), "the expiry to be logged");
            Assert.True(changed.IsCompleted);
            output.WriteLine($"logged: {log.Lines.First(l => l.EventId == ClusterPostgresEventIds.LeaseExpired).Message}");

            await blocker.DisposeAsync();
            await ClusterParts.WaitUntilAsync(() => lease.CurrentTerm?.Epoch > first, "replica-a to take the lease again once the lock is gone");
            Assert.False(lease.ExecuteTask!.IsCompleted);
        });
    }

    [Fact]
    public async Task Loop_ConnectionOfARenewalTerminated_LoopGoesOnAndLeadsAgain()
    {
        var connectionString = server.ConnectionString(await server.CreateDatabaseAsync());
        var options = ClusterParts.Options(connectionString);
        var log = new RecordingLogger(output, "replica-a");
        using var lease = ClusterParts.Lease(options, "replica-a", log);
        await RunLoggedAsync(lease, connectionString, async () =>
        {
            await ClusterParts.WaitUntilAsync(() => lease.CurrentTerm is not null, "replica-a to lead");
            var blocker = await HoldLeaseRowAsync(connectionString, options.LeaseName);
            // A renewal waiting for the row lock is terminated mid-statement (as a database restart or a dropped network would).
            await using var admin = new NpgsqlConnection(connectionString);
            await admin.OpenAsync();
            var terminated = false;
            var clock = Stopwatch.StartNew();
            while (!terminated)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no renewal ever waited for the row lock");
                await using var find = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM ({WaitingRenewal}) waiting", admin);
                terminated = await find.ExecuteScalarAsync() is true;
            }
            await ClusterParts.WaitUntilAsync(() => log.Failures.Any(f => !f.Contains("55P03", StringComparison.Ordinal)), "the terminated renewal to fail");
            output.WriteLine($"terminated renewal failed with: {log.Failures.First(f => !f.Contains("55P03", StringComparison.Ordinal))}");
            await blocker.DisposeAsync();

            await ClusterParts.WaitUntilAsync(() => lease.CurrentTerm is not null, "replica-a to lead again");
            // And it keeps renewing on new connections: the row's expiry moves on.
            var renewed = (await lease.ReadLeaderAsync(CancellationToken.None))?.ExpiresAt;
            clock.Restart();
            while ((await lease.ReadLeaderAsync(CancellationToken.None)) is not { Replica: "replica-a" } row || row.ExpiresAt <= renewed)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "replica-a did not renew after the failure");
                await Task.Delay(20);
            }
            Assert.False(lease.ExecuteTask!.IsCompleted);
        });
    }

    /// <summary>Starts <paramref name="lease"/>, runs <paramref name="body"/> and stops it; a failed assertion first writes the lease's state and the database's sessions.</summary>
    private async Task RunLoggedAsync(PostgresLeaderLease lease, string connectionString, Func<Task> body)
    {
        await lease.StartAsync(CancellationToken.None);
        try
        {
            await body();
        }
        catch (Xunit.Sdk.XunitException)
        {
            await LeaseDiagnostics.WriteAsync(output, connectionString, [lease]);
            throw;
        }
        await lease.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StartAsync_Twice_IsRefusedAndDisposeStopsTheOneLoop()
    {
        var options = ClusterParts.Options(server.ConnectionString(await server.CreateDatabaseAsync()));
        var lease = ClusterParts.Lease(options, "replica-a", new RecordingLogger(output, "replica-a"));
        await lease.StartAsync(CancellationToken.None);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => lease.StartAsync(CancellationToken.None));
        Assert.Contains("already started", refused.Message, StringComparison.Ordinal);
        await ClusterParts.WaitUntilAsync(() => lease.CurrentTerm is not null, "replica-a to lead");

        // Dispose is a kill: the one loop ends, nothing renews the row any more, and another replica takes it after the lease.
        lease.Dispose();
        await lease.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        using var other = ClusterParts.Lease(options, "replica-b", new RecordingLogger(output, "replica-b"));
        await other.StartAsync(CancellationToken.None);
        await ClusterParts.WaitUntilAsync(() => other.CurrentTerm is not null, "replica-b to take the lease");
        await other.StopAsync(CancellationToken.None);
    }

    /// <summary>Another session's open transaction holding the lease row <c>FOR UPDATE</c>; disposing it rolls back.</summary>
    private static async Task<NpgsqlConnection> HoldLeaseRowAsync(string connectionString, string leaseName)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var hold = new NpgsqlCommand("SELECT holder FROM leader_lease WHERE name = @name FOR UPDATE", connection, transaction);
        hold.Parameters.AddWithValue("name", leaseName);
        await hold.ExecuteScalarAsync();
        return connection;
    }

    /// <summary>Keeps every log line of one lease (and writes it to the test output, with the time).</summary>
    private sealed class RecordingLogger(ITestOutputHelper output, string name) : ILogger<PostgresLeaderLease>
    {
        private readonly ConcurrentQueue<(int EventId, string Message, long At)> _lines = new();
        private readonly OutputLogger<PostgresLeaderLease> _output = new(output, name);

        public IReadOnlyList<(int EventId, string Message, long At)> Lines => [.. _lines];

        public IEnumerable<string> Failures => Lines.Where(l => l.EventId == ClusterPostgresEventIds.LeaseAttemptFailed).Select(l => l.Message);

        /// <summary>Milliseconds from <paramref name="start"/> to the first failed attempt logged after it.</summary>
        public double FirstFailureAfter(Stopwatch start)
        {
            var startedAt = Stopwatch.GetTimestamp() - start.Elapsed.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
            var at = Lines.First(l => l.EventId == ClusterPostgresEventIds.LeaseAttemptFailed && l.At >= startedAt).At;
            return Stopwatch.GetElapsedTime(startedAt, at).TotalMilliseconds;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            _lines.Enqueue((eventId.Id, formatter(state, exception), Stopwatch.GetTimestamp()));
            _output.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
