using System.Diagnostics;
using System.Globalization;

namespace ElasticCI.Compute.Local.Sandbox;

/// <summary>
/// The command line of a sandboxed instance: a watchdog shell outside (root, own session) that runs bubblewrap and
/// kills it within a second of the coordinator dying; bubblewrap gives the instance its own mount, PID and IPC
/// namespaces (the host's /usr and /etc read-only, the elastic-ci binaries read-only, its own directory read-write,
/// a private /tmp; the data directory, other instances and home directories absent) and drops to the instance's user.
/// </summary>
internal static class SandboxCommand
{
    public const string WatchdogVariable = "ELASTIC_CI_SANDBOX_WATCHDOG";

    public const string UserVariable = "ELASTIC_CI_SANDBOX_USER";

    // Outside the sandbox, as root. PPID is the coordinator: when it is gone, or the sandbox exited, the loop ends;
    // killing bwrap kills the whole PID namespace (its init dies with bwrap: --die-with-parent, from a single-threaded
    // parent, so the kernel's parent-death signal is reliable). TERM/QUIT/INT go to the agent only (the first child of
    // the namespace's init), so a graceful stop lets it finish its jobs; bwrap itself would die at once on them.
    private const string Watchdog = """
        parent=$PPID
        # userdel fails while another useradd/userdel holds the passwd lock (parallel instances): a few tries.
        remove_user() {
          for pause in 0 0.2 0.5 1 2; do
            sleep "$pause"
            userdel --force "$ELASTIC_CI_SANDBOX_USER" 2>/dev/null
            id -u "$ELASTIC_CI_SANDBOX_USER" >/dev/null 2>&1 || return 0
          done
        }
        echo "sandbox: $*"
        # DockerEngine: the instance's container engine starts first (as its user, outside the sandbox: see RootlessEngine).
        if [ -n "$ELASTIC_CI_ENGINE" ]; then
          eval "$ELASTIC_CI_ENGINE"
          engine_start || { remove_user; exit 96; }
        fi
        "$@" &
        child=$!
        forward() {
          for init in $(cat /proc/$child/task/*/children 2>/dev/null); do
            for agent in $(cat /proc/$init/task/*/children 2>/dev/null); do kill -s "$1" "$agent" 2>/dev/null; break; done
          done
        }
        trap 'forward TERM' TERM
        trap 'forward QUIT' QUIT
        trap 'forward INT' INT
        running() { { read -r _ _ state _ <"/proc/$child/stat"; } 2>/dev/null && [ "$state" != Z ]; }
        while running && kill -0 "$parent" 2>/dev/null; do sleep 1 & wait $!; done
        if running && ! kill -0 "$parent" 2>/dev/null; then echo "coordinator (pid $parent) is gone: killing the sandbox"; kill -s KILL "$child"; fi
        while running; do wait "$child"; done
        wait "$child"
        rc=$?
        [ -z "$ELASTIC_CI_ENGINE" ] || engine_stop
        # Nothing of the sandbox runs any more (its PID namespace is gone): its user goes too, even when nobody is left to ask.
        remove_user
        exit "$rc"
        """;

    private static readonly string[] PrivateTemporary = ["/tmp", "/var/tmp"];

    private static readonly string[] TopLevelLinks = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>Fills <paramref name="start"/> (file name, arguments) to run <paramref name="inner"/> in the sandbox; environment variables are the caller's.</summary>
    public static void Apply(ProcessStartInfo start, InstanceUser user, string directory, string dataDirectory,
        IReadOnlyList<string> agentCommand, IReadOnlyList<string> inner, string logFile)
        => Apply(start, user, directory, dataDirectory, agentCommand, inner, logFile, [], [], []);

