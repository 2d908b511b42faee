using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticCI.Builds;
using ElasticCI.Pipelines.Conditionals;

namespace ElasticCI.Notifications;

/// <summary>
/// Decides a finished build's top-level <c>notify</c> entries: webhooks are pending delivery, entries whose <c>if</c>
/// is false are skipped, channels that need a hosted service are unsupported. Pure; the coordinator delivers.
/// </summary>
internal static class NotificationPlanner
{
    public const string Webhook = "webhook";

    private static readonly string[] Channels =
        [Webhook, "email", "slack", "pagerduty_change_event", "github_commit_status", "github_check", "basecamp_campfire"];

    /// <param name="notify">The pipeline's <c>notify</c> list as parsed (null: none).</param>
    /// <param name="context">The finished build; <see cref="BuildContext.State"/> is what <c>build.state</c> reads.</param>
    public static IReadOnlyList<PlannedNotification> Plan(JsonNode? notify, BuildContext context)
    {
        var planned = new List<PlannedNotification>();
        if (notify is not JsonArray entries)
        {
            return planned;
        }
        for (var i = 0; i < entries.Count; i++)
        {
            planned.Add(PlanOne(i, entries[i], context));
        }
        return planned;
    }

    /// <summary>
    /// Every notification of a finished build, numbered in one sequence: the pipeline's own <c>notify</c>, then each
    /// upload's top-level <c>notify</c> (in upload order), then each job's step-level <c>notify</c> (marked with its job).
    /// </summary>
    public static IReadOnlyList<PlannedNotification> PlanBuild(
        JsonNode? notify, IReadOnlyList<JsonNode?> uploads, IReadOnlyList<(string JobId, JsonNode? Notify)> steps, BuildContext context)
    {
        var planned = new List<PlannedNotification>(Plan(notify, context));
        foreach (var upload in uploads)
        {
            var offset = planned.Count;
            planned.AddRange(Plan(upload, context).Select(n => n with { Index = offset + n.Index }));
        }
        foreach (var (jobId, stepNotify) in steps)
        {
            var offset = planned.Count;
            planned.AddRange(Plan(stepNotify, context).Select(n => n with { Index = offset + n.Index, JobId = jobId }));
        }
        return planned;
    }

    private static PlannedNotification PlanOne(int index, JsonNode? entry, BuildContext context)
    {
        // "- github_check" (a bare channel name) or "- webhook: URL" / "- slack: {channels: [...]}" with an optional "if".
        if (entry is JsonValue bare && bare.TryGetValue<string>(out var name))
        {
            return Unsupported(index, name, "");
        }
        if (entry is not JsonObject map)
        {
            return new PlannedNotification(index, "unknown", "", NotificationState.Failed, "a notify entry must be a channel name or a mapping");
        }
        var channel = Channels.FirstOrDefault(map.ContainsKey) ?? map.Select(p => p.Key).FirstOrDefault(k => k != "if") ?? "unknown";
        var target = TargetOf(map[channel]);
        if (map["if"] is { } condition)
        {
            var text = condition.GetValueKind() == JsonValueKind.String ? condition.GetValue<string>() : condition.ToJsonString();
            var expression = IfExpression.TryParse(text, out var error);
            if (expression is null)
            {
                return new PlannedNotification(index, channel, target, NotificationState.Failed, $"if: {error}");
            }
            if (!expression.Evaluate(context))
            {
                return new PlannedNotification(index, channel, target, NotificationState.Skipped, $"if condition is false: {text}");
            }
        }
        if (channel != Webhook)
        {
            return Unsupported(index, channel, target);
        }
        if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return new PlannedNotification(index, channel, target, NotificationState.Failed, $"webhook must be an http or https URL, was '{target}'");
        }
        return new PlannedNotification(index, channel, target, NotificationState.Pending, null);
    }

    private static PlannedNotification Unsupported(int index, string channel, string target)
        => Channels.Contains(channel)
            ? new(index, channel, target, NotificationState.Unsupported, $"not delivered: channel {channel} is not supported on a self-hosted coordinator")
            : new(index, channel, target, NotificationState.Unsupported, $"not delivered: unknown notification channel {channel}");

    private static string TargetOf(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
