using System.Diagnostics;
using ElasticCI.Protocol.Builds;
using ElasticCI.Scaling;
using Npgsql;
using Xunit.Abstractions;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// Issue 11's "no duplicate launches" across a leader change, for a launch in flight when the leader's term ends: two
/// coordinator hosts on one real PostgreSQL store share a cloud whose machines run real agents over HTTP. Leader A stores
/// a launch and is then held (a blocked write, or a slow provider call) past its lease while replica B takes over. Each
/// test ends with as many machines running as jobs needed.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class LaunchFencingTests(PostgresServerFixture server, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FenceReplicas _replicas = new(server);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _replicas.DisposeAsync().AsTask();

    [Fact]
    public async Task Launch_LeaderHeldPastItsLeaseBeforeTheProviderCall_IsNotMadeAndTheNewLeaderReplacesItAfterTheGrace()
    {
        var database = await server.CreateDatabaseAsync();
        var (a, b) = await _replicas.StartPairAsync(database, launchCallBound: TimeSpan.FromSeconds(1));
        // A slow database under the leader's launch: the write of the instance's credential (its last before the provider
        // call) waits on a lock the test holds. The lease row stays locked by that write's fence check, so no renewal and
        // no takeover gets through until it ends: by then A's term has run out by its own clock.
        await using var blocker = new NpgsqlConnection(server.ConnectionString(database));
        await blocker.OpenAsync();
        await using var block = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE instance_credentials IN ACCESS EXCLUSIVE MODE", blocker, block))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        var build = await ReplicasTests.ClientOf(a.App).CreateBuildAsync(new CreateBuildRequest("held", FenceReplicas.Steps(1)), CancellationToken.None);
        await WaitForBlockedCredentialWriteAsync(blocker);
        var stored = Assert.Single(await FenceReplicas.InstancesAsync(b));
        // The pause also stops A's lease loop (a GC pause or SIGSTOP stops every thread); A's term ends by the clock.
        a.Lease.Dispose();
        await ClusterParts.WaitUntilAsync(() => a.Lease.CurrentTerm is null, "replica A's term to run out", TimeSpan.FromSeconds(30));
        await block.RollbackAsync();

        await ClusterParts.WaitUntilAsync(() => b.Lease.CurrentTerm is not null, "replica B to take over", TimeSpan.FromSeconds(60));
        await ClusterParts.WaitUntilAsync(() => _replicas.Cloud.Holding == 1, "an agent to run the job", TimeSpan.FromSeconds(90));
        await _replicas.FinishAsync(b, build.Id);

        var events = await FenceReplicas.EventsAsync(b);
        output.WriteLine(string.Join(Environment.NewLine, events.Select(e => $"{e.At:HH:mm:ss.fff} {e.Action} {e.InstanceId}: {e.Reason}")));
        Assert.Equal((0, 1), (a.Provider.Launches, b.Provider.Launches));
        Assert.Equal(1, _replicas.Cloud.Cloud.Launches);
        Assert.Equal(1, _replicas.RunningMachines);
        // One record says why the stored launch never ran. Either A wrote it itself ("launch-fenced": its term ended by its
        // own clock, which runs out a little before the database's lease, so that write could still land), or the
        // database refused that write too and B gave the row up after the grace window. Both leave one machine.
        var given = Assert.Single(events, e => e.InstanceId == stored.Id && (e.Action is "terminated" or "launch-fenced"));
        Assert.True(given.Action == "launch-fenced" || given.Reason.Contains("does not know it", StringComparison.Ordinal), given.Reason);
        Assert.Equal(2, events.Count(e => e.Action == "launch"));
        Assert.DoesNotContain(events, e => e.Action is "orphan-terminated" or "launch-failed" or "boot-timeout");
        Assert.Single(_replicas.Cloud.JobsHanded);
    }

    [Fact]
    public async Task Reconcile_NewLeaderWithinTheGraceWindow_LeavesTheOldLeadersLaunchInFlightAlone()
    {
        var database = await server.CreateDatabaseAsync();
        var (a, b) = await _replicas.StartPairAsync(database, launchCallBound: TimeSpan.FromSeconds(20));
        a.Provider.PauseNextLaunch();
        var build = await ReplicasTests.ClientOf(a.App).CreateBuildAsync(new CreateBuildRequest("slow-call", FenceReplicas.Steps(1)), CancellationToken.None);
        var instance = await a.Provider.Entered.WaitAsync(TimeSpan.FromSeconds(60));
        // The provider call started in time; now the leader is lost while the cloud API still works on it.
        a.Lease.Dispose();
        await ClusterParts.WaitUntilAsync(() => a.Lease.CurrentTerm is null, "replica A's term to run out", TimeSpan.FromSeconds(30));
        await ClusterParts.WaitUntilAsync(() => b.Lease.CurrentTerm is not null, "replica B to take over", TimeSpan.FromSeconds(60));
        var led = Stopwatch.StartNew();
        // B's scaler and reconcile run every second: a few of their passes within the 22 s grace window.
        await ClusterParts.WaitUntilAsync(() => led.Elapsed > TimeSpan.FromSeconds(4), "a few passes of the new leader");
        var pending = Assert.Single(await FenceReplicas.InstancesAsync(b));
        Assert.Equal((instance, InstanceState.Pending), (pending.Id, pending.State));
        Assert.Equal(0, b.Provider.Launches);

        a.Provider.Resume();
        await ClusterParts.WaitUntilAsync(() => _replicas.Cloud.Holding == 1, "the slow launch's agent to run the job", TimeSpan.FromSeconds(90));
        await _replicas.FinishAsync(b, build.Id);

        var events = await FenceReplicas.EventsAsync(b);
        output.WriteLine($"B led {led.ElapsedMilliseconds} ms; " + string.Join("; ", events.Select(e => $"{e.Action} {e.InstanceId}")));
        Assert.Equal((1, 0), (a.Provider.Launches, b.Provider.Launches));
        Assert.Equal(1, _replicas.Cloud.Cloud.Launches);
        Assert.Equal(1, _replicas.RunningMachines);
        Assert.Equal(1, events.Count(e => e.Action == "launch"));
        Assert.DoesNotContain(events, e => e.Action is "terminated" or "orphan-terminated" or "launch-fenced" or "boot-timeout");
    }

    [Fact]
    public async Task Reconcile_LateLaunchTheStoreMarkedTerminated_IsTerminatedAsAnOrphan()
    {
        var database = await server.CreateDatabaseAsync();
        var (a, b) = await _replicas.StartPairAsync(database, launchCallBound: TimeSpan.FromSeconds(1));
        a.Provider.PauseNextLaunch();
        var build = await ReplicasTests.ClientOf(a.App).CreateBuildAsync(new CreateBuildRequest("late", FenceReplicas.Steps(1)), CancellationToken.None);
        var late = await a.Provider.Entered.WaitAsync(TimeSpan.FromSeconds(60));
        a.Lease.Dispose();
        await ClusterParts.WaitUntilAsync(() => a.Lease.CurrentTerm is null, "replica A's term to run out", TimeSpan.FromSeconds(30));
        await ClusterParts.WaitUntilAsync(() => b.Lease.CurrentTerm is not null, "replica B to take over", TimeSpan.FromSeconds(60));
        // The call outlasts the grace window (lease 2 s + bound 1 s): B gives the row up and launches a replacement, whose
        // agent takes the job.
        await ClusterParts.WaitUntilAsync(() => _replicas.Cloud.Holding == 1, "the replacement's agent to run the job", TimeSpan.FromSeconds(90));
        Assert.Equal(InstanceState.Terminated, (await FenceReplicas.InstancesAsync(b)).Single(i => i.Id == late).State);

        // Then the slow call lands after all: a machine the store has terminated.
        a.Provider.Resume();
        await ClusterParts.WaitUntilAsync(() => _replicas.Cloud.Cloud.Instances.TryGetValue(late, out var s) && s.IsGone,
            "the reconcile to terminate the late machine", TimeSpan.FromSeconds(60));
        await _replicas.FinishAsync(b, build.Id);

        var events = await FenceReplicas.EventsAsync(b);
        output.WriteLine(string.Join(Environment.NewLine, events.Select(e => $"{e.At:HH:mm:ss.fff} {e.Action} {e.InstanceId}: {e.Reason}")));
        Assert.Equal((1, 1), (a.Provider.Launches, b.Provider.Launches));
        Assert.Equal(1, _replicas.RunningMachines);
        var orphan = Assert.Single(events, e => e.Action == "orphan-terminated");
        Assert.Equal(late, orphan.InstanceId);
        Assert.Contains("landed after its instance was given up", orphan.Reason, StringComparison.Ordinal);
        Assert.Equal(late, Assert.Single(events, e => e.Action == "terminated").InstanceId);
        Assert.Single(_replicas.Cloud.JobsHanded);
    }

    /// <summary>Waits until a session of this database waits for a lock on <c>instance_credentials</c> (the leader's launch).</summary>
    private static async Task WaitForBlockedCredentialWriteAsync(NpgsqlConnection connection)
    {
        await using var probe = new NpgsqlConnection(connection.ConnectionString);
        await probe.OpenAsync();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%instance_credentials%'
                """, probe);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the leader's launch never reached its credential write");
            await Task.Delay(20);
        }
    }
}
