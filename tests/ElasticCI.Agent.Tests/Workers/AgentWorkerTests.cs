using System.Net;
using ElasticCI.Agent.Api;
using ElasticCI.Agent.Tests.Fakes;
using ElasticCI.Agent.Tests.Jobs;
using ElasticCI.Agent.Workers;
using ElasticCI.Client;
using ElasticCI.Protocol.Agents;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Workers;

public sealed class AgentWorkerTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly FakeAgentApi _api = new();
    private readonly JobRunnerFixture _fixture = new(output);
    private readonly CancellationTokenSource _graceful = new();
    private readonly CancellationTokenSource _hard = new();

    public void Dispose()
    {
        // A test that failed half-way must not leave its job running.
        _hard.Cancel();
        _graceful.Dispose();
        _hard.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public async Task RunAsync_RegistrationRefused_ReturnsNonZeroWithoutDisconnecting()
    {
        _api.OnRegister = _ => throw new CoordinatorException(HttpStatusCode.Unauthorized, null);

        var code = await Create(Options()).RunAsync(_graceful.Token, _hard.Token).WaitAsync(Timeout);

        Assert.Equal(AgentWorker.ExitRegistrationFailed, code);
        Assert.False(_api.Disconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_RegistrationFailsTransiently_RetriesAndRegisters()
    {
        var calls = 0;
        _api.OnRegister = request => ++calls < 3
            ? throw new HttpRequestException("connection refused")
            : new RegisterAgentResponse("agent-1", request.Name, "access", 0.1, 25);
        _api.EnqueueStop();

        var code = await Create(Options()).RunAsync(_graceful.Token, _hard.Token).WaitAsync(Timeout);

        Assert.Equal(AgentWorker.ExitOk, code);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task RunAsync_DisconnectAfterJob_RegistersRunsOneJobAndDisconnects()
    {
        var options = Options();
        options.DisconnectAfterJob = true;
        options.Queue = "linux";
        options.Tags["arch"] = "x64";
        options.InstanceId = "i-123";
        _api.EnqueueJob(JobRunnerFixture.Job("echo hello from job"));
        _api.EnqueueJob(JobRunnerFixture.Job("echo second job must not run"));

        var code = await Create(options).RunAsync(_graceful.Token, _hard.Token).WaitAsync(Timeout);

        Assert.Equal(AgentWorker.ExitOk, code);
        var registration = Assert.Single(_api.Registrations);
        Assert.Equal("worker-a", registration.Name);
        Assert.Equal("linux", registration.Tags["queue"]);
        Assert.Equal("x64", registration.Tags["arch"]);
        Assert.Equal("i-123", registration.InstanceId);
        Assert.Equal(Environment.ProcessId, registration.Pid);
        Assert.Equal(0, Assert.Single(_api.Finishes).Request.ExitStatus);
        Assert.Contains("hello from job", _api.LogText);
        Assert.True(_api.Disconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_HeartbeatSaysStop_DrainsAndDisconnects()
    {
        _api.OnHeartbeat = () => new HeartbeatResponse(AgentActions.Stop, []);

        var code = await Create(Options()).RunAsync(_graceful.Token, _hard.Token).WaitAsync(Timeout);

        Assert.Equal(AgentWorker.ExitOk, code);
        Assert.True(_api.HeartbeatCalls >= 1);
        Assert.True(_api.Disconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_PollSaysStop_Exits()
    {
        _api.EnqueueStop();

        var code = await Create(Options()).RunAsync(_graceful.Token, _hard.Token).WaitAsync(Timeout);

        Assert.Equal(AgentWorker.ExitOk, code);
        Assert.True(_api.Disconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_IdleTimeout_ExitsWhenNoJobCame()
    {
        var options = Options();
        options.DisconnectAfterIdleTimeout = TimeSpan.FromMilliseconds(200);

        var code = await Create(options).RunAsync(_graceful.Token, _hard.Token).WaitAsync(Timeout);

        Assert.Equal(AgentWorker.ExitOk, code);
        Assert.True(_api.Disconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_MaxUptime_ExitsWhenNoJobCame()
    {
        var options = Options();
        options.DisconnectAfterUptime = TimeSpan.FromMilliseconds(200);

        var code = await Create(options).RunAsync(_graceful.Token, _hard.Token).WaitAsync(Timeout);

        Assert.Equal(AgentWorker.ExitOk, code);
        Assert.True(_api.Disconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_UptimePassesDuringJob_FinishesItAndTakesNoMore()
    {
        var options = Options();
        options.DisconnectAfterUptime = TimeSpan.FromMilliseconds(300);
        _api.EnqueueJob(JobRunnerFixture.Job("sleep 0.6\necho long job done"));
        _api.EnqueueJob(JobRunnerFixture.Job("echo second job must not run"));

        var code = await Create(options).RunAsync(_graceful.Token, _hard.Token).WaitAsync(Timeout);

        Assert.Equal(AgentWorker.ExitOk, code);
        Assert.Equal(0, Assert.Single(_api.Finishes).Request.ExitStatus);
        Assert.Contains("long job done", _api.LogText);
        Assert.DoesNotContain("second job", _api.LogText);
    }

    [Fact]
    public async Task RunAsync_HeartbeatListsRunningJob_CancelsIt()
    {
        var cancelNow = false;
        _api.OnHeartbeat = () => new HeartbeatResponse(AgentActions.Continue, Volatile.Read(ref cancelNow) ? ["job-1"] : []);
        _api.EnqueueJob(JobRunnerFixture.Job("echo ready\nsleep 1000"));
        var running = Create(Options()).RunAsync(_graceful.Token, _hard.Token);

        await _api.WaitForLogAsync("\nready\n").WaitAsync(Timeout);
        Volatile.Write(ref cancelNow, true);
        var finish = await _api.Finished.Task.WaitAsync(Timeout);
        await _graceful.CancelAsync();

        Assert.Equal(AgentWorker.ExitOk, await running.WaitAsync(Timeout));
        Assert.Equal(143, finish.ExitStatus);
        Assert.Equal("cancel", finish.SignalReason);
    }

    [Fact]
    public async Task RunAsync_GracefulStopDuringJob_FinishesJobThenDisconnects()
    {
        _api.EnqueueJob(JobRunnerFixture.Job("echo ready\nwhile [ ! -e go ]; do sleep 0.05; done\necho finished"));
        var running = Create(Options()).RunAsync(_graceful.Token, _hard.Token);

        await _api.WaitForLogAsync("\nready\n").WaitAsync(Timeout);
        await _graceful.CancelAsync();
        Assert.False(_api.Disconnected.Task.IsCompleted);
        await File.WriteAllTextAsync(Path.Combine(_fixture.BuildPath, "worker-a", "my-pipeline", "go"), "");

        Assert.Equal(AgentWorker.ExitOk, await running.WaitAsync(Timeout));
        var finish = Assert.Single(_api.Finishes).Request;
        Assert.Equal(0, finish.ExitStatus);
        Assert.Null(finish.SignalReason);
        Assert.Contains("finished", _api.LogText);
        Assert.True(_api.Disconnected.Task.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_HardStopDuringJob_CancelsJobWithAgentStopAndDisconnects()
    {
        _api.EnqueueJob(JobRunnerFixture.Job("echo ready\nsleep 1000"));
        var running = Create(Options()).RunAsync(_graceful.Token, _hard.Token);

        await _api.WaitForLogAsync("\nready\n").WaitAsync(Timeout);
        await _graceful.CancelAsync();
        await _hard.CancelAsync();

        Assert.Equal(AgentWorker.ExitOk, await running.WaitAsync(Timeout));
        var finish = Assert.Single(_api.Finishes).Request;
        Assert.Equal(143, finish.ExitStatus);
        Assert.Equal("agent_stop", finish.SignalReason);
        Assert.True(_api.Disconnected.Task.IsCompleted);
    }

    private AgentOptions Options() => new()
    {
        ServerUrl = "http://127.0.0.1:1",
        RegistrationToken = JobRunnerFixture.RegistrationToken,
        Name = "worker-a",
        BuildPath = _fixture.BuildPath,
    };

    private AgentWorker Create(AgentOptions options) => new(
        _api,
        options,
        options.Name!,
        new AgentResilience(TimeProvider.System, TimeSpan.FromMilliseconds(1)),
        TimeProvider.System,
        new TestLoggerFactory(output))
    {
        InheritedEnvironment = () => _fixture.Inherited,
    };
}
