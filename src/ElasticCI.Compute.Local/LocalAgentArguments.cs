using System.Globalization;
using ElasticCI.Compute.Local.Settings;
using ElasticCI.Stacks;

namespace ElasticCI.Compute.Local;

/// <summary>The <c>agent start</c> arguments of a local instance, from its stack's parameters.</summary>
internal static class LocalAgentArguments
{
    public static IReadOnlyList<string> For(LaunchRequest request, string directory)
    {
        var stack = request.Stack;
        var args = new List<string>
        {
            "agent", "start", "--server", request.CoordinatorUrl, "--spawn", stack.Scaling.AgentsPerInstance.ToString(CultureInfo.InvariantCulture),
            "--queue", stack.Queue, "--name", request.InstanceId, "--build-path", Path.Combine(directory, "builds"),
            "--disk-min-free-bytes", stack.DiskMinFreeBytes.ToString(CultureInfo.InvariantCulture),
            "--disk-min-free-inodes", stack.DiskMinFreeInodes.ToString(CultureInfo.InvariantCulture),
            "--disk-full-action", stack.BuildkiteTerminateInstanceOnDiskFull ? "unhealthy" : "fail-job",
        };
        if (!string.IsNullOrWhiteSpace(stack.PluginMirror))
        {
            args.Add("--plugin-mirror");
            args.Add(stack.PluginMirror);
        }
        // EnableDockerLoginPlugin: false turns the built-in login off for every job; a pipeline can only turn it off, not on.
        if (!LocalStackSettings.Of(stack).Docker.LoginPlugin)
        {
            args.Add("--no-docker-login");
        }
        // The original's one-job and max-uptime instances: the agents exit, and with the last of them the instance.
        if (stack.BuildkiteTerminateInstanceAfterJob)
        {
            args.Add("--disconnect-after-job");
        }
        if (stack.BuildkiteAgentDisconnectAfterUptime > TimeSpan.Zero)
        {
            args.Add("--disconnect-after-uptime");
            args.Add(((long)Math.Ceiling(stack.BuildkiteAgentDisconnectAfterUptime.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }
        return args;
    }

    /// <summary>
    /// The stack's plugin mirror when it is one absolute directory (the whole value): a sandboxed instance gets it bound
    /// read-only at the same path, so its agents can fetch from it. Null for URLs, rewrites and directories that do not exist.
    /// </summary>
    public static string? MirrorDirectory(StackDefinition stack)
        => stack.PluginMirror?.Trim() is { Length: > 0 } value && !value.Contains(';', StringComparison.Ordinal) && !value.Contains('=', StringComparison.Ordinal)
            && Path.IsPathFullyQualified(value) && Directory.Exists(value) ? Path.GetFullPath(value) : null;
}
