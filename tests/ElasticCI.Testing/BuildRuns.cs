using System.Diagnostics;
using System.Text;
using ElasticCI.Client;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Testing;

/// <summary>"Run this YAML and give me the build and its log" over the public user API client.</summary>
public static class BuildRuns
{
    /// <summary>Creates a build of <paramref name="yaml"/>, waits until it has passed or failed, and returns it with every job's log in job order.</summary>
    public static async Task<(BuildDto Build, string Log)> RunAsync(CoordinatorClient client, string yaml, string pipeline = "test", TimeSpan? timeout = null)
    {
        var created = await client.CreateBuildAsync(new CreateBuildRequest(pipeline, yaml), CancellationToken.None);
        var build = await WaitForAsync(client, created.Id, b => b.State is "passed" or "failed", timeout);
        var log = new StringBuilder();
        foreach (var job in build.Jobs)
        {
            log.Append(await LogAsync(client, job.Id));
        }
        return (build, log.ToString());
    }

    /// <summary>Polls the build until <paramref name="done"/> holds; fails after <paramref name="timeout"/> (default 60 s) naming each job's state.</summary>
    public static async Task<BuildDto> WaitForAsync(CoordinatorClient client, string buildId, Func<BuildDto, bool> done, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        while (true)
        {
            var build = await client.GetBuildAsync(buildId, CancellationToken.None);
            if (done(build))
            {
                return build;
            }
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Build {buildId} did not reach the expected state; it is {build.State}: "
                    + string.Join(", ", build.Jobs.Select(j => $"{j.Label}={j.State}")));
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The whole log of a job, as UTF-8 text.</summary>
    public static async Task<string> LogAsync(CoordinatorClient client, string jobId)
        => Encoding.UTF8.GetString(await client.ReadJobLogAsync(jobId, 0, CancellationToken.None));
}
