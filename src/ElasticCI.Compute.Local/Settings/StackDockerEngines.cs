namespace ElasticCI.Compute.Local.Settings;

/// <summary>Values of the <c>DockerEngine</c> stack parameter.</summary>
internal static class StackDockerEngines
{
    /// <summary>A rootless dockerd (rootlesskit) per instance, run as the instance's own user; its socket is the jobs' <c>DOCKER_HOST</c>.</summary>
    public const string Rootless = "rootless";

    /// <summary>No container engine: a job's <c>docker</c> fails with one line saying how to turn one on.</summary>
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Rootless, None];
}
