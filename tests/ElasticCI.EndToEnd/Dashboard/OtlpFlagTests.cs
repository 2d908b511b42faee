namespace ElasticCI.EndToEnd.Dashboard;

public sealed class OtlpFlagTests
{
    [Fact]
    public async Task Server_OtlpEndpointNotAUrl_RefusedBeforeStarting()
    {
        var directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-otlp-").FullName;
        try
        {
            var (exit, _, error) = await Cli.RunAsync(directory, null, "server", "--data-dir", "data", "--listen", "127.0.0.1:0", "--otlp-endpoint", "collector:4317");
            Assert.NotEqual(0, exit);
            Assert.Contains("OtlpEndpoint must be an http(s) URL", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