    /// <summary>
    /// As above, with host paths bound read-only (<paramref name="readOnly"/>) or writable (<paramref name="writable"/>) at
    /// the same place, and <paramref name="extra"/> bubblewrap arguments (mounts, variables) after the instance directory's.
    /// </summary>
    public static void Apply(ProcessStartInfo start, InstanceUser user, string directory, string dataDirectory,
        IReadOnlyList<string> agentCommand, IReadOnlyList<string> inner, string logFile,
        IReadOnlyList<string> readOnly, IReadOnlyList<string> writable, IReadOnlyList<string> extra)
    {
        start.FileName = "/bin/sh";
        start.ArgumentList.Clear();
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec setsid bash -c \"${WatchdogVariable}\" watchdog \"$@\" </dev/null >>\"$0\" 2>&1");
        start.ArgumentList.Add(logFile);
        start.Environment[WatchdogVariable] = Watchdog;
        start.Environment[UserVariable] = user.Name;
        foreach (var arg in BubblewrapArguments(user, directory, dataDirectory, agentCommand, readOnly, writable, extra))
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var arg in inner)
        {
            start.ArgumentList.Add(arg);
        }
    }

    internal static IReadOnlyList<string> BubblewrapArguments(InstanceUser user, string directory, string dataDirectory, IReadOnlyList<string> agentCommand)
        => BubblewrapArguments(user, directory, dataDirectory, agentCommand, [], [], []);

    internal static IReadOnlyList<string> BubblewrapArguments(InstanceUser user, string directory, string dataDirectory,
        IReadOnlyList<string> agentCommand, IReadOnlyList<string> readOnly, IReadOnlyList<string> writable, IReadOnlyList<string> extra)
    {
        var args = new List<string>
        {
            SandboxSupport.Find("bwrap") ?? "bwrap", "--die-with-parent", "--unshare-pid", "--unshare-ipc",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
        };
        foreach (var link in TopLevelLinks)
        {
            var info = new DirectoryInfo(link);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, link]);
            }
            else if (info.Exists)
            {
                args.AddRange(["--ro-bind", link, link]);
            }
        }
        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        foreach (var temporary in PrivateTemporary)
        {
            args.AddRange(["--perms", "1777", "--tmpfs", temporary]);
        }
        var bound = RuntimeDirectories(agentCommand).ToList();
        foreach (var runtime in bound)
        {
            Parents(runtime, args);
            args.AddRange(["--ro-bind", runtime, runtime]);
        }
        // Binaries kept inside the data directory's parent must not bring the data directory with them.
        if (bound.Any(b => IsUnder(dataDirectory, b)))
        {
            args.AddRange(["--tmpfs", dataDirectory]);
        }
        // Host paths the instance may read at the same place (its memory cgroup's counters), or also write (its jobs' pids cgroup).
        foreach (var (path, bind) in readOnly.Select(p => (p, "--ro-bind")).Concat(writable.Select(p => (p, "--bind"))))
        {
            Parents(path, args);
            args.AddRange([bind, path, path]);
        }
        Parents(directory, args);
        args.AddRange(["--bind", directory, directory]);
        args.AddRange(extra);
        foreach (var variable in RootlessEngine.WatchdogVariables())
        {
            args.AddRange(["--unsetenv", variable]);
        }
        args.AddRange(["--chdir", directory,
            "--setenv", "HOME", directory, "--setenv", "USER", user.Name, "--setenv", "LOGNAME", user.Name,
            // Inside its own PID namespace the agent cannot see the coordinator's pid; the watchdog outlives it by at most a second instead.
            "--unsetenv", WatchdogVariable, "--unsetenv", UserVariable, "--unsetenv", "ELASTIC_CI_PARENT_PID", "--",
            SandboxSupport.Find("setpriv") ?? "setpriv",
            "--reuid", user.Uid.ToString(CultureInfo.InvariantCulture), "--regid", user.Gid.ToString(CultureInfo.InvariantCulture),
            "--clear-groups", "--inh-caps=-all", "--no-new-privs"]);
        return args;
    }

    /// <summary>Directories outside /usr and /etc the agent command needs: each absolute path's directory, and where symlinks lead.</summary>
    private static IEnumerable<string> RuntimeDirectories(IReadOnlyList<string> agentCommand)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var candidates = agentCommand.Where(Path.IsPathFullyQualified).ToList();
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            candidates.Add(dotnetRoot);
        }
        foreach (var candidate in candidates)
        {
            foreach (var path in new[] { candidate, Resolve(candidate) })
            {
                var dir = Directory.Exists(path) ? path : Path.GetDirectoryName(path);
                if (dir is not null && Directory.Exists(dir) && !IsUnder(dir, "/usr") && !IsUnder(dir, "/etc"))
                {
                    found.Add(Path.GetFullPath(dir));
                }
            }
        }
        // A parent and its child: binding the parent is enough (and binding both would hide nothing, but is noise).
        return found.Where(d => !found.Any(o => o != d && IsUnder(d, o)));
    }

    /// <summary>
    /// Creates the parents of a mount point as 0755 directories: bubblewrap would make them 0700 (root's), and the
    /// instance's user could not reach its own directory through them. Only names are revealed, nothing of the host's.
    /// </summary>
    private static void Parents(string path, List<string> args)
    {
        var parents = new List<string>();
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(path)); parent is not null && parent != "/"; parent = Path.GetDirectoryName(parent))
        {
            if (!PrivateTemporary.Contains(parent, StringComparer.Ordinal))
            {
                parents.Add(parent);
            }
        }
        parents.Reverse();
        foreach (var parent in parents)
        {
            args.AddRange(["--perms", "0755", "--dir", parent]);
        }
    }

    private static string Resolve(string path)
    {
        try
        {
            return File.Exists(path) ? new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path : path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static bool IsUnder(string path, string root)
    {
        var full = Path.GetFullPath(path).TrimEnd('/') + "/";
        var parent = Path.GetFullPath(root).TrimEnd('/') + "/";
        return full.StartsWith(parent, StringComparison.Ordinal);
    }
}
