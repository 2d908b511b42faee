using System.Text.Json;

namespace ElasticCI.EndToEnd;

/// <summary>A stack that takes its demand from a Buildkite-compatible metrics API: this coordinator's own /v3, over real HTTP.</summary>
public sealed class MetricsSourceTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-metrics-").FullName;
    private CoordinatorProcess? _coordinator;
    private StackApi? _api;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "elastic-ci.yml"), "stacks:\n  - Name: plain\n    Queue: plain\n");
        _coordinator = await CoordinatorProcess.StartAsync(_directory, "up", "--config", "elastic-ci.yml", "--heartbeat-interval", "1", "--metrics-poll-duration", "1");
        _api = new StackApi(_coordinator);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Apply_StackWithBuildkiteMetricsSource_ScalesOutFromTheMetricsApi()
    {
        var server = _coordinator!.Environment["ELASTIC_CI_SERVER"];
        var token = Path.Combine(_coordinator.Environment["ELASTIC_CI_DATA_DIR"], "agent-token");
        await File.WriteAllTextAsync(Path.Combine(_directory, "v2.yml"), $"""
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
        var apply = await Cli.RunAsync(_directory, _coordinator.Environment, "stack", "apply", "v2.yml");
        Assert.True(apply.ExitCode == 0, apply.Error);

        var pipeline = Path.Combine(_directory, "pipeline.yml");
        await File.WriteAllTextAsync(pipeline, "steps:\n  - command: echo remote\n    agents: { queue: remote }\n");
        var (exit, output, error) = await Cli.RunAsync(_directory, _coordinator.Environment, "build", pipeline, "--pipeline", "remote", "--watch", "--output", "json");

        Assert.True(exit == 0, $"{output}\n{error}");
        using var build = JsonDocument.Parse(output);
        Assert.StartsWith("remote-", build.RootElement.GetProperty("jobs")[0].GetProperty("agent").GetProperty("instanceId").GetString(), StringComparison.Ordinal);
        var activity = await _api!.Client.GetStackActivityAsync("remote", 100, CancellationToken.None);
        Assert.Contains(activity.Events, e => e.Action == "decide" && e.Reason.Contains($"metrics from {server}/v3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_BuildkiteSourceWithMissingTokenFile_Refused()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "bad.yml"),
            "stacks:\n  - Name: remote\n    Queue: remote\n    MetricsSource: buildkite\n    BuildkiteAgentTokenFile: /nonexistent/token\n");

        var (exit, _, error) = await Cli.RunAsync(_directory, _coordinator!.Environment, "stack", "apply", "bad.yml");

        Assert.Equal(2, exit);
        Assert.Contains("BuildkiteAgentTokenFile '/nonexistent/token' does not exist", error, StringComparison.Ordinal);
        Assert.Equal(["plain"], (await _api!.Client.GetStacksAsync(CancellationToken.None)).Stacks.Select(s => s.Name));
    }

    [Fact]
    public async Task Up_BuildkiteSourceWithoutTokenFile_RefusedAtStartUp()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "start.yml"), "stacks:\n  - Name: remote\n    MetricsSource: buildkite\n");

        var (exit, _, error) = await Cli.RunAsync(_directory, null, "up", "--config", "start.yml", "--data-dir", "data2", "--listen", $"127.0.0.1:{Cli.FreePort()}");

        Assert.Equal(2, exit);
        Assert.Contains("needs BuildkiteAgentTokenFile", error, StringComparison.Ordinal);
    }
}
