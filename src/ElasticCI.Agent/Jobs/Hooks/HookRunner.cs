using System.Text;

namespace ElasticCI.Agent.Jobs.Hooks;

/// <summary>
/// Runs a hook so that what it exports, unsets and <c>cd</c>s into carries over to later phases: a bash wrapper dumps
/// <c>env -0</c>, sources the hook, dumps <c>env -0</c> and <c>pwd</c> again; the difference is applied to the job.
/// </summary>
internal static class HookRunner
{
    /// <summary>Runs <paramref name="hook"/>, applies its changes, and returns its exit status.</summary>
    public static async Task<int> RunAsync(JobContext context, Hook hook)
    {
        var banner = $"~~~ Running {hook.Scope} {hook.Phase} hook\n$ {hook.Path}\n";
        if (!IsShellScript(hook.Path))
        {
            // A Python, Ruby or binary hook cannot be sourced; it runs as is and cannot change the job's environment.
            var direct = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["BUILDKITE_HOOK_PHASE"] = hook.Phase,
                ["BUILDKITE_HOOK_PATH"] = hook.Path,
                ["BUILDKITE_HOOK_SCOPE"] = hook.Scope,
            };
            foreach (var (name, value) in hook.Environment ?? new Dictionary<string, string>())
            {
                direct[name] = value;
            }
            return await Finish(context, await context.RunAsync([hook.Path], banner, direct));
        }

        var step = context.Executor.NewStepDirectory();
        var before = Path.Combine(step, "env-before");
        var after = Path.Combine(step, "env-after");
        var pwd = Path.Combine(step, "pwd");
        var wrapper = Path.Combine(step, "wrapper.sh");
        // With -e a failing hook ends the wrapper before the second dump, so a failed hook changes nothing.
        var script = new StringBuilder()
            .Append("/usr/bin/env -0 > ").Append(Quote(before)).Append('\n')
            .Append(". ").Append(Quote(hook.Path)).Append('\n')
            .Append("__elasticci_status=$?\n")
            .Append("/usr/bin/env -0 > ").Append(Quote(after)).Append('\n')
            .Append("pwd > ").Append(Quote(pwd)).Append('\n')
            .Append("exit $__elasticci_status\n");
        await File.WriteAllTextAsync(wrapper, script.ToString(), CancellationToken.None);

        var status = await context.RunInAsync(step, ["/bin/bash", "-e", wrapper], banner, hook.Environment, null);
        if (File.Exists(after) && File.Exists(before))
        {
            var dropped = EnvironmentChanges.Apply(context.Environment, ReadDump(before), ReadDump(after));
            if (dropped.Count > 0)
            {
                await context.PrintAsync($"The {hook.Phase} hook may not change {string.Join(", ", dropped)}; the change was ignored\n");
            }
            if (File.Exists(pwd) && (await File.ReadAllTextAsync(pwd, CancellationToken.None)).TrimEnd('\n') is { Length: > 0 } directory)
            {
                context.WorkingDirectory = directory;
            }
        }
        return await Finish(context, status);
    }

    private static async Task<int> Finish(JobContext context, int status)
    {
        context.Environment["BUILDKITE_LAST_HOOK_EXIT_STATUS"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (status != 0)
        {
            await context.PrintAsync($"^^^ +++\nThe hook exited with status {status}\n");
        }
        return status;
    }

    /// <summary>No shebang, or a shebang naming a shell: sourced in bash. Anything else runs directly.</summary>
    internal static bool IsShellScript(string path)
    {
        Span<byte> head = stackalloc byte[128];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.Read(head);
        }
        if (read < 2 || head[0] != '#' || head[1] != '!')
        {
            return true;
        }
        var line = Encoding.UTF8.GetString(head[..read]).Split('\n')[0];
        var interpreter = line[2..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var program = interpreter.Length == 0 ? "sh" : Path.GetFileName(interpreter[0]) == "env" && interpreter.Length > 1 ? interpreter[1] : Path.GetFileName(interpreter[0]);
        return program is "sh" or "bash" or "dash" or "zsh" or "ksh";
    }

    internal static Dictionary<string, string> ReadDump(string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in File.ReadAllText(path).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                variables[entry[..equals]] = entry[(equals + 1)..];
            }
        }
        return variables;
    }

    /// <summary>Single-quotes <paramref name="value"/> for bash.</summary>
    internal static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
