using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ElasticCI.Coordinator.Security;
using ElasticCI.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Tests.Agents;

/// <summary>
/// Agent registration bound to the instance: a launched instance's credential registers its agents once each, on its
/// queue and as its instance, until it expires; the long-lived token can be rotated and the old one stops working.
/// </summary>
public sealed class RegistrationCredentialTests : IAsyncLifetime
{
    private CoordinatorFixture _coordinator = null!;

    public async Task InitializeAsync() => _coordinator = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _coordinator.DisposeAsync();

    [Fact]
    public async Task Register_InstanceCredential_OncePerAgentOnItsQueueOnly()
    {
        var credential = await IssueAsync("i-one", "build", uses: 1, TimeSpan.FromMinutes(5));

        Assert.Equal(HttpStatusCode.Forbidden, await RegisterAsync(await IssueAsync("i-two", "build", 1, TimeSpan.FromMinutes(5)), "victim", null));
        Assert.Equal(HttpStatusCode.OK, await RegisterAsync(credential, "build", "i-one"));
        // Spent: the same credential, found later by a job, registers nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, await RegisterAsync(credential, "build", "i-one"));
    }

    [Fact]
    public async Task Register_InstanceCredentialForAnotherInstanceOrExpired_Refused()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await RegisterAsync(await IssueAsync("i-three", "build", 2, TimeSpan.FromMinutes(5)), "build", "i-other"));
        Assert.Equal(HttpStatusCode.Unauthorized, await RegisterAsync(await IssueAsync("i-four", "build", 2, TimeSpan.FromMilliseconds(-1)), "build", "i-four"));
        Assert.Equal(HttpStatusCode.Unauthorized, await RegisterAsync("not-a-credential-at-all", "build", null));
    }

    [Fact]
    public async Task RotateAgentToken_OldTokenRefusedNewOneInFileRegisters()
    {
        var old = _coordinator.Tokens.AgentToken;

        var (exit, output, error) = await _coordinator.RunCliAsync("token", "rotate", "agent");

        Assert.True(exit == 0, $"{output}\n{error}");
        var written = (await File.ReadAllTextAsync(Path.Combine(_coordinator.DataDirectory, TokenFiles.AgentTokenFile))).Trim();
        Assert.NotEqual(old, written);
        Assert.Equal(HttpStatusCode.Unauthorized, await RegisterAsync(old, "default", null));
        Assert.Equal(HttpStatusCode.OK, await RegisterAsync(written, "default", null));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_coordinator.DataDirectory, TokenFiles.AgentTokenFile)));
    }

    [Fact]
    public async Task RotateToken_UnknownKind_UsageErrorNothingChanged()
    {
        var old = _coordinator.Tokens.AgentToken;

        var (exit, _, error) = await _coordinator.RunCliAsync("token", "rotate", "api");

        Assert.Equal(2, exit);
        Assert.Contains("unknown token 'api' (known: agent)", error, StringComparison.Ordinal);
        Assert.Equal(old, _coordinator.Tokens.AgentToken);
    }

    private async Task<string> IssueAsync(string instanceId, string queue, int uses, TimeSpan lifetime)
    {
        var credential = AccessTokens.Create();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        await _coordinator.Services.GetRequiredService<IRegistrationCredentialStore>()
            .IssueRegistrationCredentialAsync(AccessTokens.Hash(credential), instanceId, queue, uses, now, now + lifetime, CancellationToken.None);
        return credential;
    }

    private async Task<HttpStatusCode> RegisterAsync(string token, string queue, string? instanceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/agent/v1/register");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        var instance = instanceId is null ? "null" : $"\"{instanceId}\"";
        request.Content = new StringContent($$"""{"name":"probe","tags":{"queue":"{{queue}}"},"instanceId":{{instance}},"hostname":"h","pid":1}""", Encoding.UTF8, "application/json");
        using var response = await _coordinator.Http.SendAsync(request);
        return response.StatusCode;
    }
}
