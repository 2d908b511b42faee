using System.Diagnostics;

namespace ElasticCI.EndToEnd.Security;

/// <summary>Where the sandbox or the resource limits cannot be set up (here: not root), the stack does not start, and the error says how to get them or opt out.</summary>
public sealed class SandboxRequirementTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-nosandbox-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Up_NotRootWithSandboxedStack_RefusedWithHowToFixOrOptOut()
    {
        var (exitCode, output, error) = await UpAsNobodyAsync("stacks:\n  - Name: jailed\n    Queue: jailed\n");

        Assert.True(exitCode == 2, $"exit {exitCode}: {output}\n{error}");
        Assert.Contains("stack 'jailed': Isolation: sandbox cannot be set up on this host: the coordinator is not running as root", error, StringComparison.Ordinal);
        Assert.Contains("or set 'Isolation: none' on the stack", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")), "nothing may be created when the start is refused");
    }

    [Fact]
    public async Task Up_NotRootWithResourceLimits_RefusedWithHowToFixOrOptOut()
    {
        var (exitCode, output, error) = await UpAsNobodyAsync(
            "stacks:\n  - Name: boxed\n    Queue: boxed\n    Isolation: none\n    ExperimentalEnableResourceLimits: true\n");

        Assert.True(exitCode == 2, $"exit {exitCode}: {output}\n{error}");
        Assert.Contains("stack 'boxed': ExperimentalEnableResourceLimits cannot be applied on this host: the coordinator is not running as root", error, StringComparison.Ordinal);
        Assert.Contains("or set 'ExperimentalEnableResourceLimits: false' on the stack", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")), "nothing may be created when the start is refused");
    }

    private async Task<(int ExitCode, string Output, string Error)> UpAsNobodyAsync(string config)
    {
        File.SetUnixFileMode(_directory, (UnixFileMode)0x1FF);
        await File.WriteAllTextAsync(Path.Combine(_directory, "elastic-ci.yml"), config);
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
        return (process.ExitCode, await output, error);
    }
}
