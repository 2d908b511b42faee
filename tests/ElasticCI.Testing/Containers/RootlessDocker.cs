using System.Diagnostics;
using System.Globalization;

namespace ElasticCI.Testing.Containers;

/// <summary>
/// A rootless dockerd (Debian docker.io + rootlesskit, recipe A of container-engines.md) under a throwaway user that
/// this fixture creates and removes. Host loopback is reachable from the engine and its containers as 10.0.2.2, and
/// the insecure registry given to <see cref="StartAsync"/> (a loopback registry seen as <c>10.0.2.2:PORT</c>) is allowed over plain HTTP.
/// Until the per-instance engine exists, tests hand <see cref="Host"/> to jobs as <c>DOCKER_HOST</c> in the step env.
/// </summary>
public sealed class RootlessDocker : IAsyncDisposable
{
    /// <summary>The host's loopback as rootless containers (and the engine itself) see it.</summary>
    public const string HostGateway = "10.0.2.2";

    private readonly Process _process;
    private readonly string _user;
    private readonly string _runtime;

    private RootlessDocker(Process process, string user, string runtime, string configDirectory)
    {
        _process = process;
        _user = user;
        _runtime = runtime;
        ConfigDirectory = configDirectory;
    }

    /// <summary><c>DOCKER_HOST</c> of this engine.</summary>
    public string Host => $"unix://{_runtime}/docker.sock";

    /// <summary>A docker CLI config directory of the fixture's own (never root's ~/.docker).</summary>
    public string ConfigDirectory { get; }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["DOCKER_HOST"] = Host,
        ["DOCKER_CONFIG"] = ConfigDirectory,
        ["DOCKER_BUILDKIT"] = "0",
    };

    public static async Task<RootlessDocker> StartAsync(string? insecureRegistry)
    {
        // /dev/net/tun is 0600 without udev; rootlesskit's slirp4netns needs to open it as the user (test.sh does the same).
        File.SetUnixFileMode("/dev/net/tun", (UnixFileMode)0b110_110_110);
        var user = "ecidp" + Guid.NewGuid().ToString("N")[..8];
        await ContainerProcess.CheckedAsync("useradd", ["-m", "-s", "/bin/sh", user]);
        try
        {
            var uid = (await ContainerProcess.CheckedAsync("id", ["-u", user])).Trim();
            var runtime = $"/run/user/{uid}";
            await ContainerProcess.CheckedAsync("install", ["-d", "-m", "700", "-o", user, "-g", user, runtime]);
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            string[] args = ["runuser", "-u", user, "--", "env",
                $"HOME=/home/{user}", $"XDG_RUNTIME_DIR={runtime}",
                "PATH=/usr/share/docker.io/contrib:/usr/sbin:/usr/bin:/sbin:/bin",
                "DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=--disable-host-loopback=false",
                "dockerd-rootless.sh", .. insecureRegistry is null ? Array.Empty<string>() : ["--insecure-registry", insecureRegistry]];
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var config = Directory.CreateTempSubdirectory("elastic-ci-docker-config-").FullName;
            var engine = new RootlessDocker(process, user, runtime, config);
            await ContainerProcess.WaitUntilAsync(async () => (await engine.DockerAsync(["version"], check: false)).ExitCode == 0,
                TimeSpan.FromMinutes(2), $"rootless dockerd answering on {engine.Host}");
            return engine;
        }
        catch
        {
            await RemoveUserAsync(user);
            throw;
        }
    }

    /// <summary>Runs the docker CLI against this engine.</summary>
    public async Task<(int ExitCode, string Output)> DockerAsync(IEnumerable<string> args, bool check = true, string? input = null)
    {
        var list = args.ToList();
        var result = await ContainerProcess.RunAsync("docker", list, Environment, input);
        return !check || result.ExitCode == 0 ? result
            : throw new InvalidOperationException($"docker {string.Join(' ', list)} exited {result.ExitCode}: {result.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        // setsid made the engine its own process group: rootlesskit, dockerd, containerd and any container go with it.
        if (!_process.HasExited)
        {
            _ = await ContainerProcess.RunAsync("kill", ["-TERM", "--", "-" + _process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _ = await ContainerProcess.RunAsync("kill", ["-KILL", "--", "-" + _process.Id.ToString(CultureInfo.InvariantCulture)]);
            }
        }
        _process.Dispose();
        await RemoveUserAsync(_user);
        Directory.Delete(ConfigDirectory, recursive: true);
        if (Directory.Exists(_runtime))
        {
            _ = await ContainerProcess.RunAsync("rm", ["-rf", _runtime]);
        }
    }

    private static async Task RemoveUserAsync(string user)
    {
        // Whatever the throwaway user still runs (a straggling containerd-shim) would make userdel refuse: kill those by pid.
        var (_, uidText) = await ContainerProcess.RunAsync("id", ["-u", user]);
        if (int.TryParse(uidText.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var uid))
        {
            foreach (var pid in ProcessesOf(uid))
            {
                _ = await ContainerProcess.RunAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)]);
            }
        }
        await ContainerProcess.WaitUntilAsync(async () => (await ContainerProcess.RunAsync("userdel", ["-r", user])).ExitCode is 0 or 6,
            TimeSpan.FromSeconds(30), $"userdel -r {user}");
    }

    private static List<int> ProcessesOf(int uid)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var line = File.ReadLines(Path.Combine(directory, "status")).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
                if (line is not null && line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == uid.ToString(CultureInfo.InvariantCulture))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return found;
    }
}
