using System.Globalization;
using ElasticCI.Builds;
using ElasticCI.Pipelines;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Dispatch;

/// <summary>
/// Carries out trigger jobs: creates the build of the triggered pipeline and, unless <c>async</c>, finishes the
/// trigger job with that build's result. Limitation: the coordinator stores no pipeline definitions, so the
/// triggered build runs the YAML of the triggered pipeline's most recent build; a pipeline with no build yet
/// cannot be triggered (the trigger job fails).
/// </summary>
internal sealed class TriggerRunner(IJobStore jobs, IBuildStore builds, IJobDataStore jobData)
{
    /// <summary>Starts runnable trigger jobs and finishes those whose build finished; returns how many jobs changed.</summary>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = await jobs.FinishTriggersAsync(now, cancellationToken);
        foreach (var job in await jobs.ListRunnableTriggersAsync(cancellationToken))
        {
            var trigger = job.Spec.Trigger;
            var parent = await builds.GetBuildAsync(job.BuildId, cancellationToken);
            var created = trigger is null || parent is null ? null : await CreateBuildAsync(trigger, parent, now, cancellationToken);
            if (await jobs.StartTriggerAsync(job.Id, created, trigger?.Async ?? false, now, cancellationToken))
            {
                changed++;
            }
        }
        return changed;
    }

    private async Task<string?> CreateBuildAsync(TriggerSpec trigger, BuildRecord parent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var latest = await builds.ListBuildsAsync(trigger.Pipeline, 1, cancellationToken) is [var first, ..] ? first : null;
        if (latest is null)
        {
            return null;
        }
        var env = new Dictionary<string, string>(trigger.Build.Env, StringComparer.Ordinal)
        {
            ["BUILDKITE_TRIGGERED_FROM_BUILD_ID"] = parent.Id,
            ["BUILDKITE_TRIGGERED_FROM_BUILD_NUMBER"] = parent.Number.ToString(CultureInfo.InvariantCulture),
            ["BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG"] = parent.PipelineSlug,
        };
        var context = new BuildContext
        {
            Branch = trigger.Build.Branch ?? latest.Branch,
            Commit = trigger.Build.Commit ?? "HEAD",
            Message = trigger.Build.Message ?? parent.Message,
            Source = "trigger_job",
            PipelineSlug = trigger.Pipeline,
            Repository = latest.Repository,
            Env = env,
        };
        var parsed = PipelineParser.Parse(latest.SourceYaml, "pipeline.yml");
        if (!parsed.Succeeded)
        {
            return null;
        }
        var plan = BuildPlanner.Plan(parsed.Pipeline!, "pipeline.yml", context);
        if (!plan.Succeeded)
        {
            return null;
        }
        var build = await builds.CreateBuildAsync(
            new NewBuild(trigger.Pipeline, context.Branch, context.Commit, context.Message, env, latest.SourceYaml, plan.Jobs) { Repository = latest.Repository },
            now, cancellationToken);
        foreach (var (key, value) in trigger.Build.MetaData)
        {
            await jobData.SetMetaDataAsync(build.Id, key, value, now, cancellationToken);
        }
        return build.Id;
    }
}
