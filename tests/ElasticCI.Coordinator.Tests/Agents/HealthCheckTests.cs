using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ElasticCI.Coordinator.Tests.Agents;

/// <summary>`--health-check-addr`: real HTTP against a running agent process.</summary>
public sealed class HealthCheckTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fixture.DisposeAsync();
    }

    [Fact]
    public async Task HealthCheck_IdleThenBusyThenStopping_AnswersOkStatusThen503()
    {
        var address = $"127.0.0.1:{FreePort()}";
        var agent = _fixture.StartAgent("agent-health", 1, "default", extraArgs: ["--health-check-addr", address]);
        var root = new Uri($"http://{address}/");
        await UntilAsync(root, HttpStatusCode.OK);
        await UntilRegisteredAsync(root);
        Assert.Equal("OK", await _http.GetStringAsync(root));
        var idle = await StatusAsync(root);
        Assert.Equal("agent-health", idle.GetProperty("name").GetString());
        Assert.Equal("idle", idle.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, idle.GetProperty("lastHeartbeat").ValueKind);

        var marker = Path.Combine(_fixture.DataDirectory, "release-health");
        var build = await _fixture.CreateBuildAsync($"steps:\n  - command: while [ ! -e {marker} ]; do sleep 0.1; done\n");
        var running = await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "running");
        var busy = await StatusAsync(root);
        Assert.Equal("busy", busy.GetProperty("state").GetString());
        Assert.Equal(running.Jobs[0].Id, busy.GetProperty("jobId").GetString());

        // Graceful stop: the running job is finished first, and meanwhile the agent reports it is going away.
        using (var kill = Process.Start("kill", ["-TERM", agent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await UntilAsync(root, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("stopping", (await StatusAsync(root)).GetProperty("state").GetString());
        await File.WriteAllTextAsync(marker, "go");
        await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("passed", (await _fixture.WaitForPassedOrFailedAsync(build.Id)).State);
    }

    [Fact]
    public async Task HealthCheck_CoordinatorUnreachablePastTheLostThreshold_Answers503()
    {
        var address = $"127.0.0.1:{FreePort()}";
        _fixture.StartAgent("agent-lonely", 1, "default", extraArgs: ["--health-check-addr", address]);
        var root = new Uri($"http://{address}/");
        await UntilAsync(root, HttpStatusCode.OK);
        await UntilRegisteredAsync(root);

        await _fixture.StopCoordinatorAsync();

        await UntilAsync(root, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("unreachable", await (await _http.GetAsync(root)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await StatusAsync(root)).GetProperty("coordinatorUnreachable").GetBoolean());
    }

    [Theory]
    [InlineData("nowhere")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("127.0.0.1:0")]
    public async Task AgentStart_BadHealthCheckAddress_ExitsTwo(string address)
    {
        var (exit, _, error) = await _fixture.RunCliAsync("agent", "start", "--health-check-addr", address,
            "--build-path", Path.Combine(_fixture.DataDirectory, "health-builds"));

        Assert.Equal(2, exit);
        Assert.Equal(0L, await _fixture.QueryStoreAsync("SELECT COUNT(*) FROM agents"));
        Assert.True(exit == 2, error);
    }

    [Fact]
    public async Task AgentStart_HealthCheckPortInUse_ExitsTwoWithoutRegistering()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, _, _) = await _fixture.RunCliAsync("agent", "start", "--health-check-addr", $"127.0.0.1:{port}",
            "--build-path", Path.Combine(_fixture.DataDirectory, "health-builds"));

        Assert.Equal(2, exit);
        Assert.Equal(0L, await _fixture.QueryStoreAsync("SELECT COUNT(*) FROM agents"));
    }

    private async Task<JsonElement> StatusAsync(Uri root)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(root, "status")));
        return document.RootElement.GetProperty("workers")[0].Clone();
    }

    /// <summary>Polls until GET / answers <paramref name="expected"/> (the agent process needs time to start or notice).</summary>
    private async Task UntilAsync(Uri root, HttpStatusCode expected)
    {
        var deadline = Stopwatch.StartNew();
        HttpStatusCode? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await _http.GetAsync(root);
                last = response.StatusCode;
                if (last == expected)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"GET {root} never answered {expected}; last {last}");
    }

    /// <summary>Polls GET /status until the worker has registered (state "starting" before that).</summary>
    private async Task UntilRegisteredAsync(Uri root)
    {
        var deadline = Stopwatch.StartNew();
        while ((await StatusAsync(root)).GetProperty("state").GetString() == "starting")
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the agent never registered");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
