namespace ElasticCI.Compute.Local.Settings;

/// <summary>The checks of the Docker settings of the local provider: known values, and an engine only where it can keep the sandbox's promise.</summary>
internal static class StackDockerRules
{
    public static void Engine(LocalStackSettings stack, string where, List<string> errors)
    {
        var docker = stack.Docker;
        if (!StackDockerEngines.All.Contains(docker.Engine, StringComparer.Ordinal))
        {
            errors.Add($"{where}: DockerEngine '{docker.Engine}' is not known (known: {string.Join(", ", StackDockerEngines.All)})");
            return;
        }
        if (docker.Engine == StackDockerEngines.None)
        {
            return;
        }
        // The engine runs as the instance's own user, which only a sandboxed instance has; without a sandbox the jobs
        // already run as the coordinator's user, and a per-instance engine would protect nothing.
        if (stack.Isolation != StackIsolation.Sandbox)
        {
            errors.Add($"{where}: DockerEngine '{docker.Engine}' needs 'Isolation: sandbox' (the engine runs as the instance's own user); "
                + "with 'Isolation: none' jobs use whatever docker the host has");
        }
        if (!docker.UserNamespaceRemap)
        {
            errors.Add($"{where}: EnableDockerUserNamespaceRemap: false is not supported with DockerEngine '{docker.Engine}' "
                + "(container root is always the instance's own unprivileged user, never root on the host)");
        }
    }

    public static void NetworkingProtocol(LocalStackSettings stack, string where, List<string> errors)
    {
        if (!StackDockerNetworking.All.Contains(stack.Docker.NetworkingProtocol, StringComparer.Ordinal))
        {
            errors.Add($"{where}: DockerNetworkingProtocol '{stack.Docker.NetworkingProtocol}' is not known (known: {string.Join(", ", StackDockerNetworking.All)})");
        }
    }
}
