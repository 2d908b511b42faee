using System.Diagnostics;
using ElasticCI.Cluster;
using ElasticCI.Coordinator.Hosting;
using ElasticCI.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// Fencing beyond the lease, on a real PostgreSQL store: a leader's once-only work carries its term's epoch, and the store's
/// write transaction checks it against the lease row, so a leader paused past its lease cannot land a write it had
/// decided before the pause, even one that does not observe its term's cancellation.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class WriteFencingTests(PostgresServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Write_LeaderPausedPastItsLeaseWhileAnotherTookIt_IsRefusedAndChangesNothing()
    {
        var connectionString = server.ConnectionString(await server.CreateDatabaseAsync());
        var options = ClusterParts.Options(connectionString);
        using var a = ClusterParts.Lease(options, "replica-a");
        using var b = ClusterParts.Lease(options, "replica-b");
        await using var store = await PostgresStore.OpenAsync(connectionString, CancellationToken.None);
        await a.RunOnceAsync(CancellationToken.None);
        var termA = Assert.IsType<LeaderTerm>(a.CurrentTerm);
        var gate = new LeaderGate(a, TimeProvider.System, NullLogger<LeaderGate>.Instance);

        var decided = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refused = new TaskCompletionSource<FenceVerdict>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var duty = gate.RunWhileLeadingAsync("paused-duty", async term =>
        {
            // A write of the current term lands.
            await store.AddInstanceAsync("before-pause", "cloud", DateTimeOffset.UnixEpoch, term);
            Assert.True(gate.IsLeading);
            decided.TrySetResult();
            // The pause (a GC, SIGSTOP): the write below was decided before it and does not look at the term's token.
            await resume.Task;
            try
            {
                await store.AddInstanceAsync("after-pause", "cloud", DateTimeOffset.UnixEpoch, CancellationToken.None);
            }
            catch (FencedWriteRefusedException ex)
            {
                refused.TrySetResult(ex.Verdict);
                throw;
            }
            refused.TrySetException(new InvalidOperationException("the paused leader's write landed"));
        }, stop.Token);
        await decided.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // While A is paused (its lease loop never runs again), B takes the lease once it has expired.
        var clock = Stopwatch.StartNew();
        while (b.CurrentTerm is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "B never took the expired lease");
            await Task.Delay(await b.RunOnceAsync(CancellationToken.None));
        }
        // B renews from here on, so its term outlasts the rest of the test.
        await b.StartAsync(CancellationToken.None);
        output.WriteLine($"B took the lease {clock.ElapsedMilliseconds} ms after A paused (lease {options.LeaseDuration.TotalSeconds} s); epochs A {termA.Epoch}, B {b.CurrentTerm!.Epoch}");

        resume.TrySetResult();
        var verdict = await refused.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new FenceVerdict(false, termA.Epoch, "replica-b", b.CurrentTerm!.Epoch), verdict);
        var instances = await store.ListInstancesAsync("cloud", DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(["before-pause"], instances.Select(i => i.Id));
        // The refusal ended A's term like a lost lease: the gate waits for a next term instead of failing or retrying.
        Assert.Null(a.CurrentTerm);
        Assert.False(duty.IsCompleted);
        // B's once-only work writes in its own term; writes outside any term (the API's) are never fenced.
        var gateB = new LeaderGate(b, TimeProvider.System, NullLogger<LeaderGate>.Instance);
        using var stopB = new CancellationTokenSource();
        var wroteB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dutyB = gateB.RunWhileLeadingAsync("duty-b", async term =>
        {
            await store.AddInstanceAsync("new-leader", "cloud", DateTimeOffset.UnixEpoch, term);
            wroteB.TrySetResult();
        }, stopB.Token);
        await wroteB.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await store.AddInstanceAsync("api-write", "cloud", DateTimeOffset.UnixEpoch, CancellationToken.None);
        instances = await store.ListInstancesAsync("cloud", DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(["api-write", "before-pause", "new-leader"], instances.Select(i => i.Id).Order(StringComparer.Ordinal));
        await stop.CancelAsync();
        await stopB.CancelAsync();
        await Task.WhenAll(duty, dutyB).WaitAsync(TimeSpan.FromSeconds(30));
        await b.StopAsync(CancellationToken.None);
    }
}
