using ElasticCI.Agent.Jobs;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs;

/// <summary>Issue 13: commands run in a pseudo-terminal by default; the step environment can never split into a command.</summary>
public sealed class PtyAndEnvironmentTests(ITestOutputHelper output) : IDisposable
{
    private readonly JobRunnerFixture _fixture = new(output);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task RunAsync_Default_CommandAndHooksRunInATerminalWithUnchangedLogAndExitStatus()
    {
        var hooks = _fixture.NewDirectory("hooks");
        await File.WriteAllTextAsync(Path.Combine(hooks, "pre-command"), "[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo hook-tty=yes\n");
        // The docker plugin's default `docker run -it` needs exactly this.
        var job = JobRunnerFixture.Job("""
            [ -t 0 ] && [ -t 1 ] && echo "tty=yes pty=$BUILDKITE_PTY"
            printf 'a\nb\n'
            exit 3
            """);

        var result = await _fixture.CreateRunner(new RunnerSetup { HooksPath = hooks }).RunAsync(job, new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 3, log);
        Assert.Contains("hook-tty=yes\n", log, StringComparison.Ordinal);
        Assert.Contains("\ntty=yes pty=true\na\nb\n", log, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoPty_CommandHasNoTerminal()
    {
        var job = JobRunnerFixture.Job("if [ -t 1 ]; then echo tty=yes; else echo \"tty=no pty=$BUILDKITE_PTY\"; fi");

        var result = await _fixture.CreateRunner(new RunnerSetup { Pty = false }).RunAsync(job, new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(0, result.ExitStatus);
        Assert.Contains("tty=no pty=false\n", _fixture.Api.LogText, StringComparison.Ordinal);
    }
}
