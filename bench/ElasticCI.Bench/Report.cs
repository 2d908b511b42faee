using System.Globalization;

namespace ElasticCI.Bench;

/// <summary>Writes the results as markdown tables.</summary>
internal static class Report
{
    public static void Write(TextWriter output, IReadOnlyList<BenchResult> results, BenchResult longPoll, BenchResult? baseline)
    {
        output.WriteLine("## Dispatch latency (job scheduled → agent received it), in-process coordinator (SQLite unless the mode says PostgreSQL)");
        output.WriteLine();
        output.WriteLine("| Mode | Jobs | Agents | Submit pacing (target / achieved) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | mean (ms) | Throughput (jobs/s) | Submitted while all busy |");
        output.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(Invariant($"| {r.Run.Name} | {r.Latencies.Length} | {r.Run.Agents} | {(r.Run.PollInterval is null ? Invariant($"{r.Run.Interval.TotalMilliseconds:0} ms / {r.AchievedIntervalMs:0.0} ms") : "one at a time")} | {Ms(Percentile(r.Latencies, 50))} | {Ms(Percentile(r.Latencies, 95))} | {Ms(Percentile(r.Latencies, 99))} | {Ms(r.Latencies[^1])} | {Ms(r.Latencies.Average())} | {r.Throughput:0.0} | {r.SubmittedWhileBusy} |"));
        }
        output.WriteLine();
        output.WriteLine("Client view (create-build request sent → agent received; includes the create request itself):");
        output.WriteLine();
        output.WriteLine("| Mode | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(Invariant($"| {r.Run.Name} | {Ms(Percentile(r.SubmitToReceive, 50))} | {Ms(Percentile(r.SubmitToReceive, 95))} | {Ms(Percentile(r.SubmitToReceive, 99))} | {Ms(r.SubmitToReceive[^1])} |"));
        }
        if (baseline is not null)
        {
            output.WriteLine();
            output.WriteLine("| Ratio (poller / long-poll) | p50 | p95 | p99 | max |");
            output.WriteLine("|---|---:|---:|---:|---:|");
            output.WriteLine(Invariant($"| scheduled → received | {Ratio(baseline.Latencies, longPoll.Latencies, 50)} | {Ratio(baseline.Latencies, longPoll.Latencies, 95)} | {Ratio(baseline.Latencies, longPoll.Latencies, 99)} | {Ratio(baseline.Latencies, longPoll.Latencies, 100)} |"));
        }
        output.WriteLine();
        output.WriteLine("ScheduledAt is stored with millisecond precision (truncated), so each latency may read up to 1 ms high.");
        output.Flush();
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string Ratio(double[] slow, double[] fast, double percent)
    {
        var denominator = Math.Max(Percentile(fast, percent), 0.001);
        return Invariant($"{Percentile(slow, percent) / denominator:0}×");
    }

    private static string Ms(double value) => value.ToString(value < 100 ? "0.00" : "0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
