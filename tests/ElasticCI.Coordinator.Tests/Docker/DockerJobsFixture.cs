using ElasticCI.Testing.Containers;
using ElasticCI.Testing.Plugins;

namespace ElasticCI.Coordinator.Tests.Docker;

/// <summary>
/// A real coordinator and agent process whose plugins come from a local mirror of test plugins (docker-style and
/// docker-login-style, our own code), plus a real htpasswd registry and a rootless dockerd with a locally built image.
/// The engine's socket reaches jobs as <c>DOCKER_HOST</c> in the step env until each instance has its own engine.
/// </summary>
public sealed class DockerJobsFixture : IAsyncLifetime
{
    public CoordinatorFixture Coordinator { get; private set; } = null!;

    public ContainerFixture Containers { get; private set; } = null!;

    public TestPluginMirror Mirror { get; } = new();

    public async Task InitializeAsync()
    {
        Mirror.Add("github.com/buildkite-plugins/docker-buildkite-plugin", "v5.12.0", ("command", DockerStylePlugin.CommandHook));
        Mirror.Add("github.com/buildkite-plugins/docker-login-buildkite-plugin", "v3.0.0", ("pre-command", DockerStylePlugin.LoginHook));
        Containers = await ContainerFixture.StartAsync();
        Coordinator = await CoordinatorFixture.StartAsync();
        // The rootless engine runs as another user: it must be able to walk to the checkout and the job's buildkite-agent.
        File.SetUnixFileMode(Coordinator.DataDirectory, (UnixFileMode)0b111_001_001);
        Coordinator.StartAgent("agent-docker", spawn: 2, extraArgs: ["--plugin-mirror", Mirror.Root]);
    }

    /// <summary>Step env that points a job at the fixture's engine.</summary>
    public string StepEnv => $"""
            env:
              DOCKER_HOST: "{Containers.Engine.Host}"
              DOCKER_BUILDKIT: "0"
        """;

    public async Task DisposeAsync()
    {
        await Coordinator.DisposeAsync();
        await Containers.DisposeAsync();
        Mirror.Dispose();
    }
}
