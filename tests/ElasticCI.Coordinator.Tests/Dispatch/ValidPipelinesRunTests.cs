using System.Diagnostics;
using System.Net;
using ElasticCI.Builds;
using ElasticCI.Client;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>
/// Issue 3's "every schema example pipeline runs": each of buildkite/pipeline-schema's example files becomes a build on a
/// real coordinator with a real agent process; every block/input step is unblocked, and the build must end with every
/// job in a final state. Commands like <c>blah.sh</c> do not exist (127), plugins cannot be fetched, triggered
/// pipelines are not defined: those jobs must fail cleanly, never hang.
/// </summary>
public sealed class ValidPipelinesRunTests : IAsyncLifetime
{
    private static readonly HashSet<string> FinalJobStates = ["passed", "failed", "canceled", "timed_out", "lost", "skipped", "broken"];

    private CoordinatorFixture _fixture = null!;

    public static TheoryData<string> Files => [.. SchemaExamples.Files.Where(f => f != "secrets.yml")];

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [MemberData(nameof(Files))]
    public async Task CreateBuild_SchemaExample_RunsToTheEndWithEveryJobFinal(string file)
    {
        // One agent with os=macOS, so command.yml's two "agents: os: macOS" steps have somewhere to run too.
        _fixture.StartAgent("agent-" + Path.GetFileNameWithoutExtension(file), spawn: 8, extraArgs: ["--tags", "os=macOS"]);
        var yaml = SchemaExamples.Runnable(file, withoutCache: true);
        var plan = SchemaExamples.Plan(file, yaml, "master");
        var build = await _fixture.Client.CreateBuildAsync(
            new CreateBuildRequest("schema-" + Path.GetFileNameWithoutExtension(file), yaml, FileName: file, Branch: "master"), CancellationToken.None);

        var done = await RunUnblockingAsync(build.Id, plan);
        var jobs = Originals(done);

        Assert.Equal(plan.Count, jobs.Count);
        Assert.Contains(done.State, (string[])["passed", "failed"]);
        for (var i = 0; i < plan.Count; i++)
        {
            var (planned, job) = (plan[i], jobs[i]);
            Assert.Equal(planned.Label, job.Label);
            if (planned.Kind == JobKind.Command && job.State is "passed" or "failed")
            {
                Assert.True(job.Agent is not null && job.ExitStatus is not null, $"{file} job {i} '{job.Label}' {job.State} without an agent or exit status");
            }
            if (planned.Spec.Plugins.Count > 0 && job.State == "failed")
            {
                var log = await _fixture.LogAsync(job.Id);
                // No network in CI, or no such repository: either way a clear message and a failed job, never a hang.
                Assert.Contains($"Could not check out plugin {planned.Spec.Plugins[0].Source}", log, StringComparison.Ordinal);
            }
            if (planned.Kind == JobKind.Trigger && job.State == "failed")
            {
                Assert.Contains("Cannot trigger pipeline 'a-slug': it has no stored definition", await _fixture.LogAsync(job.Id), StringComparison.Ordinal);
            }
        }
        // command.yml's cancel_on_build_failing step (`test`) is canceled or fails with 1, whichever comes first.
        var racing = plan.Select((p, i) => (p, i)).Where(x => x.p.Spec.CancelOnBuildFailing).Select(x => jobs[x.i].Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(done.Jobs.Where(j => racing.Contains(j.Id)), j => Assert.Contains($"{j.State}/{j.ExitStatus}", (string[])["canceled/-1", "failed/1"]));
        var outcome = string.Join(", ", done.Jobs
            .Where(j => !racing.Contains(j.Id))
            .GroupBy(j => j.State + (j.ExitStatus is { } exit ? "/" + exit : ""))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}"));
        var actual = $"{done.Jobs.Count} jobs, {done.State}: {outcome}";
        Assert.True(Expected(file) == actual, $"{file}: {actual}");
    }

    [Theory]
    [InlineData("secrets.yml", "not supported yet: secrets at line 5")]
    [InlineData("command.yml", "not supported yet: cache at line 196")]
    public async Task CreateBuild_SchemaExampleWithUnsupportedField_Refused422NamingIt(string file, string error)
    {
        var refused = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.CreateBuildAsync(
            new CreateBuildRequest("schema-refused", SchemaExamples.Read(file), FileName: file), CancellationToken.None));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.True(refused.Problem!.Errors!.Any(e => e.Contains(error, StringComparison.Ordinal)), string.Join("\n", refused.Problem.Errors!));
    }

    /// <summary>
    /// What each file does on branch master: 127 is a command that does not exist (blah.sh, x), 1 is <c>test</c> without
    /// arguments or a plugin that cannot be checked out, -1 a trigger of the undefined pipeline a-slug; broken jobs depend
    /// on a failed step, block and input steps pass once unblocked.
    /// </summary>
    private static string Expected(string file) => file switch
    {
        "block.yml" => "26 jobs, passed: passed x23, passed/0 x3",
        "command.yml" => "96 jobs, failed: failed/1 x81, failed/127 x9, passed/0 x3, skipped x2", // 92 planned, 4 automatic retries
        "env.yml" => "0 jobs, passed: ",
        "extra-properties.yml" => "1 jobs, failed: failed/1 x1",
        "group.yml" => "14 jobs, failed: broken x1, failed/1 x9, passed x4",
        "if-changed.yml" => "9 jobs, failed: failed/127 x9",
        "input.yml" => "26 jobs, passed: passed x23, passed/0 x3",
        "matrix.yml" => "20 jobs, failed: failed/127 x4, passed/0 x13, skipped x3",
        "notify.yml" => "1 jobs, failed: failed/127 x1",
        "trigger.yml" => "29 jobs, failed: failed/-1 x24, passed/0 x3, skipped x2",
        "wait.yml" => "3 jobs, passed: passed/0 x3",
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, "a new example pipeline: say what it does"),
    };

    /// <summary>The planned jobs, in plan order: without the jobs automatic retries added.</summary>
    private static List<JobDto> Originals(BuildDto build)
    {
        var retries = build.Jobs.Select(j => j.RetriedBy).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. build.Jobs.Where(j => !retries.Contains(j.Id))];
    }

    /// <summary>Polls the build, unblocking each blocked job once with values for its fields, until every job is final.</summary>
    private async Task<BuildDto> RunUnblockingAsync(string buildId, IReadOnlyList<PlannedJob> plan)
    {
        var unblocked = new HashSet<string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var build = await _fixture.Client.GetBuildAsync(buildId, CancellationToken.None);
            var jobs = Originals(build);
            for (var i = 0; i < jobs.Count; i++)
            {
                if (jobs[i].State == "blocked" && unblocked.Add(jobs[i].Id))
                {
                    await _fixture.Client.UnblockJobAsync(jobs[i].Id, SchemaExamples.FieldValues(plan[i]), CancellationToken.None);
                }
            }
            if (build.State is "passed" or "failed" && build.Jobs.All(j => FinalJobStates.Contains(j.State)))
            {
                return build;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(45))
            {
                throw new TimeoutException($"Build {buildId} is {build.State}: " + string.Join(", ", build.Jobs.Select(j => $"{j.Label}={j.State}")));
            }
            await Task.Delay(100);
        }
    }
}
