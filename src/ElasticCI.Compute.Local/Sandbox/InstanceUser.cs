using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ElasticCI.Compute.Local.Sandbox;

/// <summary>
/// The unprivileged Unix user a sandboxed instance runs as: one per instance, created at launch (<c>useradd --system</c>,
/// no home, no login shell) and removed once nothing of the instance runs any more.
/// </summary>
internal sealed record InstanceUser(string Name, uint Uid, uint Gid)
{
    // useradd and userdel lock /etc/passwd; parallel launches would fail with "cannot lock", so one at a time.
    private static readonly SemaphoreSlim PasswdLock = new(1, 1);

    /// <summary>The user name of an instance: a fixed prefix and a hash, so any instance id gives a valid name of 20 characters.</summary>
    public static string NameFor(string instanceId)
        => "eci-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(instanceId)))[..16];

    public static Task<InstanceUser> CreateAsync(string instanceId, CancellationToken cancellationToken)
        => CreateAsync(instanceId, subordinateIds: false, cancellationToken);

    /// <summary>
    /// Creates the instance's user; with <paramref name="subordinateIds"/> it also gets a range of 65536 ids in
    /// /etc/subuid and /etc/subgid (useradd picks a free one; userdel removes it), which a rootless engine maps its containers' users to.
    /// </summary>
    public static async Task<InstanceUser> CreateAsync(string instanceId, bool subordinateIds, CancellationToken cancellationToken)
    {
        var name = NameFor(instanceId);
        await PasswdLock.WaitAsync(cancellationToken);
        try
        {
            if (Lookup(name) is null)
            {
                List<string> args = ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "--user-group"];
                if (subordinateIds)
                {
                    args.Add("--add-subids-for-system");
                }
                await RunAsync("useradd", [.. args, name], cancellationToken);
            }
        }
        finally
        {
            PasswdLock.Release();
        }
        return Lookup(name) ?? throw new InvalidOperationException($"useradd {name} succeeded but the user is not in /etc/passwd");
    }

    /// <summary>
    /// Kills every process of the instance's user, then removes the user (and its group); nothing when it does not
    /// exist. Under the passwd lock, so the user id cannot be handed to a new instance between the kill and the removal.
    /// </summary>
    public static async Task<int> KillAndRemoveAsync(string instanceId, CancellationToken cancellationToken)
    {
        var name = NameFor(instanceId);
        await PasswdLock.WaitAsync(cancellationToken);
        try
        {
            if (Lookup(name) is not { } user)
            {
                return 0;
            }
            var killed = UserProcesses.KillAll(user.Uid);
            // --force: a killed process that is not reaped yet still counts as the user's.
            await RunAsync("userdel", ["--force", name], cancellationToken);
            return killed;
        }
        finally
        {
            PasswdLock.Release();
        }
    }

    public static InstanceUser? Lookup(string name)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name)
            {
                return new InstanceUser(name, uint.Parse(fields[2], CultureInfo.InvariantCulture), uint.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }
        return null;
    }

    private static async Task RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        // A sandbox's watchdog removes its user itself (userdel outside our lock): a busy passwd lock is worth a few retries.
        for (var attempt = 1; ; attempt++)
        {
            var (code, errors) = await RunOnceAsync(tool, args, cancellationToken);
            if (code == 0)
            {
                return;
            }
            if (attempt == 5 || !errors.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed with exit code {code}: {errors.Trim()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), TimeProvider.System, cancellationToken);
        }
    }

    private static async Task<(int Code, string Errors)> RunOnceAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(SandboxSupport.Find(tool) ?? tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await errors);
    }
}
