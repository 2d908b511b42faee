using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Notifications;

/// <summary>Top-level notify: webhooks are POSTed to a real receiver with retries; other channels are recorded as unsupported.</summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task FinishedBuild_WebhookAndOtherChannels_PostsPayloadAndRecordsEveryEntry()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var build = await _fixture.CreateBuildAsync($"""
            notify:
              - webhook: "{receiver.Url}"
                if: build.state == "passed"
              - webhook: "{receiver.Url}?failed"
                if: build.state == "failed"
              - email: dev@example.test
              - slack: "#builds"
              - github_commit_status
            steps:
              - command: "true"
                skip: nothing to run
            """, "notified");

        var (eventName, body) = await receiver.Requests.Reader.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var done = await WaitForNotificationsAsync(build.Id, n => n.All(x => x.State != "pending"));

        Assert.Equal("build.finished", eventName);
        var payload = JsonNode.Parse(body)!["build"]!;
        Assert.Equal((build.Id, 1, "notified", "passed", "main", "HEAD"),
            ((string)payload["id"]!, (int)payload["number"]!, (string)payload["pipeline"]!, (string)payload["state"]!, (string)payload["branch"]!, (string)payload["commit"]!));
        Assert.EndsWith($"/api/v1/builds/{build.Id}", (string)payload["url"]!, StringComparison.Ordinal);
        Assert.Equal(
            ["webhook delivered 1", "webhook skipped 0", "email unsupported 0", "slack unsupported 0", "github_commit_status unsupported 0"],
            done.Notifications.Select(n => $"{n.Channel} {n.State} {n.Attempts}"));
        Assert.Equal("not delivered: channel email is not supported on a self-hosted coordinator", done.Notifications[2].LastError);
        Assert.False(receiver.Requests.Reader.TryRead(out _));
    }

    [Fact]
    public async Task FinishedBuild_ReceiverFailsTwice_DeliveredOnTheThirdAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 503);
        var build = await _fixture.CreateBuildAsync($"notify:\n  - webhook: \"{receiver.Url}\"\nsteps:\n  - command: \"true\"\n    skip: true\n", "retried");

        var done = await WaitForNotificationsAsync(build.Id, n => n is [{ State: not "pending" }]);

        Assert.Equal(("delivered", 3, null), (done.Notifications[0].State, done.Notifications[0].Attempts, done.Notifications[0].LastError));
    }

    [Fact]
    public async Task FinishedBuild_ReceiverAlwaysFails_FailedAfterEveryAttemptAndBuildUnaffected()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500, 500, 500, 500, 500);
        var build = await _fixture.CreateBuildAsync($"notify:\n  - webhook: \"{receiver.Url}\"\nsteps:\n  - command: \"true\"\n    skip: true\n", "failing");

        var done = await WaitForNotificationsAsync(build.Id, n => n is [{ State: not "pending" }]);

        Assert.Equal("passed", done.State);
        Assert.Equal(("failed", 4), (done.Notifications[0].State, done.Notifications[0].Attempts));
        Assert.Contains("500", done.Notifications[0].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinishedBuild_NoReceiverListening_FailedWithConnectionError()
    {
        var port = FreePort();
        var build = await _fixture.CreateBuildAsync($"notify:\n  - webhook: \"http://127.0.0.1:{port}/hook\"\nsteps:\n  - command: \"true\"\n    skip: true\n", "refused");

        var done = await WaitForNotificationsAsync(build.Id, n => n is [{ State: not "pending" }]);

        Assert.Equal(("failed", 4), (done.Notifications[0].State, done.Notifications[0].Attempts));
        Assert.False(string.IsNullOrEmpty(done.Notifications[0].LastError));
    }

    [Fact]
    public async Task FinishedBuild_BadWebhookUrlAndNoNotify_RecordsFailureAndNothing()
    {
        var bad = await _fixture.CreateBuildAsync("notify:\n  - webhook: \"ftp://example.test/x\"\nsteps:\n  - command: \"true\"\n    skip: true\n", "bad-url");
        var none = await _fixture.CreateBuildAsync("steps:\n  - command: \"true\"\n    skip: true\n", "quiet");

        var done = await WaitForNotificationsAsync(bad.Id, n => n.Count == 1);
        var quiet = await _fixture.WaitForAsync(none.Id, b => b.State == "passed");

        Assert.Equal("failed", done.Notifications[0].State);
        Assert.Contains("http or https URL", done.Notifications[0].LastError, StringComparison.Ordinal);
        Assert.Empty(quiet.Notifications);
    }

    [Fact]
    public async Task FinishedBuild_StepAndUploadedNotify_DeliveredAfterTheBuildsOwnAndRecorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        _fixture.StartAgent("agent-step-notify");
        var uploaded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"""
            notify:
              - webhook: "{receiver.Url}?upload"
              - slack: "#uploads"
            steps:
              - key: uploaded
                command: "true"
                notify:
                  - webhook: "{receiver.Url}?uploaded-step"
            """));
        var build = await _fixture.CreateBuildAsync($"""
            notify:
              - webhook: "{receiver.Url}?build"
            steps:
              - key: gen
                command: echo {uploaded} | base64 -d > up.yml && buildkite-agent pipeline upload up.yml
                notify:
                  - webhook: "{receiver.Url}?gen"
                    if: build.state == "failed"
                  - github_commit_status:
                      context: gen
            """, "step-notify");

        var done = await _fixture.WaitForAsync(build.Id, b => b.Notifications.Count == 6 && b.Notifications.All(n => n.State != "pending"), TimeSpan.FromSeconds(120));
        var received = new List<(string Event, string Body)>();
        while (receiver.Requests.Reader.TryRead(out var request))
        {
            received.Add(request);
        }

        Assert.Equal("passed", done.State);
        var gen = done.Jobs.Single(j => j.Key == "gen").Id;
        var step = done.Jobs.Single(j => j.Key == "uploaded").Id;
        Assert.Equal(
            [
                ("webhook", "delivered", null), ("webhook", "delivered", null), ("slack", "unsupported", null),
                ("webhook", "skipped", gen), ("github_commit_status", "unsupported", gen), ("webhook", "delivered", step),
            ],
            done.Notifications.Select(n => (n.Channel, n.State, n.JobId)));
        Assert.Equal(["build.finished", "build.finished", "job.finished"], received.Select(r => r.Event).Order(StringComparer.Ordinal));
        var jobPayload = JsonNode.Parse(received.Single(r => r.Event == "job.finished").Body)!;
        Assert.Equal((step, "uploaded", "passed", 0, build.Id),
            ((string)jobPayload["job"]!["id"]!, (string)jobPayload["job"]!["step_key"]!, (string)jobPayload["job"]!["state"]!, (int)jobPayload["job"]!["exit_status"]!, (string)jobPayload["build"]!["id"]!));
    }

    private async Task<BuildDto> WaitForNotificationsAsync(string buildId, Func<IReadOnlyList<NotificationDto>, bool> done)
        => await _fixture.WaitForAsync(buildId, b => b.Notifications.Count > 0 && done(b.Notifications), TimeSpan.FromSeconds(30));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
