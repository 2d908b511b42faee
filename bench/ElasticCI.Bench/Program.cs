using System.Collections.Concurrent;
using System.Globalization;
using ElasticCI.Bench;

if (args.Length > 0 && args[0] == "failover")
{
    return await FailoverBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "replicas")
{
    return await ReplicaThroughputBench.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "throughput")
{
    return await RunThroughputAsync(args[1..]);
}

var options = BenchOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

var results = new List<BenchResult>();
var longPoll = await DispatchBench.RunAsync(
    new BenchRun("long-poll", options.Jobs, options.Agents, options.Interval, PollInterval: null, JobPollTimeout: TimeSpan.FromSeconds(25)),
    stopping.Token);
results.Add(longPoll);
if (options.Postgres is not null)
{
    // The same run on PostgreSQL, in the same process and minute, so the two stores are compared under the same load.
    await using var postgres = await BenchPostgres.StartAsync(options.Postgres);
    results.Add(await DispatchBench.RunAsync(
        new BenchRun("long-poll (PostgreSQL)", options.Jobs, options.Agents, options.Interval, PollInterval: null, JobPollTimeout: TimeSpan.FromSeconds(25),
            Store: await postgres.CreateDatabaseUrlAsync()),
        stopping.Token));
}

BenchResult? baseline = null;
if (!options.SkipBaseline)
{
    baseline = await DispatchBench.RunAsync(
        new BenchRun("10 s poller (baseline)", options.BaselineJobs, options.Agents, TimeSpan.Zero,
            PollInterval: TimeSpan.FromSeconds(10), JobPollTimeout: TimeSpan.FromMilliseconds(50)),
        stopping.Token);
    results.Add(baseline);
}

Report.Write(Console.Out, results, longPoll, baseline);
return 0;

static async Task<int> RunThroughputAsync(string[] args)
{
    var sizes = new List<int> { 10, 50, 500, 2000 };
    var jobs = 1000;
    var agents = 32;
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        var ok = args[i] switch
        {
            "--sizes" => TryParseList(args[i + 1], out sizes),
            "--jobs" => int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out jobs) && jobs > 0,
            "--agents" => int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out agents) && agents > 0,
            _ => false,
        };
        if (!ok)
        {
            await Console.Error.WriteLineAsync("usage: ElasticCI.Bench throughput [--sizes 10,50,500,2000] [--jobs 1000] [--agents 32]");
            return 2;
        }
    }
    if (args.Length % 2 != 0)
    {
        await Console.Error.WriteLineAsync("usage: ElasticCI.Bench throughput [--sizes 10,50,500,2000] [--jobs 1000] [--agents 32]");
        return 2;
    }
    var rows = new List<ThroughputBench.Row>();
    foreach (var size in sizes)
    {
        rows.Add(await ThroughputBench.RunAsync(size, jobs, agents, CancellationToken.None));
    }
    ThroughputBench.Write(Console.Out, rows, agents);
    return 0;
}

static bool TryParseList(string text, out List<int> values)
{
    values = [];
    foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
    {
        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }
        values.Add(value);
    }
    return values.Count > 0;
}

namespace ElasticCI.Bench
{
    /// <summary>Command-line options of the benchmark.</summary>
    internal sealed record BenchOptions(int Jobs, int Agents, int BaselineJobs, TimeSpan Interval, bool SkipBaseline)
    {
        /// <summary>Also measure on PostgreSQL: <c>local</c> (a throwaway server started here) or the URL of an empty database.</summary>
        public string? Postgres { get; init; }

        public const string Usage = """
            usage: ElasticCI.Bench [--jobs N] [--agents N] [--baseline-jobs N] [--interval-ms MS] [--skip-baseline]
              --jobs N                 jobs for the long-poll run (default 1000)
              --agents N               idle connected agents (default 8)
              --baseline-jobs N        jobs for the 10 s poller baseline, one at a time (default 40, ~75 s)
              --interval-ms MS         pause between job submissions, long-poll run (default 3)
              --skip-baseline          run only the long-poll measurement
              --postgres local|URL     also run the long-poll measurement on PostgreSQL: a throwaway local server
                                       (Debian postgresql), or the postgres:// URL of an empty database
            """;

