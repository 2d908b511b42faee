using System.Diagnostics;
using ElasticCI.Cluster;
using ElasticCI.Cluster.Postgres;
using ElasticCI.Coordinator.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>The leader lease on a real PostgreSQL: one leader at a time, failover after a leader stops renewing, fencing of the old one.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresLeaderLeaseTests(PostgresServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task RunOnce_TwoReplicasAtOnce_ExactlyOneLeads()
    {
        var options = ClusterParts.Options(server.ConnectionString(await server.CreateDatabaseAsync()));
        using var a = ClusterParts.Lease(options, "replica-a");
        using var b = ClusterParts.Lease(options, "replica-b");

        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(a.RunOnceAsync(CancellationToken.None), b.RunOnceAsync(CancellationToken.None));
            Assert.True((a.CurrentTerm is null) != (b.CurrentTerm is null), $"round {round}: exactly one replica leads");
        }
        var (leader, follower) = a.CurrentTerm is not null ? (a, b) : (b, a);
        var recorded = await follower.ReadLeaderAsync(CancellationToken.None);
        Assert.NotNull(recorded);
        Assert.Equal(leader.ReplicaId, recorded.Replica);
        // Renewals keep the term: the epoch only grows with a new leader.
        Assert.Equal(leader.CurrentTerm!.Epoch, recorded.Epoch);
    }

    [Fact]
    public async Task RunOnce_LeaderStopsRenewing_OtherLeadsAfterTheLeaseAndTheOldOneIsFenced()
    {
        var options = ClusterParts.Options(server.ConnectionString(await server.CreateDatabaseAsync()));
        using var a = ClusterParts.Lease(options, "replica-a");
        using var b = ClusterParts.Lease(options, "replica-b");
        await a.RunOnceAsync(CancellationToken.None);
        var oldTerm = Assert.IsType<LeaderTerm>(a.CurrentTerm);
        var gateA = new LeaderGate(a, TimeProvider.System, NullLogger<LeaderGate>.Instance);
        Assert.True(gateA.IsLeading);

        // A is paused from here (its loop never runs again); B retries on its own schedule until it takes the lease.
        var paused = Stopwatch.StartNew();
        var delay = await b.RunOnceAsync(CancellationToken.None);
        Assert.Null(b.CurrentTerm);
        while (b.CurrentTerm is null)
        {
            Assert.True(paused.Elapsed < TimeSpan.FromSeconds(30), "B never took the expired lease");
            await Task.Delay(delay);
            delay = await b.RunOnceAsync(CancellationToken.None);
        }
        var failover = paused.Elapsed;
        output.WriteLine($"failover after the leader stopped renewing: {failover.TotalMilliseconds:0} ms (lease {options.LeaseDuration.TotalSeconds} s)");
        Assert.True(failover >= options.LeaseDuration - TimeSpan.FromMilliseconds(100), $"B took the lease after {failover}, before A's lease of {options.LeaseDuration} ran out");
        var newTerm = b.CurrentTerm!;
        Assert.True(newTerm.Epoch > oldTerm.Epoch);

        // A resumes: by the clock alone, before its loop runs, it no longer leads, so its guarded action is refused.
        Assert.Null(a.CurrentTerm);
        Assert.False(gateA.IsLeading);
        // Its renewal is a compare-and-set on its stale epoch: refused, and B's term stands.
        await a.RunOnceAsync(CancellationToken.None);
        Assert.Null(a.CurrentTerm);
        Assert.Equal(newTerm.Epoch, b.CurrentTerm?.Epoch);
        var recorded = await a.ReadLeaderAsync(CancellationToken.None);
        Assert.Equal(("replica-b", newTerm.Epoch), (recorded?.Replica, recorded?.Epoch));
    }

    // Was skipped (issue 11) because it failed whenever replica-0 led first (chance, and more often in the whole project's run):
    // the test put the new lease at index 0 but started replicas[^1], the follower that had just taken over. That second
    // start ran a second loop which the kill could not stop (Dispose cancels only the newest start's token), so the "killed"
    // leader renewed for ever and the new lease never ran. The test now starts the lease it made, and a lease refuses a
    // second start (PostgresLeaderLeaseFaultTests).
    [Fact]
    public async Task Loop_LeaderKilledOrStopped_OtherTakesOverWithinTheLease()
    {
        var connectionString = server.ConnectionString(await server.CreateDatabaseAsync());
        var options = ClusterParts.Options(connectionString);
        var times = new List<double>();
        var replicas = new List<PostgresLeaderLease> { Lease(options, "replica-0"), Lease(options, "replica-1") };
        foreach (var replica in replicas)
        {
            await replica.StartAsync(CancellationToken.None);
        }
        for (var trial = 0; trial < 3; trial++)
        {
            await ClusterParts.WaitUntilAsync(() => replicas.Count(r => r.CurrentTerm is not null) == 1, "a leader");
            var leader = replicas.Single(r => r.CurrentTerm is not null);
            var follower = replicas.Single(r => r != leader);
            var gained = follower.Changed;
            var clock = Stopwatch.StartNew();
            // Dispose is a kill: the loop stops without releasing the lease.
            leader.Dispose();
            try
            {
                await ClusterParts.WaitUntilAsync(() => follower.CurrentTerm is not null, "the follower to take over");
            }
            catch (Xunit.Sdk.XunitException)
            {
                await LeaseDiagnostics.WriteAsync(output, connectionString, [leader, .. replicas]);
                throw;
            }
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.True(gained.IsCompleted);
            var fresh = Lease(options, $"replica-{trial + 2}");
            replicas[replicas.IndexOf(leader)] = fresh;
            await fresh.StartAsync(CancellationToken.None);
            replicas.Reverse();
        }
        output.WriteLine($"failover (kill) ms with a {options.LeaseDuration.TotalSeconds} s lease: {string.Join(", ", times.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.All(times, t => Assert.True(t < (options.LeaseDuration + options.RenewInterval * 4).TotalMilliseconds, $"failover took {t} ms"));

        // A clean stop releases the lease: the other replica takes over at once, not after the lease.
        var current = replicas.Single(r => r.CurrentTerm is not null);
        var other = replicas.Single(r => r != current);
        var stop = Stopwatch.StartNew();
        await current.StopAsync(CancellationToken.None);
        await ClusterParts.WaitUntilAsync(() => other.CurrentTerm is not null, "the other replica after a clean stop");
        output.WriteLine($"takeover after a clean stop: {stop.ElapsedMilliseconds} ms");
        Assert.True(stop.Elapsed < options.LeaseDuration, $"takeover after release took {stop.Elapsed}");
        foreach (var replica in replicas)
        {
            await replica.StopAsync(CancellationToken.None);
            replica.Dispose();
        }
    }

    private PostgresLeaderLease Lease(PostgresClusterOptions options, string replica)
        => ClusterParts.Lease(options, replica, new OutputLogger<PostgresLeaderLease>(output, replica));

    [Fact]
    public async Task EnsureSchema_CalledByManyReplicasAtOnce_CreatesOneTableAndRow()
    {
        var connectionString = server.ConnectionString(await server.CreateDatabaseAsync());
        var options = ClusterParts.Options(connectionString);
        var leases = Enumerable.Range(0, 6).Select(i => ClusterParts.Lease(options, $"r{i}")).ToList();

        await Task.WhenAll(leases.Select(l => l.RunOnceAsync(CancellationToken.None)));

        Assert.Single(leases, l => l.CurrentTerm is not null);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM leader_lease", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
        leases.ForEach(l => l.Dispose());
    }
}
