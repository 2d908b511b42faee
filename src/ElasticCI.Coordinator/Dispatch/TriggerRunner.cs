using System.Globalization;
using ElasticCI.Builds;
using ElasticCI.Pipelines;
using ElasticCI.Storage;
using ElasticCI.Validation;

namespace ElasticCI.Coordinator.Dispatch;

/// <summary>
/// Carries out trigger jobs: creates the build of the triggered pipeline and, unless <c>async</c>, finishes the
/// trigger job with that build's result. The triggered build runs the pipeline's stored definition
/// (<c>PUT /api/v1/pipelines/{slug}</c>) with its repository and default branch. Fallback for pipelines without a
/// definition: the YAML, repository and branch of the pipeline's most recent build. With neither, the trigger job
/// fails and its log says why.
/// </summary>
internal sealed class TriggerRunner(IJobStore jobs, IBuildStore builds, IPipelineStore pipelines, IJobDataStore jobData)
{
    /// <summary>Starts runnable trigger jobs and finishes those whose build finished; returns how many jobs changed.</summary>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = await jobs.FinishTriggersAsync(now, cancellationToken);
        foreach (var job in await jobs.ListRunnableTriggersAsync(cancellationToken))
        {
            var trigger = job.Spec.Trigger;
            var parent = await builds.GetBuildAsync(job.BuildId, cancellationToken);
            var (created, failure) = trigger is null || parent is null
                ? (null, "The trigger step has no target pipeline.")
                : await CreateBuildAsync(trigger, parent, now, cancellationToken);
            if (await jobs.StartTriggerAsync(job.Id, created, trigger?.Async ?? false, failure, now, cancellationToken))
            {
                changed++;
            }
        }
        return changed;
    }

    private async Task<(string? BuildId, string? Failure)> CreateBuildAsync(TriggerSpec trigger, BuildRecord parent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Defence in depth: the pipeline parser refuses these already; a NUL in build.branch once became a command.
        if (BuildFields.Check("build.", trigger.Build.Branch, trigger.Build.Commit, trigger.Build.Message, trigger.Build.Env, trigger.Build.MetaData) is [_, ..] refused)
        {
            return (null, $"Cannot trigger pipeline '{trigger.Pipeline}': the trigger step's build is refused:\n" + string.Join("\n", refused));
        }
        var source = await SourceAsync(trigger.Pipeline, cancellationToken);
        if (source is null)
        {
            return (null, $"Cannot trigger pipeline '{trigger.Pipeline}': it has no stored definition (elastic-ci pipeline set {trigger.Pipeline} --file FILE) and no earlier build to take the pipeline from.");
        }
        var env = new Dictionary<string, string>(trigger.Build.Env, StringComparer.Ordinal)
        {
            ["BUILDKITE_TRIGGERED_FROM_BUILD_ID"] = parent.Id,
            ["BUILDKITE_TRIGGERED_FROM_BUILD_NUMBER"] = parent.Number.ToString(CultureInfo.InvariantCulture),
            ["BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG"] = parent.PipelineSlug,
        };
        var context = new BuildContext
        {
            Branch = trigger.Build.Branch ?? source.Value.Branch,
            Commit = trigger.Build.Commit ?? "HEAD",
            Message = trigger.Build.Message ?? parent.Message,
            Source = "trigger_job",
            PipelineSlug = trigger.Pipeline,
            DefaultBranch = source.Value.DefaultBranch,
            Repository = source.Value.Repository,
            Env = env,
        };
        var parsed = PipelineParser.Parse(source.Value.Yaml, "pipeline.yml");
        var plan = parsed.Succeeded ? BuildPlanner.Plan(parsed.Pipeline!, "pipeline.yml", context) : null;
        if (plan is not { Succeeded: true })
        {
            var errors = plan?.Errors ?? parsed.Errors;
            return (null, $"Cannot trigger pipeline '{trigger.Pipeline}': its {source.Value.Origin} is invalid:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        }
        var build = await builds.CreateBuildAsync(
            new NewBuild(trigger.Pipeline, context.Branch, context.Commit, context.Message, env, source.Value.Yaml, plan.Jobs) { Repository = source.Value.Repository },
            now, cancellationToken);
        foreach (var (key, value) in trigger.Build.MetaData)
        {
            await jobData.SetMetaDataAsync(build.Id, key, value, now, cancellationToken);
        }
        return (build.Id, null);
    }

    private async Task<(string Yaml, string Repository, string Branch, string DefaultBranch, string Origin)?> SourceAsync(string slug, CancellationToken cancellationToken)
    {
        if (await pipelines.GetPipelineAsync(slug, cancellationToken) is { } stored)
        {
            return (stored.Configuration, stored.Repository, stored.DefaultBranch, stored.DefaultBranch, "stored definition");
        }
        // Documented fallback: a pipeline that only ever had builds from files runs its most recent build's YAML again.
        if (await builds.ListBuildsAsync(slug, 1, cancellationToken) is [var latest, ..])
        {
            return (latest.SourceYaml, latest.Repository, latest.Branch, "", "most recent build's pipeline");
        }
        return null;
    }
}
