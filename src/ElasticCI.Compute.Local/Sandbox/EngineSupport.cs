namespace ElasticCI.Compute.Local.Sandbox;

/// <summary>What a host needs for <c>DockerEngine: rootless</c>, checked when a stack starts, and the one setting the provider makes itself.</summary>
internal static class EngineSupport
{
    /// <summary>The engine's PATH: Debian keeps dockerd-rootless.sh in docker.io's contrib directory and dockerd in /usr/sbin.</summary>
    public const string EnginePath = "/usr/share/docker.io/contrib:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private const string Tun = "/dev/net/tun";

    private static readonly (string Tool, string Package)[] Tools =
    [
        ("dockerd", "docker.io"), ("docker", "docker.io"), ("dockerd-rootless.sh", "docker.io"), ("rootlesskit", "rootlesskit"),
        ("newuidmap", "uidmap"), ("newgidmap", "uidmap"), ("slirp4netns", "slirp4netns"), ("docker-compose", "docker-compose"),
        ("unshare", "util-linux"), ("usermod", "passwd"),
    ];

    /// <summary>Null when instances can get an engine here; otherwise what is missing and how to get it or turn the engine off.</summary>
    public static string? Problem(string stackName)
    {
        var missing = Tools.Where(t => Find(t.Tool) is null).ToList();
        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"{string.Join(", ", missing.Select(t => $"'{t.Tool}'"))} not installed (Debian/Ubuntu: apt-get install "
                + string.Join(' ', missing.Select(t => t.Package).Distinct()) + ")");
        }
        if (!File.Exists(Tun))
        {
            problems.Add($"{Tun} does not exist (the engine's network needs the tun module: modprobe tun)");
        }
        if (!File.Exists("/etc/subuid") || !File.Exists("/etc/subgid"))
        {
            problems.Add("/etc/subuid or /etc/subgid does not exist (each instance user gets a range of 65536 ids there; create them empty: touch /etc/subuid /etc/subgid)");
        }
        return problems.Count == 0 ? null
            : $"stack '{stackName}': DockerEngine: rootless cannot run on this host: {string.Join("; ", problems)}. Install what is missing, or set 'DockerEngine: none' on the stack.";
    }

    /// <summary>
    /// Makes <c>/dev/net/tun</c> usable by unprivileged users (mode 0666, what udev sets on ordinary hosts; a host without
    /// udev leaves it 0600). Returns null, or why it could not.
    /// </summary>
    public static string? PrepareHost()
    {
        try
        {
            var mode = File.GetUnixFileMode(Tun);
            const UnixFileMode ReadWriteAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
            if ((mode & ReadWriteAll) != ReadWriteAll)
            {
                File.SetUnixFileMode(Tun, mode | ReadWriteAll);
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"chmod 0666 {Tun} failed: {ex.Message}";
        }
    }

    /// <summary>The full path of <paramref name="tool"/> on the engine's PATH (or the coordinator's), or null.</summary>
    public static string? Find(string tool)
    {
        var path = EnginePath + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "");
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
    }
}
