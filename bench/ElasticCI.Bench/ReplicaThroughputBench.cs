using System.Diagnostics;
using System.Globalization;
using ElasticCI.Client;
using ElasticCI.Protocol.Agents;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Bench;

/// <summary>
/// <c>ElasticCI.Bench replicas</c>: dispatch throughput (claim + start + finish over HTTP, jobs/s) with 1, 2 and 3 real
/// <c>elastic-ci server</c> processes on one PostgreSQL database. Simulated agents are spread round-robin over the
/// replicas; builds of parallel <c>true</c> steps are created round-robin through them.
/// </summary>
internal static class ReplicaThroughputBench
{
    private const string Usage = "usage: ElasticCI.Bench replicas [--replicas 1,2,3] [--jobs 600] [--agents 12] [--build-size 50] [--postgres local|URL]";

    public static async Task<int> RunAsync(string[] args)
    {
        var counts = new List<int> { 1, 2, 3 };
        var (jobs, agents, size, postgres) = (600, 12, 50, "local");
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var ok = value is not null && args[i] switch
            {
                "--replicas" => TryList(value, out counts),
                "--jobs" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out jobs) && jobs > 0,
                "--agents" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out agents) && agents > 0,
                "--build-size" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is > 0 and <= 500,
                "--postgres" => (postgres = value) is { Length: > 0 },
                _ => false,
            };
            if (!ok)
            {
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }
        }
        await using var server = await BenchPostgres.StartAsync(postgres);
        var rows = new List<(int Replicas, int Jobs, TimeSpan Elapsed)>();
        foreach (var count in counts)
        {
            var store = await server.CreateDatabaseUrlAsync();
            var (total, elapsed) = await MeasureAsync(store, count, jobs, agents, size);
            rows.Add((count, total, elapsed));
        }
        Console.WriteLine($"## Dispatch throughput by replica count ({agents} simulated agents over HTTP, PostgreSQL, builds of {size} `true` jobs)");
        Console.WriteLine();
        Console.WriteLine("| replicas | jobs | elapsed s | jobs/s |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var (replicas, total, elapsed) in rows)
        {
            Console.WriteLine(FormattableString.Invariant($"| {replicas} | {total} | {elapsed.TotalSeconds:0.0} | {total / elapsed.TotalSeconds:0.0} |"));
        }
        return 0;
    }

    private static async Task<(int Jobs, TimeSpan Elapsed)> MeasureAsync(string store, int count, int jobs, int agents, int size)
    {
        var root = Directory.CreateTempSubdirectory("elastic-ci-bench-replicas-").FullName;
        var replicas = new List<ReplicaServer>();
        using var stop = new CancellationTokenSource();
        var loops = new List<Task>();
        var clients = new List<HttpClient>();
        try
        {
            await Console.Error.WriteLineAsync($"[replicas] starting {count} server(s)...");
            var starting = Enumerable.Range(0, count).Select(i => ReplicaServer.StartAsync(Path.Combine(root, $"r{i}"), $"r{i}", store)).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                replicas.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
            var builds = Math.Max(1, (jobs + size - 1) / size);
            var total = builds * size;
            var finished = 0;
            var allFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            for (var i = 0; i < agents; i++)
            {
                var http = new HttpClient { BaseAddress = new Uri(replicas[i % count].Url), Timeout = TimeSpan.FromSeconds(60) };
                clients.Add(http);
                var agent = new AgentApiClient(http);
                var registered = await agent.RegisterAsync(replicas[0].Token("agent-token"),
                    new RegisterAgentRequest($"bench-{i}", new Dictionary<string, string>(StringComparer.Ordinal) { ["queue"] = "default" }, null, "bench", Environment.ProcessId),
                    stop.Token);
                loops.Add(ThroughputBench.HeartbeatLoopAsync(agent, TimeSpan.FromSeconds(registered.HeartbeatIntervalSeconds), stop.Token));
                loops.Add(ThroughputBench.AgentLoopAsync(agent, http, size, () =>
                {
                    if (Interlocked.Increment(ref finished) == total)
                    {
                        allFinished.TrySetResult();
                    }
                }, stop.Token));
            }
            var submitters = replicas.Select(r =>
            {
                var http = new HttpClient { BaseAddress = new Uri(r.Url), Timeout = TimeSpan.FromMinutes(5) };
                clients.Add(http);
                return new CoordinatorClient(http, r.Token("api-token"));
            }).ToList();
            var pipeline = ThroughputBench.Steps(size);
            await Console.Error.WriteLineAsync($"[replicas] {count} replica(s): {builds} build(s) of {size} jobs to {agents} agents...");
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < builds; i++)
            {
                await submitters[i % count].CreateBuildAsync(new CreateBuildRequest("bench", pipeline, Message: $"bench build {i}"), stop.Token);
            }
            await allFinished.Task.WaitAsync(TimeSpan.FromMinutes(20));
            return (total, Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException)
        {
            foreach (var replica in replicas)
            {
                await Console.Error.WriteLineAsync(replica.Output);
            }
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
            foreach (var http in clients)
            {
                http.Dispose();
            }
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool TryList(string value, out List<int> list)
    {
        list = [];
        foreach (var part in value.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 9)
            {
                return false;
            }
            list.Add(n);
        }
        return list.Count > 0;
    }
}
