using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>The LISTEN/NOTIFY cluster signal on a real PostgreSQL: a raise on one replica wakes waiters on another, also after a server restart.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresClusterSignalTests(PostgresServerFixture server, ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Raise_OnReplicaA_WakesWaiterOnReplicaB()
    {
        var options = ClusterParts.Options(server.ConnectionString(await server.CreateDatabaseAsync()));
        var (a, relayA) = ClusterParts.Signal(options);
        var (b, relayB) = ClusterParts.Signal(options);
        await relayA.StartAsync(CancellationToken.None);
        await relayB.StartAsync(CancellationToken.None);
        try
        {
            await ClusterParts.WaitUntilAsync(() => relayA.Listens == 1 && relayB.Listens == 1, "both relays listening");
            var latencies = new List<double>();
            for (var i = 0; i < 50; i++)
            {
                var changed = b.Changed;
                var clock = Stopwatch.StartNew();
                a.Raise();
                await changed.WaitAsync(Wait);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
            latencies.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cross-replica wake-up over {latencies.Count}: p50 {latencies[latencies.Count / 2]:0.00} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:0.00} ms, max {latencies[^1]:0.00} ms"));

            // And the other way round.
            var back = a.Changed;
            b.Raise();
            await back.WaitAsync(Wait);
        }
        finally
        {
            await relayA.StopAsync(CancellationToken.None);
            await relayB.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Raise_AfterServerRestart_WakesWaiterOnReplicaBAgain()
    {
        var options = ClusterParts.Options(server.ConnectionString(await server.CreateDatabaseAsync()));
        var (a, relayA) = ClusterParts.Signal(options);
        var (b, relayB) = ClusterParts.Signal(options);
        await relayA.StartAsync(CancellationToken.None);
        await relayB.StartAsync(CancellationToken.None);
        try
        {
            await ClusterParts.WaitUntilAsync(() => relayA.Listens == 1 && relayB.Listens == 1, "both relays listening");
            var reconnectPulse = b.Changed;

            await server.RestartAsync();
            // The fixture's own pooled connections died with the server too; later tests in the collection open fresh ones.
            Npgsql.NpgsqlConnection.ClearAllPools();

            // B's listener reconnects by itself and pulses its waiters once (a change may have been missed meanwhile).
            await ClusterParts.WaitUntilAsync(() => relayB.Listens == 2, "B listening again", TimeSpan.FromSeconds(60));
            await reconnectPulse.WaitAsync(Wait);
            // A raise now reaches B (A's pooled connections died with the server: the notification is retried).
            var changed = b.Changed;
            a.Raise();
            await changed.WaitAsync(Wait);
        }
        finally
        {
            await relayA.StopAsync(CancellationToken.None);
            await relayB.StopAsync(CancellationToken.None);
        }
    }
}
