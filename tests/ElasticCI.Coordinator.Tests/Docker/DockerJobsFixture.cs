using ElasticCI.Testing.Containers;
using ElasticCI.Testing.Plugins;

namespace ElasticCI.Coordinator.Tests.Docker;

/// <summary>
/// A real coordinator and agent process whose plugins come from a local mirror of test plugins (docker-style and
/// docker-login-style, our own code). The tests that need a container engine run on `elastic-ci up`'s per-instance
/// engines (tests/ElasticCI.EndToEnd/Docker).
/// </summary>
public sealed class DockerJobsFixture : IAsyncLifetime
{
    public CoordinatorFixture Coordinator { get; private set; } = null!;

    public TestPluginMirror Mirror { get; } = new();

    public async Task InitializeAsync()
    {
        Mirror.Add("github.com/buildkite-plugins/docker-buildkite-plugin", "v5.12.0", ("command", DockerStylePlugin.CommandHook));
        Mirror.Add("github.com/buildkite-plugins/docker-login-buildkite-plugin", "v3.0.0", ("pre-command", DockerStylePlugin.LoginHook));
        Coordinator = await CoordinatorFixture.StartAsync();
        Coordinator.StartAgent("agent-docker", spawn: 2, extraArgs: ["--plugin-mirror", Mirror.Root]);
    }

    public async Task DisposeAsync()
    {
        await Coordinator.DisposeAsync();
        Mirror.Dispose();
    }
}
