using System.Globalization;

namespace ElasticCI.Agent.Jobs.Docker;

/// <summary>
/// Stops and removes the containers a canceled (or timed-out) job started, before the job ends: detached ones
/// (<c>docker run -d</c>, <c>docker create</c>) and compose services (<c>docker compose up -d</c>), which its process
/// group's SIGTERM cannot reach because the engine, not the job, runs them.
/// </summary>
/// <remarks>
/// Which containers are the job's is decided by what the engine records, not by timing alone, so the other jobs
/// sharing the engine (<c>AgentsPerInstance</c> &gt; 1) keep theirs:
/// <list type="bullet">
/// <item>the instance's <c>docker</c> wrapper labels every <c>run</c> and <c>create</c> with
/// <c>elastic-ci.job=&lt;job id&gt;</c>: exact, whatever the job's concurrency;</item>
/// <item>compose (v1, and <c>docker compose</c> through the wrapper) talks to the engine's API directly and cannot be
/// labeled, but labels its containers with the project's working directory. A compose container is the job's when that
/// directory is inside this agent's build directory (one job at a time per agent) and it was created after the job
/// started (so a service an earlier job of this agent left running stays).</item>
/// </list>
/// Containers made by other API clients, or by compose from a directory outside the build directory, are not
/// attributed: they go with the instance. Without a reachable engine (no engine, the refusal shim) this does nothing.
/// </remarks>
internal static class JobContainers
{
    public const string JobLabel = "elastic-ci.job";

    private const string Script = """
        job=$1 dir=$2 since=$3
        docker version >/dev/null 2>&1 || exit 0
        ids=$(docker ps -aq --no-trunc --filter "label=elastic-ci.job=$job" 2>/dev/null)
        for id in $(docker ps -aq --no-trunc --filter label=com.docker.compose.project.working_dir 2>/dev/null); do
          line=$(docker inspect -f '{{.Created}} {{index .Config.Labels "com.docker.compose.project.working_dir"}}' "$id" 2>/dev/null) || continue
          created=${line%% *}
          case "${line#* }/" in "$dir"/*) ;; *) continue ;; esac
          stamp=$(date -d "$created" +%s%N 2>/dev/null) || continue
          [ "$stamp" -ge "$since" ] && ids="$ids $id"
        done
        [ -n "${ids// /}" ] || exit 0
        echo "~~~ Removing the containers this job started (it was canceled)"
        for id in $ids; do
          docker inspect -f '{{.Name}} ({{.Config.Image}})' "$id" 2>/dev/null | sed 's,^/,,'
        done
        docker rm -f $ids >/dev/null
        """;

    /// <summary>Removes the job's containers when it was canceled; the job's exit status is not changed by this.</summary>
    public static async Task RemoveIfCanceledAsync(JobContext context)
    {
        if (!context.Cancellation.IsRequested)
        {
            return;
        }
        var agentDirectory = Path.Combine(context.Settings.BuildPath, AgentNames.PathSegment(context.Settings.AgentName));
        var since = context.StartedAt.ToUnixTimeMilliseconds() * 1_000_000;
        _ = await context.RunAsync(["/bin/bash", "-c", Script, "job-containers", context.Get("BUILDKITE_JOB_ID"), agentDirectory,
            since.ToString(CultureInfo.InvariantCulture)]);
    }
}
