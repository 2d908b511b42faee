using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ElasticCI.Coordinator.Security;

namespace ElasticCI.Coordinator.Tests.Agents;

/// <summary>
/// Named long-lived registration tokens scoped to queues (<c>agentTokens:</c>): a token registers agents on its queues
/// only, the refusal is a 403 problem naming the queue (never the token), the unnamed <c>agent-token</c> keeps
/// registering agents on any queue, and a named token can be rotated.
/// </summary>
public sealed class ScopedAgentTokenTests : IAsyncLifetime
{
    private CoordinatorFixture _coordinator = null!;

    public async Task InitializeAsync() => _coordinator = await CoordinatorFixture.StartAsync(o => o.AgentTokens =
        [new AgentTokenScope("deploy", ["deploy"]), new AgentTokenScope("builders", ["linux", "arm"])]);

    public async Task DisposeAsync() => await _coordinator.DisposeAsync();

    private string TokenFile(string name) => Path.Combine(_coordinator.DataDirectory, ScopedAgentTokens.Directory, name);

    [Fact]
    public async Task AgentProcess_ScopedTokenOnItsQueue_RegistersAndRunsTheJob()
    {
        var token = (await File.ReadAllTextAsync(TokenFile("deploy"))).Trim();
        _coordinator.AgentEnvironment["ELASTIC_CI_AGENT_TOKEN"] = token;
        _coordinator.StartAgent("deployer", queue: "deploy");

        var build = await _coordinator.CreateBuildAsync("steps:\n  - command: echo deployed-by-scoped-agent\n    agents: { queue: deploy }\n");
        var done = await _coordinator.WaitForPassedOrFailedAsync(build.Id);

        Assert.Equal("passed", done.State);
        Assert.Equal("deployer", done.Jobs[0].Agent?.Name);
        Assert.Contains("deployed-by-scoped-agent", await _coordinator.LogAsync(done.Jobs[0].Id), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile("deploy")));
    }

    [Fact]
    public async Task AgentProcess_ScopedTokenOnAnotherQueue_RefusedAndExits()
    {
        var token = (await File.ReadAllTextAsync(TokenFile("deploy"))).Trim();
        _coordinator.AgentEnvironment["ELASTIC_CI_AGENT_TOKEN"] = token;
        var agent = _coordinator.StartAgent("rogue", queue: "victim");

        Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(90)), "the agent kept running with a token scoped to another queue");
        Assert.NotEqual(0, agent.ExitCode);
        Assert.Equal(0L, await _coordinator.QueryStoreAsync("SELECT COUNT(*) FROM agents"));
    }

    [Fact]
    public async Task Register_ScopedTokenOutsideItsQueues_403NamingTheQueueNotTheToken()
    {
        var deploy = (await File.ReadAllTextAsync(TokenFile("deploy"))).Trim();
        var builders = (await File.ReadAllTextAsync(TokenFile("builders"))).Trim();

        var (status, body) = await RegisterAsync(deploy, "victim");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        using var problem = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal("This registration token may not register agents on queue 'victim'", problem.RootElement.GetProperty("title").GetString());
        Assert.StartsWith("the agent token 'deploy' registers agents on queue(s) deploy only", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(deploy, body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await RegisterAsync(builders, "deploy")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await RegisterAsync(deploy, null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await RegisterAsync(deploy, "deploy")).Status);
        Assert.Equal(HttpStatusCode.OK, (await RegisterAsync(builders, "arm")).Status);
        // The unnamed token keeps its meaning: any queue.
        Assert.Equal(HttpStatusCode.OK, (await RegisterAsync(_coordinator.Tokens.AgentToken, "victim")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RegisterAsync(deploy + "x", "deploy")).Status);
    }

    [Fact]
    public async Task RotateNamedToken_OldRefusedNewRegistersOthersUnchanged()
    {
        var old = (await File.ReadAllTextAsync(TokenFile("deploy"))).Trim();
        var builders = (await File.ReadAllTextAsync(TokenFile("builders"))).Trim();
        var unnamed = _coordinator.Tokens.AgentToken;

        var (exit, output, error) = await _coordinator.RunCliAsync("token", "rotate", "agent", "--name", "deploy");

        Assert.True(exit == 0, $"{output}\n{error}");
        Assert.Contains(TokenFile("deploy"), output, StringComparison.Ordinal);
        var written = (await File.ReadAllTextAsync(TokenFile("deploy"))).Trim();
        Assert.NotEqual(old, written);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RegisterAsync(old, "deploy")).Status);
        Assert.Equal(HttpStatusCode.OK, (await RegisterAsync(written, "deploy")).Status);
        Assert.Equal(HttpStatusCode.OK, (await RegisterAsync(builders, "linux")).Status);
        Assert.Equal(unnamed, _coordinator.Tokens.AgentToken);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile("deploy")));
    }

    [Fact]
    public async Task RotateNamedToken_UnknownName_FailsNamingTheKnownOnesNothingChanged()
    {
        var before = (await File.ReadAllTextAsync(TokenFile("deploy"))).Trim();

        var (exit, _, error) = await _coordinator.RunCliAsync("token", "rotate", "agent", "--name", "nope");

        Assert.NotEqual(0, exit);
        Assert.Contains("there is no agent token named 'nope' (known: deploy, builders); nothing was rotated", error, StringComparison.Ordinal);
        Assert.Equal(before, (await File.ReadAllTextAsync(TokenFile("deploy"))).Trim());
        Assert.DoesNotContain(TokenFile("nope"), Directory.GetFiles(Path.Combine(_coordinator.DataDirectory, ScopedAgentTokens.Directory)));
    }

    private async Task<(HttpStatusCode Status, string Body)> RegisterAsync(string token, string? queue)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/agent/v1/register");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        var tags = queue is null ? "{}" : $$"""{"queue":"{{queue}}"}""";
        request.Content = new StringContent($$"""{"name":"probe","tags":{{tags}},"hostname":"h","pid":1}""", Encoding.UTF8, "application/json");
        using var response = await _coordinator.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
