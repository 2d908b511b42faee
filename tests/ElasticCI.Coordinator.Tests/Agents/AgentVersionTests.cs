using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ElasticCI.Client;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Coordinator.Tests.Agents;

/// <summary>The version an agent sends at registration is stored with it and shown by the agents list; a bad one is refused.</summary>
public sealed class AgentVersionTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Register_WithVersion_StoredAndListed()
    {
        var agent = new AgentApiClient(_fixture.Http);

        await agent.RegisterAsync(_fixture.Tokens.AgentToken,
            new RegisterAgentRequest("versioned", new Dictionary<string, string>(), null, null, 1, Version: "3.1.4-rc.1"), CancellationToken.None);
        await agent.RegisterAsync(_fixture.Tokens.AgentToken, new RegisterAgentRequest("old", new Dictionary<string, string>(), null, null, 1), CancellationToken.None);

        var listed = await AgentsAsync();
        Assert.Equal("3.1.4-rc.1", listed["versioned"]);
        Assert.Null(listed["old"]);
        Assert.Equal("3.1.4-rc.1", await _fixture.QueryStoreAsync("SELECT version FROM agents WHERE name = 'versioned'"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.0\u0000evil")]
    [InlineData("1.0\nsecond line")]
    public async Task Register_BadVersion_Returns400AndRegistersNothing(string version)
    {
        var agent = new AgentApiClient(_fixture.Http);

        var error = await Assert.ThrowsAsync<CoordinatorException>(() => agent.RegisterAsync(_fixture.Tokens.AgentToken,
            new RegisterAgentRequest("bad-version", new Dictionary<string, string>(), null, null, 1, Version: version), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        // NUL is caught by the control-character check every request passes; the rest by the version rule. Either names the field.
        Assert.Contains("version", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bad-version", (await AgentsAsync()).Keys);
    }

    [Fact]
    public async Task Register_VersionTooLong_Returns400()
    {
        var agent = new AgentApiClient(_fixture.Http);

        var error = await Assert.ThrowsAsync<CoordinatorException>(() => agent.RegisterAsync(_fixture.Tokens.AgentToken,
            new RegisterAgentRequest("long-version", new Dictionary<string, string>(), null, null, 1, Version: new string('1', 101)), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    private async Task<Dictionary<string, string?>> AgentsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/dashboard/agents");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);
        using var response = await _fixture.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("agents").EnumerateArray()
            .ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("version").GetString());
    }
}
