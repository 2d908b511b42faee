using System.Globalization;
using System.Text.Json.Nodes;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Notifications;

/// <summary>The JSON a webhook receiver gets when a build finishes (field names follow Buildkite's build webhooks).</summary>
internal static class WebhookPayload
{
    public const string BuildFinished = "build.finished";

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
