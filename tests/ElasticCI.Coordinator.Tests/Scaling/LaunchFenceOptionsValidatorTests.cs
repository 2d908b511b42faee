using ElasticCI.Cluster;
using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Tests.Scaling;

public sealed class LaunchFenceOptionsValidatorTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("elastic-ci-launch-fence-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Validate_Defaults_SucceedWithALeaseAndAlone()
    {
        Assert.True(new LaunchFenceOptionsValidator(new FakeLeadership()).Validate(null, new LaunchFenceOptions()).Succeeded);
        Assert.True(new LaunchFenceOptionsValidator(new SoleLeadership("alone")).Validate(null, new LaunchFenceOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EveryBadSetting_ListsEveryProblem()
    {
        // FakeLeadership's lease is 2 s: a 1 s margin is half of it, so a healthy leader could fence its own launches.
        var result = new LaunchFenceOptionsValidator(new FakeLeadership()).Validate(null, new LaunchFenceOptions
        {
            TermMargin = TimeSpan.FromSeconds(1),
            LaunchCallBound = TimeSpan.Zero,
        });

        var failures = Assert.IsAssignableFrom<IEnumerable<string>>(result.Failures).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("LaunchFence TermMargin must be less than half the lease (00:00:02), was 00:00:01.", failures);
        Assert.Contains("LaunchFence LaunchCallBound must be between 1 second and 10 minutes, was 00:00:00.", failures);
    }

    [Fact]
    public void Validate_NegativeMarginOrBoundTooLong_Fails()
    {
        var result = new LaunchFenceOptionsValidator(new SoleLeadership("alone")).Validate(null, new LaunchFenceOptions
        {
            TermMargin = TimeSpan.FromSeconds(-1),
            LaunchCallBound = TimeSpan.FromMinutes(11),
        });

        var failures = Assert.IsAssignableFrom<IEnumerable<string>>(result.Failures).ToList();
        Assert.Equal(2, failures.Count);
        Assert.Contains("LaunchFence TermMargin must be positive, was -00:00:01.", failures);
        Assert.Contains(failures, f => f.StartsWith("LaunchFence LaunchCallBound", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_BadLaunchFenceOption_ValidateOnStartStopsTheHost()
    {
        var options = new CoordinatorOptions { DataDirectory = Path.Combine(_directory.FullName, "host"), Listen = "127.0.0.1:0" };
        await using var app = await CoordinatorHost.BuildAsync(options, null,
            services => services.Configure<LaunchFenceOptions>(o => o.LaunchCallBound = TimeSpan.FromMilliseconds(10)), CancellationToken.None);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(CancellationToken.None));

        Assert.Contains("LaunchFence LaunchCallBound must be between 1 second and 10 minutes, was 00:00:00.0100000.", error.Failures);
    }
}
