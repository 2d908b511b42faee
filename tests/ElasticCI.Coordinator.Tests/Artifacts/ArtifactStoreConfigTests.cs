using System.Net;
using System.Net.Sockets;
using ElasticCI.Coordinator.Artifacts;

namespace ElasticCI.Coordinator.Tests.Artifacts;

/// <summary>A bad artifact-store configuration stops `elastic-ci server` with exit 2, one line, and nothing written.</summary>
public sealed class ArtifactStoreConfigTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("s3://", "names no bucket")]
    [InlineData("s3:///prefix", "names no bucket")]
    [InlineData("ftp://bucket/prefix", "scheme 'ftp' is not supported")]
    [InlineData("bucket", "scheme 'none' is not supported")]
    [InlineData("s3://Bad_Bucket", "is not a valid S3 bucket name")]
    [InlineData("s3://bucket/a/../b", "must be plain key segments")]
    public async Task Server_BadArtifactsUrl_Exits2WithOneLine(string url, string expected)
    {
        var (exit, error) = await ServerAsync("--artifacts", url);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory), "nothing is written for a refused configuration");
    }

    [Fact]
    public async Task Server_BadEndpointUrl_Exits2()
    {
        var (exit, error) = await ServerAsync("--artifacts", "s3://bucket", "--artifacts-endpoint", "ftp://127.0.0.1:1");

        Assert.Equal(2, exit);
        Assert.Contains("ArtifactsEndpoint must be an http(s) URL", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_UnreachableEndpoint_Exits2NamingTheBucketAndEndpoint()
    {
        var endpoint = $"http://127.0.0.1:{ClosedPort()}";

        var (exit, error) = await ServerAsync("--artifacts", "s3://builds/ci", "--artifacts-endpoint", endpoint, "--artifacts-path-style");

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Artifact store s3://builds/ci at {endpoint} is unreachable", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataDirectory, CoordinatorHost.DatabaseFile)));
    }

    [Theory]
    [InlineData("ArtifactsPathStyle: maybe\n", "ArtifactsPathStyle must be true or false, got 'maybe'")]
    [InlineData("Artifacts: gs://bucket\n", "scheme 'gs' is not supported")]
    [InlineData("ArtifactsEndpoint: http://127.0.0.1:9000\n", "ArtifactsEndpoint and the Artifacts credentials need Artifacts s3://")]
    [InlineData("Artifacts: s3://bucket\nArtifactsAccessKeyId: AKIA\n", "give both or neither")]
    public async Task Server_BadArtifactKeysInTheConfigFile_Exits2(string yaml, string expected)
    {
        var config = Path.Combine(_temp.Path, "elastic-ci.yml");
        await File.WriteAllTextAsync(config, "stacks: []\n" + yaml);

        var (exit, error) = await ServerAsync("--config", config);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("local", false)]
    [InlineData("LOCAL", false)]
    [InlineData("s3://bucket", true)]
    public void IsS3_UrlForms(string? url, bool expected) => Assert.Equal(expected, new ArtifactStoreOptions { Url = url }.IsS3);

    [Theory]
    [InlineData("s3://bucket", "bucket", "", "id")]
    [InlineData("s3://my.bucket-1/ci/", "my.bucket-1", "ci", "ci/id")]
    [InlineData("s3://bucket/a/b", "bucket", "a/b", "a/b/id")]
    public void S3Location_Parse_BucketPrefixAndKey(string url, string bucket, string prefix, string key)
    {
        var location = S3Location.Parse(url, out var problem);

        Assert.Equal("", problem);
        Assert.Equal((bucket, prefix, key), (location!.Bucket, location.Prefix, location.KeyOf("id")));
    }

    private string DataDirectory => Path.Combine(_temp.Path, "data");

    private async Task<(int Exit, string Error)> ServerAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ElasticCI.Cli.CliApp.RunAsync(["server", "--data-dir", DataDirectory, "--listen", "127.0.0.1:0", .. args], output, error)
            .WaitAsync(TimeSpan.FromSeconds(60));
        return (exit, error.ToString());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
