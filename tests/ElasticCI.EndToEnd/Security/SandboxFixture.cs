namespace ElasticCI.EndToEnd.Security;

/// <summary>
/// One `elastic-ci up`, started under umask 000, with a sandboxed stack of two instances (so a job has another
/// instance to attack), shared by the attack tests: the suite's wall time matters more than their independence.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private ConfiguredUpUnderUmask? _up;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("elastic-ci-e2e-sandbox-").FullName;

    public string DataDirectory => Path.Combine(Directory, "data");

    internal CoordinatorProcess Coordinator => _up!.Coordinator;

    internal StackApi Api => _up!.Api;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(Directory, "elastic-ci.yml"), """
            stacks:
              - Name: jail
                Queue: jail
                MinSize: 2
                MaxSize: 2
                AgentsPerInstance: 1
                ScaleInIdlePeriod: 600
            """);
        _up = new ConfiguredUpUnderUmask(await CoordinatorProcess.StartWithUmaskAsync(Directory, "000", "up", "--config", "elastic-ci.yml", "--heartbeat-interval", "1"));
        await StackApi.WaitAsync(() => Api.StackAsync("jail"), s => s?.Instances.Count(i => i.Agents.Count > 0) == 2, "both sandboxed instances to register", 120);
    }

    /// <summary>Runs a one-step pipeline on the sandboxed queue and returns the watched output (which holds the job's log).</summary>
    public async Task<string> RunJobAsync(string command)
    {
        var file = Path.Combine(Directory, $"pipeline-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, $"steps:\n  - label: attack\n    command: '{command}'\n    agents: {{ queue: jail }}\n");
        var (exit, output, error) = await Cli.RunAsync(Directory, Coordinator.Environment, "build", file, "--watch");
        Assert.True(exit == 0, $"the attacker's job itself must run and pass: {output}\n{error}");
        return output;
    }

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await GracefulStop.StopAsync(_up.Coordinator.Process);
            await _up.Coordinator.DisposeAsync();
            _up.Api.Dispose();
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private sealed record ConfiguredUpUnderUmask(CoordinatorProcess Coordinator)
    {
        public StackApi Api { get; } = new(Coordinator);
    }
}
