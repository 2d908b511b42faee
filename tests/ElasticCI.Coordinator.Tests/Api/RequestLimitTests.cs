using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>Limits that protect the store answer with a problem body; artifacts above the JSON request limit still upload.</summary>
public sealed class RequestLimitTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData("application/json", 0, HttpStatusCode.BadRequest, "The request is invalid")]
    [InlineData("text/plain", 10, HttpStatusCode.UnsupportedMediaType, "The media type is not supported")]
    public async Task CreateBuild_RefusedBeforeTheEndpoint_HasAProblemBody(string mediaType, int padding, HttpStatusCode status, string title)
    {
        var body = padding == 0 ? "{\"pipeline\": " : "{\"pipeline\": \"ok\", \"yaml\": \"" + new string('x', padding) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/builds") { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);

        using var response = await _fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task CreateBuild_BodyAboveTheRequestLimit_413WithAProblemBody()
    {
        // Raw HTTP: the server answers as soon as it sees the length, before the client has sent the body.
        var uri = new Uri(_fixture.Url);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        await using var stream = tcp.GetStream();
        var head = $"POST /api/v1/builds HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {_fixture.Tokens.ApiToken}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {5 * 1024 * 1024}\r\n\r\n{{\"pipeline\": \"ok\", \"yaml\": \"";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.UTF8);

        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"The request body is too large\"", response, StringComparison.Ordinal);
        Assert.Contains("may be at most 4194304 bytes", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateBuild_EnvValueAboveTheKernelArgumentLimit_Returns400NamingTheLimit()
    {
        var error = await Assert.ThrowsAsync<ElasticCI.Client.CoordinatorException>(() => _fixture.Client.CreateBuildAsync(
            new ElasticCI.Protocol.Builds.CreateBuildRequest("ok", "steps:\n  - command: true\n", Env: new Dictionary<string, string> { ["BIG"] = new string('x', 200_000) }),
            CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("env.BIG is 200005 bytes as NAME=value; one environment variable may be at most 131072 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("MAX_ARG_STRLEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArtifactUpload_50MiB_AboveTheJsonLimit_Uploads()
    {
        _fixture.StartAgent("agent-big-artifact");

        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: |
                  head -c 52428800 /dev/urandom > big.bin
                  sha256sum big.bin
                  buildkite-agent artifact upload big.bin
            """);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/builds/{build.Id}/artifacts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);
        using var response = await _fixture.Http.SendAsync(request);
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var artifact = Assert.Single(list.RootElement.GetProperty("artifacts").EnumerateArray());
        Assert.Equal(("big.bin", 52428800L), (artifact.GetProperty("path").GetString(), artifact.GetProperty("size").GetInt64()));
        Assert.Contains(artifact.GetProperty("sha256").GetString() + "  big.bin", log, StringComparison.Ordinal);
    }
}
