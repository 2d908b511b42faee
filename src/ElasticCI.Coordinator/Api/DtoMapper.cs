using ElasticCI.Jobs;
using ElasticCI.Protocol.Builds;
using ElasticCI.Protocol.Stacks;
using ElasticCI.Scaling;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Api;

/// <summary>Store records to wire DTOs.</summary>
internal static class DtoMapper
{
    public static BuildDto ToDto(this BuildRecord build) => new(
        build.Id, build.Number, build.PipelineSlug, build.State, build.Branch, build.Commit, build.Message,
        build.CreatedAt, build.StartedAt, build.FinishedAt, build.Jobs.Select(ToDto).ToList())
    {
        Repository = build.Repository,
        Notifications = build.Notifications.Select(n => new NotificationDto(n.Channel, n.Target, n.State, n.Attempts, n.LastError) { JobId = n.JobId }).ToList(),
        Source = build.Origin.Source,
        Tag = build.Origin.Tag,
        PullRequest = build.Origin.PullRequest?.Id,
        PullRequestLabels = build.Origin.PullRequest?.Labels ?? [],
    };

    public static JobDto ToDto(this JobRecord job) => new(
        job.Id, job.StepKey, job.Label, job.State.ToName(), job.ExitStatus, job.SoftFailed, job.Queue, job.ParallelJob, job.ParallelJobCount,
        job.AgentId is null ? null : new JobAgentDto(job.AgentId, job.AgentName ?? "", job.InstanceId), job.LogSize,
        new JobTimesDto(job.CreatedAt, job.ScheduledAt, job.AssignedAt, job.StartedAt, job.FinishedAt))
    {
        RetryCount = job.RetryCount,
        RetriedBy = job.RetriedBy,
        Group = job.Spec.GroupKey is null && job.Spec.GroupLabel is null ? null : new JobGroupDto(job.Spec.GroupKey, job.Spec.GroupLabel),
    };

    public static AgentDto ToDto(this AgentRecord agent) => new(agent.Id, agent.Name, agent.State, agent.JobId, agent.Version);

    public static InstanceDto ToDto(this InstanceRecord instance)
        => new(instance.Id, instance.State.ToName(), instance.LaunchedAt, instance.Agents.Select(ToDto).ToList(),
            Lifecycle: instance.Lifecycle, InterruptionDeadline: instance.InterruptionDeadline);

    public static ScalingEventDto ToDto(this ScalingEvent scalingEvent)
        => new(scalingEvent.At, scalingEvent.Action, scalingEvent.Reason, scalingEvent.InstanceId);
}
