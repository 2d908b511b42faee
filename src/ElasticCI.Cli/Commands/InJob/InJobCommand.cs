using System.Globalization;

namespace ElasticCI.Cli.Commands.InJob;

/// <summary>
/// Puts a <c>buildkite-agent</c> executable on the PATH of every job this agent process runs. Jobs inherit the agent's
/// environment, so changing the agent process's own PATH is enough.
/// </summary>
/// <remarks>
/// Preferred: the self-contained native executable (src/ElasticCI.BuildkiteAgent, published by publish-native.sh next
/// to elastic-ci.dll, or named by <c>ELASTIC_CI_BUILDKITE_AGENT_BINARY</c>), copied in so that it also works when a
/// job mounts it into a container (<c>-v $(which buildkite-agent):/usr/bin/buildkite-agent</c>). Without it: a small
/// script that calls this very CLI's <c>buildkite-agent</c> command (needs .NET and this CLI on the machine).
/// </remarks>
internal static class InJobCommand
{
    public const string BinaryVariable = "ELASTIC_CI_BUILDKITE_AGENT_BINARY";

    public static string Install(string buildPath)
    {
        var bin = Path.Combine(buildPath, ".bin");
        Directory.CreateDirectory(bin);
        var path = Path.Combine(bin, "buildkite-agent");
        var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (FindNative() is { } native)
        {
            File.Copy(native, temporary, overwrite: true);
            // Readable by others: a container engine running as another user (or a container's own user) may exec it;
            // it holds no secret (the job's token comes from the job's environment).
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        else
        {
            var self = string.Join(' ', CliDefaults.SelfCommand().Select(part => "'" + part.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
            var script = "#!/bin/sh\n# Written by `elastic-ci agent start`: the in-job buildkite-agent command.\nexec " + self + " buildkite-agent \"$@\"\n";
            File.WriteAllText(temporary, script);
            // The agent's own: jobs run as the agent's user (on a sandboxed instance, the instance's user).
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // Rename into place: several agent processes may share one build path.
        File.Move(temporary, path, overwrite: true);
        var current = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        Environment.SetEnvironmentVariable("PATH", bin + ":" + current);
        Environment.SetEnvironmentVariable("BUILDKITE_BIN_PATH", bin);
        return path;
    }

    /// <summary>The native executable: the one the environment names, else the one shipped next to this CLI, else null.</summary>
    internal static string? FindNative()
    {
        if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } named)
        {
            return File.Exists(named) ? Path.GetFullPath(named) : null;
        }
        var shipped = Path.Combine(AppContext.BaseDirectory, "buildkite-agent");
        return File.Exists(shipped) ? shipped : null;
    }
}
