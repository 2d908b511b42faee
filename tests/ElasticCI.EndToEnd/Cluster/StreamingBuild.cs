using System.Globalization;
using System.Text.RegularExpressions;
using ElasticCI.Protocol.Builds;
using ElasticCI.Testing;

namespace ElasticCI.EndToEnd.Cluster;

/// <summary>
/// A build whose jobs stream numbered log lines for a while and record start/end markers in a shared file, and the
/// checks that nothing acknowledged was lost across a fault: the build passed, each job's log has every line exactly
/// once, and each job ran exactly once (one start, then one end).
/// </summary>
internal sealed partial class StreamingBuild
{
    public const int Lines = 80;

    private StreamingBuild(string markers, string id)
    {
        Markers = markers;
        Id = id;
    }

    public string Markers { get; }

    public string Id { get; }

    /// <summary>Creates a build of <paramref name="jobs"/> such jobs through <paramref name="replica"/>.</summary>
    public static async Task<StreamingBuild> CreateAsync(ClusterRun cluster, ClusterReplica replica, int jobs)
    {
        var markers = Path.Combine(cluster.Root, "markers");
        var command = $"echo \"start $$BUILDKITE_JOB_ID\" >> {markers}; for i in $$(seq 1 {Lines}); do printf 'line-%03d\\n' $$i; sleep 0.2; done; echo \"end $$BUILDKITE_JOB_ID\" >> {markers}";
        var yaml = "steps:\n" + string.Concat(Enumerable.Range(0, jobs).Select(i => $"  - label: stream-{i}\n    command: \"{command.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n"));
        var created = await replica.Client.CreateBuildAsync(new CreateBuildRequest("streaming", yaml), CancellationToken.None);
        return new StreamingBuild(markers, created.Id);
    }

    /// <summary>Waits until every job runs and has streamed its first lines to the coordinators.</summary>
    public async Task WaitStreamingAsync(ClusterReplica replica)
    {
        var build = await BuildRuns.WaitForAsync(replica.Client, Id, b => b.Jobs.All(j => j.State == "running"), TimeSpan.FromMinutes(2));
        foreach (var job in build.Jobs)
        {
            await Eventually.TrueAsync(async () => (await BuildRuns.LogAsync(replica.Client, job.Id)).Contains("line-005", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>Waits for the build to finish through <paramref name="replica"/> and asserts nothing was lost or run twice.</summary>
    public async Task AssertCompleteAsync(ClusterReplica replica, ClusterRun cluster)
    {
        var build = await BuildRuns.WaitForAsync(replica.Client, Id, b => b.State is "passed" or "failed", TimeSpan.FromMinutes(3));
        Assert.True(build.State == "passed", $"build {build.State}: " + string.Join(", ", build.Jobs.Select(j => $"{j.Label}={j.State}")) + "\n" + cluster.Diagnostics());
        foreach (var job in build.Jobs)
        {
            var log = await BuildRuns.LogAsync(replica.Client, job.Id);
            var counts = LineNumber().Matches(log).GroupBy(m => m.Value).ToDictionary(g => g.Key, g => g.Count());
            for (var i = 1; i <= Lines; i++)
            {
                var line = "line-" + i.ToString("D3", CultureInfo.InvariantCulture);
                Assert.True(counts.GetValueOrDefault(line) == 1, $"{job.Label}: {line} appears {counts.GetValueOrDefault(line)} times in the log:\n{log}");
            }
        }
        // Each job: exactly one start, then exactly one end; two runs at once would show two starts.
        var markers = (await File.ReadAllLinesAsync(Markers)).Where(l => l.Length > 0).ToList();
        foreach (var job in build.Jobs)
        {
            var mine = markers.Where(l => l.EndsWith(" " + job.Id, StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList();
            Assert.Equal(["start", "end"], mine);
        }
        Assert.Equal(build.Jobs.Count * 2, markers.Count);
    }

    [GeneratedRegex(@"line-\d{3}")]
    private static partial Regex LineNumber();
}
