using ElasticCI.Coordinator.Metrics;
using ElasticCI.Stacks;
using ElasticCI.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ElasticCI.Coordinator.Tests.Metrics;

/// <summary><c>MetricsSource: buildkite</c> read over real HTTP from our own coordinator's <c>/v3</c>, on a fake clock.</summary>
public sealed class DemandReaderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private CoordinatorFixture _fixture = null!;
    private SqliteStore _localStore = null!;
    private BuildkiteMetricsClient _client = null!;
    private string _tokenFile = "";

    public async Task InitializeAsync()
    {
        _fixture = await CoordinatorFixture.StartAsync();
        _localStore = await SqliteStore.OpenAsync($"Data Source={Path.Combine(_fixture.DataDirectory, "reader.db")};Pooling=false", CancellationToken.None);
        _client = new BuildkiteMetricsClient(_time);
        _tokenFile = Path.Combine(_fixture.DataDirectory, "remote-token");
        await File.WriteAllTextAsync(_tokenFile, _fixture.Tokens.AgentToken + "\n");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _localStore.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    private StackDefinition Stack(string endpoint) => new()
    {
        Name = "remote",
        Queue = "remote-q",
        MetricsSource = StackMetricsSources.Buildkite,
        BuildkiteAgentEndpoint = endpoint,
        BuildkiteAgentTokenFile = _tokenFile,
        MinPollInterval = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task Read_ServerAsksForTenSeconds_NeverPollsSoonerThanThat()
    {
        var reader = new DemandReader(_localStore, _client, _time, NullLogger<DemandReader>.Instance);
        var stack = Stack(_fixture.Url + "/v3");
        await _fixture.CreateBuildAsync("steps:\n  - command: 'true'\n    agents: { queue: remote-q }\n");

        var first = await reader.ReadAsync(stack, CancellationToken.None);
        await _fixture.CreateBuildAsync("steps:\n  - command: 'true'\n    agents: { queue: remote-q }\n");
        _time.Advance(TimeSpan.FromSeconds(5));
        var cached = await reader.ReadAsync(stack, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        var fresh = await reader.ReadAsync(stack, CancellationToken.None);

        Assert.Equal(1, first.Demand.Scheduled);
        Assert.Equal(1, cached.Demand.Scheduled);
        Assert.Equal(2, fresh.Demand.Scheduled);
        Assert.Contains("polled every 10s", fresh.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_SourceStartsRefusing_KeepsLastGoodValueForABoundedTime()
    {
        var reader = new DemandReader(_localStore, _client, _time, NullLogger<DemandReader>.Instance);
        var stack = Stack(_fixture.Url + "/v3");
        await _fixture.CreateBuildAsync("steps:\n  - command: 'true'\n    agents: { queue: remote-q }\n");
        await reader.ReadAsync(stack, CancellationToken.None);

        await File.WriteAllTextAsync(_tokenFile, "a-wrong-token-of-some-length");
        _time.Advance(TimeSpan.FromSeconds(10));
        var stale = await reader.ReadAsync(stack, CancellationToken.None);
        _time.Advance(DemandReader.StaleAfter(TimeSpan.FromSeconds(10)));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAsync(stack, CancellationToken.None));

        Assert.Equal(1, stale.Demand.Scheduled);
        Assert.Contains("401", stale.Note, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_NothingListening_FailsWithoutAValueToFallBackOn()
    {
        // Connection failures are retried after a backoff, so this client runs on the real clock.
        using var client = new BuildkiteMetricsClient(TimeProvider.System);
        var reader = new DemandReader(_localStore, client, _time, NullLogger<DemandReader>.Instance);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAsync(Stack($"http://127.0.0.1:{port}/v3"), CancellationToken.None));

        Assert.Contains("unavailable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_LocalSource_ReadsTheStore()
    {
        var reader = new DemandReader(_localStore, _client, _time, NullLogger<DemandReader>.Instance);

        var (demand, agents, note) = await reader.ReadAsync(new StackDefinition { Name = "l", Queue = "x" }, CancellationToken.None);

        Assert.Equal(0, demand.Scheduled);
        Assert.Null(agents);
        Assert.Null(note);
    }
}
