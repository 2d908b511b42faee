using System.Diagnostics;
using ElasticCI.Compute.Local.Sandbox;

namespace ElasticCI.Coordinator.Tests.Compute.Sandbox;

/// <summary>
/// The sandbox's docker commands, run for real with sh against a stand-in docker CLI and docker-compose (scripts that
/// print their arguments and exit with a chosen status): what the wrapper adds, and what it passes through unchanged.
/// </summary>
public sealed class DockerShimsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("reg.example:5000/team/app:1", "reg.example:5000")]
    [InlineData("localhost/app", "localhost")]
    [InlineData("busybox:1.36", "docker.io")]
    [InlineData("library/busybox", "docker.io")]
    public async Task Docker_PullFails_AddsOneLineNamingImageAndRegistry(string image, string registry)
    {
        var (exit, output) = await RunAsync(engine: true, realExit: 1, "docker", "pull", "--quiet", image);

        Assert.Equal(1, exit);
        Assert.Contains($"real docker: pull --quiet {image}", output, StringComparison.Ordinal);
        Assert.Contains($"elastic-ci: could not pull image '{image}' from registry '{registry}'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_PullSucceeds_NothingAdded()
    {
        var (exit, output) = await RunAsync(engine: true, realExit: 0, "docker", "pull", "busybox");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("elastic-ci:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_ComposeV2Syntax_RunsDockerComposeWithTheRest()
    {
        var (exit, output) = await RunAsync(engine: true, realExit: 0, "docker", "compose", "-f", "c.yml", "up", "-d");

        Assert.Equal(0, exit);
        Assert.Contains("real docker-compose: -f c.yml up -d", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_Run_LabelledAndExitStatusPassedThrough()
    {
        var (exit, output) = await RunAsync(engine: true, realExit: 7, "docker", "run", "--rm", "img", "sh", "-c", "exit 7");

        Assert.Equal(7, exit);
        Assert.Contains("real docker: run --label elastic-ci.run=job-42-", output, StringComparison.Ordinal);
        Assert.Contains(" --rm img sh -c exit 7", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_OtherCommand_PassedUnchangedWithExitStatus()
    {
        var (exit, output) = await RunAsync(engine: true, realExit: 3, "docker", "ps", "-a");

        Assert.Equal(3, exit);
        Assert.Contains("real docker: ps -a", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("docker-compose")]
    public async Task NoEngine_AnyDockerCommand_FailsWithOneLineSayingHowToTurnItOn(string tool)
    {
        var (exit, output) = await RunAsync(engine: false, realExit: 0, tool, "ps");

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"elastic-ci: stack 'ci' has no container engine, so '{tool}' cannot run here; set 'DockerEngine: rootless' on the stack in elastic-ci.yml (docs/docker.md)", line);
    }

    private async Task<(int Exit, string Output)> RunAsync(bool engine, int realExit, string tool, params string[] args)
    {
        var me = new InstanceUser("self", Native.Uid(), Native.Gid());
        var shims = DockerShims.Write(Path.Combine(_temp.Path, "instance", ".elastic-ci", "bin"), "ci", engine, me);
        var real = Path.Combine(_temp.Path, "real");
        Directory.CreateDirectory(real);
        foreach (var name in new[] { "docker", "docker-compose" })
        {
            var path = Path.Combine(real, name);
            await File.WriteAllTextAsync(path, $"#!/bin/sh\necho \"real {name}: $*\"\nexit {realExit}\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }
        var start = new ProcessStartInfo(Path.Combine(shims, tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["PATH"] = real + ":/usr/bin:/bin";
        start.Environment["BUILDKITE_JOB_ID"] = "job-42";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await output + await error);
    }

    private static class Native
    {
        public static uint Uid() => uint.Parse(Run("-u"), System.Globalization.CultureInfo.InvariantCulture);

        public static uint Gid() => uint.Parse(Run("-g"), System.Globalization.CultureInfo.InvariantCulture);

        private static string Run(string flag)
        {
            using var process = Process.Start(new ProcessStartInfo("id", flag) { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return text;
        }
    }
}
