using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ElasticCI.Agent.Jobs.JobApi;
using ElasticCI.Protocol;
using ElasticCI.Protocol.JobApi;

namespace ElasticCI.Agent.Tests.Jobs.JobApi;

/// <summary>The per-job job API over a real Unix socket: token, actions, bad requests.</summary>
public sealed class JobApiServerTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("elastic-ci-jobapi-");
    private JobApiServer _server = null!;

    public Task InitializeAsync()
    {
        _server = JobApiServer.Start(_directory.FullName);
        _server.Environment.Snapshot(new Dictionary<string, string> { ["KEEP"] = "1", ["DROP"] = "2" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task SetUnsetGet_WithTheToken_ChangesAreSeenAndAppliedBetweenSteps()
    {
        var set = await SendAsync(new JobApiRequest(_server.Token, JobApiActions.Set, null, new Dictionary<string, string> { ["NEW"] = "3" }));
        var unset = await SendAsync(new JobApiRequest(_server.Token, JobApiActions.Unset, ["DROP"], null));
        var get = await SendAsync(new JobApiRequest(_server.Token, JobApiActions.Get, [], null));
        var environment = new Dictionary<string, string> { ["KEEP"] = "1", ["DROP"] = "2" };

        var applied = _server.Environment.ApplyTo(environment);

        Assert.Empty(set.Errors);
        Assert.Empty(unset.Errors);
        Assert.Equal(new Dictionary<string, string> { ["KEEP"] = "1", ["NEW"] = "3" }, get.Env);
        Assert.Equal(2, applied);
        Assert.Equal(new Dictionary<string, string> { ["KEEP"] = "1", ["NEW"] = "3" }, environment);
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("{\"token\":\"wrong\",\"action\":\"get\"}", "token is missing or wrong")]
    [InlineData("{\"action\":\"get\"}", "token is missing or wrong")]
    [InlineData("{\"token\":\"@SECRET@\",\"action\":\"dump\"}", "Unknown action 'dump'")]
    [InlineData("{\"token\":\"@SECRET@\",\"action\":\"set\",\"values\":{\"BUILDKITE_AGENT_ACCESS_TOKEN\":\"x\",\"A=B\":\"y\"}}", "BUILDKITE_AGENT_ACCESS_TOKEN is protected")]
    [InlineData("{\"token\":\"@SECRET@\",\"action\":\"set\",\"values\":{\"A=B\":\"y\"}}", "'A=B' is not a valid variable name")]
    [InlineData("{\"token\":\"@SECRET@\",\"action\":\"set\",\"values\":{\"NUL\":\"a\\u0000b\"}}", "contains a NUL byte")]
    [InlineData("{\"token\":\"@SECRET@\",\"action\":\"unset\",\"names\":[\"BUILDKITE_JOB_ID\"]}", "BUILDKITE_JOB_ID is protected")]
    public async Task Request_BadOrRefused_AnswersErrorsAndChangesNothing(string line, string expected)
    {
        var response = await SendRawAsync(line.Replace("@SECRET@", _server.Token, StringComparison.Ordinal));
        var environment = new Dictionary<string, string>();

        Assert.Null(response.Env);
        Assert.Contains(response.Errors, error => error.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(0, _server.Environment.ApplyTo(environment));
    }

    [Fact]
    public async Task Request_LargerThanTheLimit_IsRefused()
    {
        var response = await SendRawAsync(new string('x', JobApiServer.MaxRequestBytes + 10));

        Assert.Contains(response.Errors, error => error.Contains("larger than", StringComparison.Ordinal));
    }

    [Fact]
    public void Socket_IsOnlyForTheAgentsUser()
        => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_server.SocketPath));

    private Task<JobApiResponse> SendAsync(JobApiRequest request)
        => SendRawAsync(JsonSerializer.Serialize(request, ProtocolJsonContext.Default.JobApiRequest));

    private async Task<JobApiResponse> SendRawAsync(string line)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(_server.SocketPath));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        using var reader = new StreamReader(stream);
        var answer = await reader.ReadLineAsync();
        return JsonSerializer.Deserialize(answer!, ProtocolJsonContext.Default.JobApiResponse)!;
    }
}
