using System.Diagnostics;
using ElasticCI.Stacks;

namespace ElasticCI.Compute.Local.Sandbox;

/// <summary>What a sandboxed instance gets for containers: its docker commands (<see cref="DockerShims"/>) and, with <c>DockerEngine: rootless</c>, its engine (<see cref="RootlessEngine"/>).</summary>
internal static class SandboxContainers
{
    /// <summary>Adds the engine's variables to the watchdog's environment (when on) and returns the bubblewrap arguments for both.</summary>
    public static IReadOnlyList<string> Arguments(ProcessStartInfo start, StackDefinition stack, InstanceUser user, string directory, string dataDirectory, bool engine)
    {
        var shims = DockerShims.Write(Path.Combine(directory, ".elastic-ci", "bin"), stack.Name, engine, user);
        var path = start.Environment.TryGetValue("PATH", out var inherited) && !string.IsNullOrEmpty(inherited) ? inherited : "/usr/local/bin:/usr/bin:/bin";
        List<string> args = ["--perms", "0755", "--dir", "/run", "--perms", "0755", "--dir", "/run/elastic-ci",
            "--ro-bind", shims, DockerShims.SandboxDirectory, "--setenv", "PATH", DockerShims.SandboxDirectory + ":" + path];
        if (engine)
        {
            var rootless = new RootlessEngine(user, directory, Settings.LocalStackSettings.Of(stack).Docker);
            rootless.AddTo(start, dataDirectory);
            args.AddRange(rootless.SandboxArguments());
        }
        return args;
    }
}
