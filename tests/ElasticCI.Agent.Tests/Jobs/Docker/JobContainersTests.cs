using ElasticCI.Agent.Jobs;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs.Docker;

/// <summary>
/// Which containers a canceled job's clean-up removes, against a scripted <c>docker</c> on the job's PATH that plays an
/// engine holding: the job's labeled container, a compose container of this agent made during the job, one this agent
/// made before the job, one of another agent, and another job's labeled container. (The real engine: EndToEnd/Docker.)
/// </summary>
public sealed class JobContainersTests(ITestOutputHelper output) : IDisposable
{
    private const string FakeDocker = """
        #!/bin/sh
        case "$1" in
          version) exit 0 ;;
          ps)
            case "$*" in
              *"label=elastic-ci.job=$BUILDKITE_JOB_ID"*) echo labeled ;;
              *com.docker.compose.project.working_dir*) printf 'compose-new\ncompose-old\ncompose-other\n' ;;
            esac ;;
          inspect)
            case "$3" in
              *Created*)
                case "$4" in
                  compose-new) echo "2099-01-01T00:00:00.000000000Z $BUILDKITE_BUILD_CHECKOUT_PATH" ;;
                  compose-old) echo "2001-01-01T00:00:00Z $BUILDKITE_BUILD_CHECKOUT_PATH" ;;
                  compose-other) echo "2099-01-01T00:00:00Z __OTHER__" ;;
                esac ;;
              *) echo "/$4 (img)" ;;
            esac ;;
          rm) shift; echo "$*" >> "__LOG__" ;;
          *) echo "unexpected docker $*" >&2; exit 1 ;;
        esac
        """;

    private readonly JobRunnerFixture _fixture = new(output);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Cancel_RemovesTheJobsLabeledAndItsOwnNewComposeContainers_KeepsOlderAndOtherAgents()
    {
        var removed = InstallFakeDocker();
        var cancellation = new JobCancellation();
        var running = _fixture.CreateRunner().RunAsync(JobRunnerFixture.Job("echo ready\nsleep 1000"), cancellation, _fixture.Stop);

        await _fixture.Api.WaitForLogAsync("\nready\n").WaitAsync(JobRunnerFixture.Timeout);
        cancellation.RequestCancel(SignalReasons.Cancel);
        await running.WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal("-f labeled compose-new\n", await File.ReadAllTextAsync(removed));
        Assert.Contains("Removing the containers this job started (it was canceled)", _fixture.Api.LogText);
        Assert.Contains("compose-new (img)", _fixture.Api.LogText);
    }

    [Fact]
    public async Task JobThatEndsOnItsOwn_KeepsItsContainers()
    {
        var removed = InstallFakeDocker();

        var result = await _fixture.CreateRunner().RunAsync(JobRunnerFixture.Job("echo done"), new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(0, result.ExitStatus);
        Assert.False(File.Exists(removed), "a job that was not canceled removed containers");
        Assert.DoesNotContain("Removing the containers", _fixture.Api.LogText);
    }

    /// <summary>Puts the scripted docker first on the job's PATH; returns the file its <c>rm</c> writes to.</summary>
    private string InstallFakeDocker()
    {
        var bin = _fixture.NewDirectory("fake-docker");
        var removed = Path.Combine(bin, "removed.txt");
        var script = Path.Combine(bin, "docker");
        File.WriteAllText(script, FakeDocker.Replace("__LOG__", removed, StringComparison.Ordinal)
            .Replace("__OTHER__", Path.Combine(_fixture.BuildPath, "someone-else", "my-pipeline"), StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        _fixture.Inherited["PATH"] = bin + ":" + _fixture.Inherited["PATH"];
        return removed;
    }
}
