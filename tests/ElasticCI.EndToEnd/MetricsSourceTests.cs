using System.Text.Json;

namespace ElasticCI.EndToEnd;

/// <summary>A stack that takes its demand from a Buildkite-compatible metrics API: this coordinator's own /v3, over real HTTP.</summary>
public sealed class MetricsSourceTests : IAsyncLifetime
{
    private ConfiguredUp? _up;

    private ConfiguredUp Up => _up!;

    public async Task InitializeAsync() => _up = await ConfiguredUp.StartAsync("metrics", "stacks:\n  - Name: plain\n    Queue: plain\n", "--metrics-poll-duration", "1");

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await _up.DisposeAsync();
        }
    }

    [Fact]
    public async Task Apply_StackWithBuildkiteMetricsSource_ScalesOutFromTheMetricsApi()
    {
        var server = Up.Coordinator.Environment["ELASTIC_CI_SERVER"];
        var token = Path.Combine(Up.Coordinator.Environment["ELASTIC_CI_DATA_DIR"], "agent-token");
        await File.WriteAllTextAsync(Path.Combine(Up.Directory, "v2.yml"), $"""
            stacks:
              - Name: plain
                Queue: plain
              - Name: remote
                Queue: remote
                MetricsSource: buildkite
                BuildkiteAgentEndpoint: {server}/v3
                BuildkiteAgentTokenFile: {token}
                MinPollInterval: 1
            """);
        var apply = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "stack", "apply", "v2.yml");
        Assert.True(apply.ExitCode == 0, apply.Error);

        var pipeline = Path.Combine(Up.Directory, "pipeline.yml");
        await File.WriteAllTextAsync(pipeline, "steps:\n  - command: echo remote\n    agents: { queue: remote }\n");
        var (exit, output, error) = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "build", pipeline, "--pipeline", "remote", "--watch", "--output", "json");

        Assert.True(exit == 0, $"{output}\n{error}");
        using var build = JsonDocument.Parse(output);
        Assert.StartsWith("remote-", build.RootElement.GetProperty("jobs")[0].GetProperty("agent").GetProperty("instanceId").GetString(), StringComparison.Ordinal);
        var activity = await Up.Api.Client.GetStackActivityAsync("remote", 100, CancellationToken.None);
        Assert.Contains(activity.Events, e => e.Action == "decide" && e.Reason.Contains($"metrics from {server}/v3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_BuildkiteSourceWithMissingTokenFile_Refused()
    {
        await File.WriteAllTextAsync(Path.Combine(Up.Directory, "bad.yml"),
            "stacks:\n  - Name: remote\n    Queue: remote\n    MetricsSource: buildkite\n    BuildkiteAgentTokenFile: /nonexistent/token\n");

        var (exit, _, error) = await Cli.RunAsync(Up.Directory, Up.Coordinator.Environment, "stack", "apply", "bad.yml");

        Assert.Equal(2, exit);
        Assert.Contains("BuildkiteAgentTokenFile '/nonexistent/token' does not exist", error, StringComparison.Ordinal);
        Assert.Equal(["plain"], (await Up.Api.Client.GetStacksAsync(CancellationToken.None)).Stacks.Select(s => s.Name));
    }

    [Fact]
    public async Task Up_BuildkiteSourceWithoutTokenFile_RefusedAtStartUp()
    {
        await File.WriteAllTextAsync(Path.Combine(Up.Directory, "start.yml"), "stacks:\n  - Name: remote\n    MetricsSource: buildkite\n");

        var (exit, _, error) = await Cli.RunAsync(Up.Directory, null, "up", "--config", "start.yml", "--data-dir", "data2", "--listen", $"127.0.0.1:{Cli.FreePort()}");

        Assert.Equal(2, exit);
        Assert.Contains("needs BuildkiteAgentTokenFile", error, StringComparison.Ordinal);
    }
}
