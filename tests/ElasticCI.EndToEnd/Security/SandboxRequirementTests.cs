using System.Diagnostics;

namespace ElasticCI.EndToEnd.Security;

/// <summary>Where the sandbox cannot be set up (here: not root), a sandboxed stack does not start, and the error says how to get it or opt out.</summary>
public sealed class SandboxRequirementTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-nosandbox-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Up_NotRootWithSandboxedStack_RefusedWithHowToFixOrOptOut()
    {
        File.SetUnixFileMode(_directory, (UnixFileMode)0x1FF);
        await File.WriteAllTextAsync(Path.Combine(_directory, "elastic-ci.yml"), "stacks:\n  - Name: jailed\n    Queue: jailed\n");
        var inner = Cli.StartInfo(_directory, "up", "--config", "elastic-ci.yml", "--data-dir", "data", "--listen", $"127.0.0.1:{Cli.FreePort()}");
        var start = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        foreach (var arg in (string[])["-u", "nobody", "--", "env", "HOME=" + _directory, "DOTNET_CLI_HOME=" + _directory, inner.FileName, .. inner.ArgumentList])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 2, $"exit {process.ExitCode}: {await output}\n{error}");
        Assert.Contains("stack 'jailed': Isolation: sandbox cannot be set up on this host: the coordinator is not running as root", error, StringComparison.Ordinal);
        Assert.Contains("or set 'Isolation: none' on the stack", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")), "nothing may be created when the start is refused");
    }
}
