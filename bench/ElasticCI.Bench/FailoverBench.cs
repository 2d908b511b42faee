using System.Diagnostics;
using System.Globalization;
using ElasticCI.Cluster;
using ElasticCI.Cluster.Postgres;
using ElasticCI.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCI.Bench;

/// <summary>
/// <c>ElasticCI.Bench failover</c>: on a throwaway PostgreSQL server (the tests' fixture), the leader lease with its
/// default settings (lease 8 s, renewal 2 s): the leader replica is killed (its loop stops, the lease is not released)
/// at a random point of its renewal cycle, and the time until another replica leads is measured; then the
/// LISTEN/NOTIFY cluster signal's cross-replica wake-up latency.
/// </summary>
internal static class FailoverBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var trials = args.Length == 2 && args[0] == "--trials" && int.TryParse(args[1], CultureInfo.InvariantCulture, out var t) && t > 0 ? t
            : args.Length == 0 ? 10 : -1;
        if (trials < 0)
        {
            await Console.Error.WriteLineAsync("usage: ElasticCI.Bench failover [--trials 10]");
            return 2;
        }
        var server = new PostgresServerFixture();
        await server.InitializeAsync();
        try
        {
            var options = new PostgresClusterOptions { ConnectionString = server.ConnectionString(await server.CreateDatabaseAsync()) };
            var failovers = await MeasureFailoverAsync(options, trials);
            var wakeups = await MeasureWakeupsAsync(options, 500);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failover (leader killed → another replica leads), lease {options.LeaseDuration.TotalSeconds} s, renew {options.RenewInterval.TotalSeconds} s, {trials} trials:"));
            Console.WriteLine("  " + string.Join(" ", failovers.Select(f => f.ToString("0.00", CultureInfo.InvariantCulture))) + " s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  min {failovers.Min():0.00} s, median {Percentile(failovers, 0.5):0.00} s, max {failovers.Max():0.00} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cross-replica wake-up (raise on A → waiter on B), {wakeups.Count} pulses: p50 {Percentile(wakeups, 0.5):0.00} ms, p99 {Percentile(wakeups, 0.99):0.00} ms, max {wakeups.Max():0.00} ms"));
            return 0;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<List<double>> MeasureFailoverAsync(PostgresClusterOptions options, int trials)
    {
        var replicas = new List<PostgresLeaderLease>();
        for (var i = 0; i < 3; i++)
        {
            replicas.Add(Lease(options, $"bench-{i}"));
            await replicas[^1].StartAsync(CancellationToken.None);
        }
        var results = new List<double>();
        var next = replicas.Count;
        for (var trial = 0; trial < trials; trial++)
        {
            var leader = await WaitForLeaderAsync(replicas);
            // Killed at a random point of its renewal cycle.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next((int)options.RenewInterval.TotalMilliseconds)));
            var clock = Stopwatch.StartNew();
            leader.Dispose();
            replicas.Remove(leader);
            await WaitForLeaderAsync(replicas);
            results.Add(clock.Elapsed.TotalSeconds);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trial {trial + 1}: {results[^1]:0.00} s"));
            replicas.Add(Lease(options, $"bench-{next++}"));
            await replicas[^1].StartAsync(CancellationToken.None);
        }
        foreach (var replica in replicas)
        {
            await replica.StopAsync(CancellationToken.None);
            replica.Dispose();
        }
        return results;
    }

    private static async Task<PostgresLeaderLease> WaitForLeaderAsync(List<PostgresLeaderLease> replicas)
    {
        while (true)
        {
            var changed = Task.WhenAny(replicas.Select(r => r.Changed));
            if (replicas.FirstOrDefault(r => r.CurrentTerm is not null) is { } leader)
            {
                return leader;
            }
            await changed.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static async Task<List<double>> MeasureWakeupsAsync(PostgresClusterOptions options, int pulses)
    {
        var (a, relayA) = Signal(options);
        var (b, relayB) = Signal(options);
        await relayA.StartAsync(CancellationToken.None);
        await relayB.StartAsync(CancellationToken.None);
        while (relayA.Listens == 0 || relayB.Listens == 0)
        {
            await Task.Delay(10);
        }
        var latencies = new List<double>();
        for (var i = 0; i < pulses; i++)
        {
            var changed = b.Changed;
            var clock = Stopwatch.StartNew();
            a.Raise();
            await changed.WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        await relayA.StopAsync(CancellationToken.None);
        await relayB.StopAsync(CancellationToken.None);
        return latencies;
    }

    private static PostgresLeaderLease Lease(PostgresClusterOptions options, string replica)
        => new(new PostgresClusterDatabase(options), options, new ReplicaIdentity(replica), TimeProvider.System, NullLogger<PostgresLeaderLease>.Instance);

    private static (PostgresClusterSignal, PostgresSignalRelay) Signal(PostgresClusterOptions options)
    {
        var signal = new PostgresClusterSignal();
        return (signal, new PostgresSignalRelay(signal, new PostgresClusterDatabase(options), options, TimeProvider.System, NullLogger<PostgresSignalRelay>.Instance));
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
    }
}
