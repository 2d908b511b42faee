namespace ElasticCI.EndToEnd;

/// <summary>A bootstrap script that fails: the instance is unhealthy, replaced, and replacements back off.</summary>
public sealed class BootstrapFailureTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-badboot-").FullName;
    private CoordinatorProcess? _coordinator;

    public async Task InitializeAsync()
    {
        var script = Path.Combine(_directory, "bootstrap.sh");
        await File.WriteAllTextAsync(script, "echo preparing the instance\necho 'apt-get: package not found' >&2\nexit 3\n");
        await File.WriteAllTextAsync(Path.Combine(_directory, "elastic-ci.yml"), $"""
            stacks:
              - Name: badboot
                Queue: badboot
                MinSize: 1
                MaxSize: 1
                BootstrapScriptUrl: {script}
            """);
        _coordinator = await CoordinatorProcess.StartAsync(_directory, "up", "--config", "elastic-ci.yml", "--heartbeat-interval", "1");
    }

    public async Task DisposeAsync()
    {
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Up_BootstrapScriptFails_InstanceReplacedWithBackoffAndEventHasExitCodeAndOutput()
    {
        var events = await HealthStacksFixture.PollAsync(async () =>
        {
            var (exit, output, _) = await Cli.RunAsync(_directory, _coordinator!.Environment, "stack", "activity", "--stack", "badboot", "--output", "json", "--limit", "100");
            var all = exit == 0 ? System.Text.Json.JsonSerializer.Deserialize(output, Protocol.ProtocolJsonContext.Default.StackActivityDto)!.Events : [];
            return all.Count(e => e.Action == "bootstrap-failed") >= 2 ? all : null;
        }, 30, "two failed bootstraps");

        var failures = events.Where(e => e.Action == "bootstrap-failed").OrderBy(e => e.At).ToList();
        Assert.All(failures, e => Assert.Contains("bootstrap script exited with code 3; output tail: preparing the instance\napt-get: package not found", e.Reason, StringComparison.Ordinal));
        Assert.Contains("next launch of this stack in 2s at the earliest", failures[0].Reason, StringComparison.Ordinal);
        var launches = events.Where(e => e.Action == "launch").OrderBy(e => e.At).ToList();
        // The replacement waited out the backoff instead of relaunching at once.
        Assert.True(launches[1].At - failures[0].At >= TimeSpan.FromSeconds(1.9), $"{launches[1].At:O} vs {failures[0].At:O}");
        Assert.DoesNotContain(events, e => e.Action == "terminated");
    }
}
