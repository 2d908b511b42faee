using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ElasticCI.Agent.Api;
using ElasticCI.Agent.Tests.Fakes;
using ElasticCI.Agent.Workers;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests;

public sealed class AgentHostTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly ConcurrentQueue<FakeAgentApi> _apis = new();
    private readonly TaskCompletionSource _apiCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task RunAsync_InvalidOptions_ReturnsTwoWithoutRegistering()
    {
        var code = await CreateHost(stopAtOnce: true).RunAsync(new AgentOptions(), CancellationToken.None, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(AgentHost.ExitInvalidOptions, code);
        Assert.Empty(_apis);
    }

    [Fact]
    public async Task RunAsync_RealClientGets401_ReturnsNonZeroAfterOneRequest()
    {
        var handler = new StatusHandler(HttpStatusCode.Unauthorized);
        using var http = new HttpClient(handler);
        var host = new AgentHost(new TestLoggerFactory(output), TimeProvider.System, http);

        var code = await host.RunAsync(Options(), CancellationToken.None, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(AgentWorker.ExitRegistrationFailed, code);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:1/api/agent/v1/register", request.RequestUri!.ToString());
        Assert.Equal("Token token", request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task RunAsync_SpawnTwo_RegistersOneSuffixedAgentPerWorker()
    {
        var options = Options();
        options.Spawn = 2;

        var code = await CreateHost(stopAtOnce: true).RunAsync(options, CancellationToken.None, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(0, code);
        var names = _apis.SelectMany(a => a.Registrations).Select(r => r.Name).Order().ToList();
        Assert.Equal(["box-1", "box-2"], names);
        Assert.All(_apis, a => Assert.True(a.Disconnected.Task.IsCompleted));
    }

    [Fact]
    public async Task RunAsync_ParentProcessGone_StopsAllWorkers()
    {
        using var parent = Process.Start(new ProcessStartInfo("/bin/sleep", "1000") { UseShellExecute = false })!;
        var options = Options();
        options.ParentPid = parent.Id;
        var running = CreateHost(stopAtOnce: false).RunAsync(options, CancellationToken.None, CancellationToken.None);
        await _apiCreated.Task.WaitAsync(Timeout);
        await Assert.Single(_apis).Registered.Task.WaitAsync(Timeout);
        Assert.False(running.IsCompleted);

        parent.Kill();
        await parent.WaitForExitAsync();
        var code = await running.WaitAsync(Timeout);

        Assert.Equal(0, code);
        Assert.True(_apis.Single().Disconnected.Task.IsCompleted);
    }

    private sealed class StatusHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("") });
        }
    }

    private static AgentOptions Options() => new()
    {
        ServerUrl = "http://127.0.0.1:1",
        RegistrationToken = "token",
        Name = "box",
        BuildPath = Path.Combine(Path.GetTempPath(), "elastic-ci-host-tests"),
    };

    private AgentHost CreateHost(bool stopAtOnce) => new(
        new TestLoggerFactory(output),
        TimeProvider.System,
        _ =>
        {
            var api = new FakeAgentApi();
            if (stopAtOnce)
            {
                api.EnqueueStop();
            }
            _apis.Enqueue(api);
            _apiCreated.TrySetResult();
            return api;
        },
        new AgentResilience(TimeProvider.System, TimeSpan.FromMilliseconds(1)));
}
