namespace ElasticCI.Compute.Local.Settings;

/// <summary>
/// A stack's container engine settings: which engine each instance gets (ours: <c>DockerEngine</c>) and the original
/// stack's Docker parameters, with their names and defaults. docs/docker.md says how each is honoured.
/// </summary>
internal sealed record StackDockerSettings
{
    /// <summary>The engine each instance gets: <see cref="StackDockerEngines.Rootless"/> or <see cref="StackDockerEngines.None"/>.</summary>
    /// <remarks>Default: <c>none</c> (no engine: existing stacks and the start time of their instances are unchanged).</remarks>
    public string Engine { get; init; } = StackDockerEngines.None;

    /// <summary>Container root is an unprivileged user on the host. Rootless always does this (container root is the instance's own user), so false is refused with an engine.</summary>
    /// <remarks>Default: true.</remarks>
    public bool UserNamespaceRemap { get; init; } = true;

    /// <summary>The engine runs with <c>--experimental</c> and jobs get <c>DOCKER_CLI_EXPERIMENTAL=enabled</c>.</summary>
    /// <remarks>Default: false.</remarks>
    public bool Experimental { get; init; }

    /// <summary><see cref="StackDockerNetworking.Ipv4"/> or <see cref="StackDockerNetworking.DualStack"/>.</summary>
    /// <remarks>Default: <c>ipv4</c>.</remarks>
    public string NetworkingProtocol { get; init; } = StackDockerNetworking.Ipv4;

    /// <summary>Log the engine in from the <c>DOCKER_LOGIN_*</c> environment before each command (the original's built-in docker-login plugin).</summary>
    /// <remarks>Default: true.</remarks>
    public bool LoginPlugin { get; init; } = true;
}
