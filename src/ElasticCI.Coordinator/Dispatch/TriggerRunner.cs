using System.Globalization;
using ElasticCI.Builds;
using ElasticCI.Storage;
using ElasticCI.Validation;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Dispatch;

/// <summary>
/// Carries out trigger jobs: creates the build of the triggered pipeline and, unless <c>async</c>, finishes the
/// trigger job with that build's result. The triggered build runs the pipeline's stored definition
/// (<c>PUT /api/v1/pipelines/{slug}</c>) with its repository and default branch. Fallback for pipelines without a
/// definition: the YAML, repository and branch of the pipeline's most recent build. With neither, the trigger job
/// fails and its log says why.
/// </summary>
internal sealed class TriggerRunner(IJobStore jobs, IBuildStore builds, IPipelineStore pipelines, IJobDataStore jobData, CoordinatorAddress address,
    IOptions<CoordinatorOptions> options)
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
        // The number and id are taken first: the downstream document is interpolated with them, as any build's is.
        var number = await builds.ReserveBuildNumberAsync(trigger.Pipeline, now, cancellationToken);
        var buildId = Guid.CreateVersion7(now).ToString();
        var origin = new BuildOrigin("trigger_job", null, null, source.Value.Name);
        var context = new BuildContext
        {
            Id = buildId,
            Number = number,
            Branch = trigger.Build.Branch ?? source.Value.Branch,
            Commit = trigger.Build.Commit ?? "HEAD",
            Message = trigger.Build.Message ?? parent.Message,
            Source = origin.Source,
            PipelineSlug = trigger.Pipeline,
            DefaultBranch = source.Value.DefaultBranch,
            Repository = source.Value.Repository,
            Env = env,
        };
        var buildUrl = address.Url.IsCompletedSuccessfully ? $"{address.Url.Result}/api/v1/builds/{buildId}" : "";
        var plan = BuildDocument.Prepare(source.Value.Yaml, "pipeline.yml", context, origin.PipelineName, buildUrl, interpolate: true);
        if (!plan.Succeeded)
        {
            return (null, $"Cannot trigger pipeline '{trigger.Pipeline}': its {source.Value.Origin} is invalid:\n" + string.Join("\n", plan.Errors.Select(e => e.ToString())));
        }
        if (plan.Jobs.Count > options.Value.MaxJobsPerBuild)
        {
            return (null, $"Cannot trigger pipeline '{trigger.Pipeline}': the build would have {plan.Jobs.Count} jobs, over the per-build job cap of {options.Value.MaxJobsPerBuild} (MaxJobsPerBuild).");
        }
        var build = await builds.CreateBuildAsync(
            new NewBuild(trigger.Pipeline, context.Branch, context.Commit, context.Message, env, source.Value.Yaml, plan.Jobs)
            {
                Repository = source.Value.Repository,
                Origin = origin,
                Identity = (buildId, number),
            },
            now, cancellationToken);
        foreach (var (key, value) in trigger.Build.MetaData)
        {
            await jobData.SetMetaDataAsync(build.Id, key, value, now, cancellationToken);
        }
        return (build.Id, null);
    }

    private async Task<(string Yaml, string Repository, string Branch, string DefaultBranch, string Origin, string Name)?> SourceAsync(string slug, CancellationToken cancellationToken)
    {
        if (await pipelines.GetPipelineAsync(slug, cancellationToken) is { } stored)
        {
            return (stored.Configuration, stored.Repository, stored.DefaultBranch, stored.DefaultBranch, "stored definition", stored.Name);
        }
        // Documented fallback: a pipeline that only ever had builds from files runs its most recent build's YAML again.
        if (await builds.ListBuildsAsync(slug, 1, cancellationToken) is [var latest, ..])
        {
            return (latest.SourceYaml, latest.Repository, latest.Branch, "", "most recent build's pipeline", latest.Origin.PipelineName);
        }
        return null;
    }
}
