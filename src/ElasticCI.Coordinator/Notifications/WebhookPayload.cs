using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCI.Jobs;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Notifications;

/// <summary>The JSON a webhook receiver gets when a build finishes (field names follow Buildkite's build webhooks).</summary>
internal static class WebhookPayload
{
    public const string BuildFinished = "build.finished";

    public const string JobFinished = "job.finished";

    /// <summary>A step-level notification: Buildkite's <c>job.finished</c> shape, the job plus its build.</summary>
    public static string For(BuildRecord build, JobRecord job, string coordinatorUrl)
    {
        var payload = JsonNode.Parse(For(build, coordinatorUrl))!.AsObject();
        payload["event"] = JobFinished;
        payload["job"] = new JsonObject
        {
            ["id"] = job.Id,
            ["step_key"] = job.StepKey,
            ["name"] = job.Label,
            ["state"] = job.State.ToName(),
            ["exit_status"] = job.ExitStatus,
            ["started_at"] = job.StartedAt is { } started ? Time(started) : null,
            ["finished_at"] = job.FinishedAt is { } finished ? Time(finished) : null,
        };
        return payload.ToJsonString();
    }

    public static string For(BuildRecord build, string coordinatorUrl)
    {
        var url = $"{coordinatorUrl}/api/v1/builds/{Uri.EscapeDataString(build.Id)}";
        var payload = new JsonObject
        {
            ["event"] = BuildFinished,
            ["build"] = new JsonObject
            {
                ["id"] = build.Id,
                ["number"] = build.Number,
                ["state"] = build.State,
                ["branch"] = build.Branch,
                ["commit"] = build.Commit,
                ["message"] = build.Message,
                ["pipeline"] = build.PipelineSlug,
                ["repository"] = build.Repository,
                ["url"] = url,
                ["web_url"] = url,
                ["created_at"] = Time(build.CreatedAt),
                ["started_at"] = build.StartedAt is { } started ? Time(started) : null,
                ["finished_at"] = build.FinishedAt is { } finished ? Time(finished) : null,
            },
            ["pipeline"] = new JsonObject { ["slug"] = build.PipelineSlug },
        };
        return payload.ToJsonString();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
