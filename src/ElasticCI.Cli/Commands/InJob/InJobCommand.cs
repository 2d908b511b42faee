using System.Globalization;

namespace ElasticCI.Cli.Commands.InJob;

/// <summary>
/// Puts a <c>buildkite-agent</c> executable on the PATH of every job this agent process runs: a small script that
/// calls this very CLI's <c>buildkite-agent</c> command. Jobs inherit the agent's environment, so changing the
/// agent process's own PATH is enough.
/// </summary>
internal static class InJobCommand
{
    public static string Install(string buildPath)
    {
        var bin = Path.Combine(buildPath, ".bin");
        Directory.CreateDirectory(bin);
        var self = string.Join(' ', CliDefaults.SelfCommand().Select(part => "'" + part.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var script = "#!/bin/sh\n# Written by `elastic-ci agent start`: the in-job buildkite-agent command.\nexec " + self + " buildkite-agent \"$@\"\n";
        var path = Path.Combine(bin, "buildkite-agent");
        var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(temporary, script);
        // The agent's own: jobs run as the agent's user (on a sandboxed instance, the instance's user).
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Rename into place: several agent processes may share one build path.
        File.Move(temporary, path, overwrite: true);
        var current = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        Environment.SetEnvironmentVariable("PATH", bin + ":" + current);
        Environment.SetEnvironmentVariable("BUILDKITE_BIN_PATH", bin);
        return path;
    }
}
