using ElasticCI.Protocol.Pipelines;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>
/// The NUL attack of issue 12: a trigger step whose <c>build.branch</c> holds NUL-separated words once ran those words
/// as a command inside the triggered pipeline's job. Now the upload is refused, no build is triggered and nothing runs.
/// </summary>
public sealed class TriggerNulAttackTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task TriggerStep_NulInBuildBranch_UploadFailsAndNothingRuns()
    {
        var pwned = Path.Combine(_fixture.DataDirectory, "pwned");
        var childRan = Path.Combine(_fixture.DataDirectory, "child-ran");
        await _fixture.Client.PutPipelineAsync("victim", new PutPipelineRequest($"steps:\n  - command: touch {childRan}\n"), CancellationToken.None);
        var upload = Path.Combine(_fixture.DataDirectory, "attack.yml");
        await File.WriteAllTextAsync(upload, $"steps:\n  - trigger: victim\n    build:\n      branch: \"main\\0/bin/sh\\0-c\\0touch {pwned}\"\n");
        _fixture.StartAgent("agent-nul-attack");

        var attacker = await _fixture.CreateBuildAsync($"steps:\n  - command: buildkite-agent pipeline upload {upload}\n", "attacker");
        var done = await _fixture.WaitForPassedOrFailedAsync(attacker.Id);

        Assert.Equal(("failed", "failed"), (done.State, done.Jobs[0].State));
        Assert.Single(done.Jobs);
        Assert.Contains("steps[0].build.branch contains the control character NUL (U+0000)", await _fixture.LogAsync(done.Jobs[0].Id), StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListBuildsAsync("victim", 10, CancellationToken.None)).Builds);
        Assert.False(File.Exists(pwned), "the words after the NUL ran as a command");
        Assert.False(File.Exists(childRan), "the victim pipeline ran");
    }
}
