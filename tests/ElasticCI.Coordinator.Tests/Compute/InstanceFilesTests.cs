using System.Net;
using ElasticCI.Compute.Local;

namespace ElasticCI.Coordinator.Tests.Compute;

/// <summary>Fetching BootstrapScriptUrl / AgentEnvFileUrl for the local provider, including every refusal.</summary>
public sealed class InstanceFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elastic-ci-fetch-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task FetchAsync_AbsolutePathAndFileUrl_Copied()
    {
        var source = Path.Combine(_dir, "source.sh");
        await File.WriteAllTextAsync(source, "echo hi\n");

        await InstanceFiles.FetchAsync(_http, "BootstrapScriptUrl", source, Path.Combine(_dir, "a"), CancellationToken.None);
        await InstanceFiles.FetchAsync(_http, "BootstrapScriptUrl", new Uri(source).AbsoluteUri, Path.Combine(_dir, "b"), CancellationToken.None);

        Assert.Equal("echo hi\n", await File.ReadAllTextAsync(Path.Combine(_dir, "a")));
        Assert.Equal("echo hi\n", await File.ReadAllTextAsync(Path.Combine(_dir, "b")));
    }

    [Fact]
    public async Task FetchAsync_MissingFile_ClearError()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            InstanceFiles.FetchAsync(_http, "AgentEnvFileUrl", "/no/such/env", Path.Combine(_dir, "x"), CancellationToken.None));

        Assert.StartsWith("AgentEnvFileUrl '/no/such/env' could not be fetched:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_UnsupportedScheme_NotSupportedByLocal()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            InstanceFiles.FetchAsync(_http, "BootstrapScriptUrl", "s3://bucket/boot.sh", Path.Combine(_dir, "x"), CancellationToken.None));

        Assert.Equal("BootstrapScriptUrl 's3://bucket/boot.sh': scheme s3 is not supported by provider local", ex.Message);
    }

    [Fact]
    public async Task FetchAsync_HttpNotFound_ClearErrorWithStatus()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 404;
            context.Response.Close();
        });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            InstanceFiles.FetchAsync(_http, "BootstrapScriptUrl", $"http://127.0.0.1:{port}/missing.sh", Path.Combine(_dir, "x"), CancellationToken.None));

        await serving;
        Assert.Equal($"BootstrapScriptUrl 'http://127.0.0.1:{port}/missing.sh': HTTP 404 Not Found", ex.Message);
    }

    [Fact]
    public void Tail_LongOutput_KeepsTheEnd()
    {
        var log = Path.Combine(_dir, "log");
        File.WriteAllText(log, new string('a', 500) + "the end\n");

        Assert.Equal("…" + new string('a', 3) + "the end", InstanceFiles.Tail(log, 10));
        Assert.Equal("", InstanceFiles.Tail(Path.Combine(_dir, "missing"), 10));
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
