using ElasticCI.Coordinator.Security;
using ElasticCI.Jobs;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Jobs;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// <c>GET /api/agent/v1/job/steps?step=KEY&amp;build=ID</c> for <c>buildkite-agent step get</c>: a step of the job's
/// build (or of another build of the same pipeline), its jobs folded into one state and outcome.
/// </summary>
internal static class StepEndpoint
{
    public static async Task<Results<Ok<StepDto>, JsonHttpResult<ProblemDto>>> GetAsync(
        HttpContext http, string? step, string? build, IBuildStore builds, CancellationToken cancellationToken)
    {
        var caller = http.Job();
        var record = await builds.GetBuildAsync(caller.BuildId, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound($"Build {caller.BuildId}");
        }
        if (!string.IsNullOrEmpty(build) && build != record.Id)
        {
            var other = await builds.GetBuildAsync(build, cancellationToken);
            // A job may read the steps of its own pipeline's builds only.
            if (other is null || other.PipelineSlug != record.PipelineSlug)
            {
                return Problems.NotFound($"Build '{build}' of pipeline {record.PipelineSlug}");
            }
            record = other;
        }
        var current = record.Jobs.Where(j => j.RetriedBy is null).ToList();
        List<JobRecord> jobs;
        if (string.IsNullOrEmpty(step))
        {
            jobs = caller.StepKey is { } own ? [.. current.Where(j => j.StepKey == own)] : [.. current.Where(j => j.Id == caller.Id)];
        }
        else
        {
            jobs = [.. current.Where(j => j.StepKey == step)];
            if (jobs.Count == 0 && current.FirstOrDefault(j => j.Id == step) is { } byId)
            {
                jobs = byId.StepKey is { } key ? [.. current.Where(j => j.StepKey == key)] : [byId];
            }
        }
        if (jobs.Count == 0)
        {
            return Problems.NotFound($"Step '{step}' in build {record.Id} (give a step key or one of its job ids)");
        }
        var first = jobs[0];
        return TypedResults.Ok(new StepDto(first.Id, first.StepKey, first.Label, first.Command, State(jobs), Outcome(jobs),
            first.Env, first.AgentRules, jobs.Count));
    }

    private static bool IsFinished(JobState state)
        => state is JobState.Passed or JobState.Failed or JobState.Canceled or JobState.TimedOut or JobState.Lost or JobState.Skipped or JobState.Broken;

    private static string State(List<JobRecord> jobs)
        => jobs.All(j => IsFinished(j.State)) ? "finished"
            : jobs.Any(j => j.State is JobState.Assigned or JobState.Running) ? "running"
            : jobs.Any(j => j.State is JobState.Scheduled) ? "scheduled"
            : "waiting";

    private static string Outcome(List<JobRecord> jobs)
    {
        if (!jobs.All(j => IsFinished(j.State)) || jobs.All(j => j.State is JobState.Skipped or JobState.Broken))
        {
            return "neutral";
        }
        if (jobs.Any(j => j.State is JobState.Canceled or JobState.TimedOut or JobState.Lost))
        {
            return "errored";
        }
        if (jobs.Any(j => j.State == JobState.Failed && !j.SoftFailed))
        {
            return "hard_failed";
        }
        return jobs.Any(j => j.State == JobState.Failed) ? "soft_failed" : "passed";
    }
}
