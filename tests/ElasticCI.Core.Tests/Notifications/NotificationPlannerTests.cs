using System.Text.Json.Nodes;
using ElasticCI.Builds;
using ElasticCI.Notifications;
using ElasticCI.Pipelines;

namespace ElasticCI.Core.Tests.Notifications;

public sealed class NotificationPlannerTests
{
    private static readonly BuildContext Passed = new() { State = "passed", Branch = "main", PipelineSlug = "app" };

    [Fact]
    public void Plan_EveryChannel_WebhookPendingOthersUnsupported()
    {
        var planned = Plan("""
            notify:
              - webhook: https://hooks.example.test/a
              - email: dev@example.test
              - slack: {channels: ["#a"]}
              - pagerduty_change_event: key
              - basecamp_campfire: https://basecamp.example.test
              - github_commit_status: {context: ci}
              - github_check
            steps: [{command: "true"}]
            """);

        Assert.Equal(
            ["webhook pending", "email unsupported", "slack unsupported", "pagerduty_change_event unsupported", "basecamp_campfire unsupported",
                "github_commit_status unsupported", "github_check unsupported"],
            planned.Select(p => $"{p.Channel} {p.State}"));
        Assert.Equal("https://hooks.example.test/a", planned[0].Target);
        Assert.Equal("not delivered: channel slack is not supported on a self-hosted coordinator", planned[2].Error);
    }

    [Theory]
    [InlineData("build.state == \"passed\"", "pending")]
    [InlineData("build.state == \"failed\"", "skipped")]
    [InlineData("build.branch == \"main\" && pipeline.slug == \"app\"", "pending")]
    [InlineData("build.state ==", "failed")]
    public void Plan_IfCondition_DecidesTheEntry(string condition, string state)
    {
        var planned = Plan($"notify:\n  - webhook: https://h.example.test\n    if: '{condition}'\nsteps: [{{command: \"true\"}}]\n");

        Assert.Equal(state, Assert.Single(planned).State);
    }

    [Theory]
    [InlineData("ftp://h.example.test/x")]
    [InlineData("not a url")]
    [InlineData("")]
    public void Plan_BadWebhookUrl_Failed(string url)
    {
        var planned = Plan($"notify:\n  - webhook: \"{url}\"\nsteps: [{{command: \"true\"}}]\n");

        var entry = Assert.Single(planned);
        Assert.Equal("failed", entry.State);
        Assert.Contains("http or https URL", entry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OddEntries_NeverThrow()
    {
        var notify = JsonNode.Parse("""[null, 5, [], {}, {"if": "true"}, {"carrier_pigeon": "x"}, {"webhook": 7}]""");

        var planned = NotificationPlanner.Plan(notify, Passed);

        Assert.Equal(["failed", "failed", "failed", "unsupported", "unsupported", "unsupported", "failed"], planned.Select(p => p.State));
        Assert.Contains("unknown notification channel carrier_pigeon", planned[5].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NoNotify_Empty()
        => Assert.Empty(NotificationPlanner.Plan(null, Passed));

    private static IReadOnlyList<PlannedNotification> Plan(string yaml)
    {
        var parsed = PipelineParser.Parse(yaml, "pipeline.yml");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        return NotificationPlanner.Plan(parsed.Pipeline!.Notify, Passed);
    }
}