        public static BenchOptions? Parse(string[] args)
        {
            var result = new BenchOptions(1000, 8, 40, TimeSpan.FromMilliseconds(3), false);
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--skip-baseline":
                        result = result with { SkipBaseline = true };
                        break;
                    case "--postgres":
                        if (i + 1 >= args.Length)
                        {
                            return null;
                        }
                        result = result with { Postgres = args[++i] };
                        break;
                    case "--jobs" or "--agents" or "--baseline-jobs" or "--interval-ms":
                        if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                            || (value <= 0 && !args[i].EndsWith("-ms", StringComparison.Ordinal)))
                        {
                            return null;
                        }
                        result = args[i] switch
                        {
                            "--jobs" => result with { Jobs = value },
                            "--agents" => result with { Agents = value },
                            "--baseline-jobs" => result with { BaselineJobs = value },
                            _ => result with { Interval = TimeSpan.FromMilliseconds(value) },
                        };
                        i++;
                        break;
                    default:
                        return null;
                }
            }
            return result;
        }
    }

    /// <summary>One measurement: how many jobs and agents, how they are paced, and how the agents look for work.</summary>
    /// <param name="PollInterval">Null: agents long-poll <c>jobs/next</c> back to back. Otherwise: each agent asks only at its tick.</param>
    /// <param name="Store">Null: SQLite. Otherwise the PostgreSQL URL of an empty database.</param>
    internal sealed record BenchRun(string Name, int Jobs, int Agents, TimeSpan Interval, TimeSpan? PollInterval, TimeSpan JobPollTimeout, string? Store = null);

    /// <summary>Latencies (ms) of one run.</summary>
    /// <param name="Latencies">Agent receive time minus the job's <c>Times.ScheduledAt</c>.</param>
    /// <param name="SubmitToReceive">Agent receive time minus the moment the client sent the create-build request.</param>
    /// <param name="Elapsed">First submission to last receipt.</param>
    /// <param name="SubmitSpan">First submission to last submission (create-build calls are sequential, so this bounds the pace).</param>
    /// <param name="SubmittedWhileBusy">Jobs submitted while every agent was busy with an earlier job (they queue).</param>
    internal sealed record BenchResult(BenchRun Run, double[] Latencies, double[] SubmitToReceive, TimeSpan Elapsed, TimeSpan SubmitSpan, int SubmittedWhileBusy)
    {
        public double Throughput => Latencies.Length / Elapsed.TotalSeconds;

        public double AchievedIntervalMs => Latencies.Length > 1 ? SubmitSpan.TotalMilliseconds / (Latencies.Length - 1) : 0;
    }

    /// <summary>What the benchmark knows about one job.</summary>
    internal sealed class JobTiming
    {
        public DateTimeOffset? SubmittedAt { get; set; }

        public DateTimeOffset? ScheduledAt { get; set; }

        public DateTimeOffset? ReceivedAt { get; set; }
    }

    /// <summary>Shared state of one run: timings by job id, the busy-agent count and the "all received" signal.</summary>
    internal sealed class RunState(int jobs)
    {
        private readonly TaskCompletionSource _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _received;
        private int _busy;

        public ConcurrentDictionary<string, JobTiming> Jobs { get; } = new(StringComparer.Ordinal);

        public Task AllReceived => _allReceived.Task;

        public int Busy => Volatile.Read(ref _busy);

        public int ReceivedCount => Volatile.Read(ref _received);

        public JobTiming For(string jobId) => Jobs.GetOrAdd(jobId, _ => new JobTiming());

        public void Received(string jobId, DateTimeOffset at)
        {
            Interlocked.Increment(ref _busy);
            var timing = For(jobId);
            lock (timing)
            {
                timing.ReceivedAt = at;
            }
            if (Interlocked.Increment(ref _received) == jobs)
            {
                _allReceived.TrySetResult();
            }
        }

        public void Idle() => Interlocked.Decrement(ref _busy);
    }
}
