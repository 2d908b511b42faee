using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ElasticCI.Coordinator.Tests.Secrets;

/// <summary>
/// A real <c>sshd</c> on 127.0.0.1 (free port) serving a private bare git repository to exactly one deploy key, with its
/// own host key, config and authorized_keys (ENVIRONMENT.md's recipe). Logs in as the user running the tests, so it
/// works as root and unprivileged alike. Never skips: no sshd is a failure with the fix in the message.
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    private readonly Process _sshd;

    private SshServer(Process sshd, string directory, int port, string deployKey)
    {
        _sshd = sshd;
        Directory = directory;
        Port = port;
        DeployKey = deployKey;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The private half of the only key sshd accepts.</summary>
    public string DeployKey { get; }

    public string RepositoryUrl => $"ssh://{Environment.UserName}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{Path.Combine(Directory, "private.git")}";

    /// <summary>What the agent's jobs need to talk to this server non-interactively: trust its host key on first use, never prompt.</summary>
    public string GitSshCommand => $"ssh -F /dev/null -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile={Path.Combine(Directory, "known_hosts")} -o BatchMode=yes";

    public static async Task<SshServer> StartAsync(string parent)
    {
        var sshd = new[] { "/usr/sbin/sshd", "/usr/local/sbin/sshd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("sshd was not found (/usr/sbin/sshd): install openssh-server (test.sh does); this test does not skip without it");
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(parent, "sshd")).FullName;
        System.IO.Directory.CreateDirectory("/run/sshd");
        Run(directory, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(directory, "host_key"));
        Run(directory, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "deploy-key", "-f", Path.Combine(directory, "deploy_key"));
        File.Copy(Path.Combine(directory, "deploy_key.pub"), Path.Combine(directory, "authorized_keys"));
        CreateRepository(directory);

        var port = FreePort();
        var config = Path.Combine(directory, "sshd_config");
        await File.WriteAllLinesAsync(config,
        [
            $"Port {port.ToString(CultureInfo.InvariantCulture)}",
            "ListenAddress 127.0.0.1",
            $"HostKey {Path.Combine(directory, "host_key")}",
            $"PidFile {Path.Combine(directory, "sshd.pid")}",
            $"AuthorizedKeysFile {Path.Combine(directory, "authorized_keys")}",
            $"AllowUsers {Environment.UserName}",
            "PermitRootLogin prohibit-password",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "StrictModes no",
        ]);
        var start = new ProcessStartInfo(sshd) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-D", "-e", "-f", config })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var server = new SshServer(process, directory, port, await File.ReadAllTextAsync(Path.Combine(directory, "deploy_key")));
        try
        {
            // sshd says so on stderr once it listens.
            string? line;
            while ((line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))) is not null
                && !line.Contains("Server listening on 127.0.0.1", StringComparison.Ordinal))
            {
            }
            if (line is null)
            {
                throw new InvalidOperationException("sshd exited before it listened");
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        // Keep draining its log so sshd never blocks on a full pipe.
        _ = process.StandardError.ReadToEndAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_sshd.HasExited)
        {
            _sshd.Kill(entireProcessTree: true);
        }
        await _sshd.WaitForExitAsync();
        _sshd.Dispose();
    }

    private static void CreateRepository(string directory)
    {
        var bare = Path.Combine(directory, "private.git");
        var work = Path.Combine(directory, "work");
        Run(directory, "git", "init", "-q", "--bare", "-b", "main", bare);
        Run(directory, "git", "init", "-q", "-b", "main", work);
        File.WriteAllText(Path.Combine(work, "hello.sh"), "#!/bin/bash\necho \"private repository says hello\"\n");
        Run(work, "git", "add", "hello.sh");
        Run(work, "git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        Run(work, "git", "push", "-q", bare, "main");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string directory, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
    }
}
