using System.Net;
using System.Net.Sockets;
using ElasticCI.Testing;

namespace ElasticCI.EndToEnd.Secrets;

/// <summary>
/// A real s3rver and one real <c>elastic-ci up</c> with three stacks: <c>vault</c> (its secrets in the s3rver bucket, one
/// unsandboxed instance on demand), <c>plain</c> (no bucket) and <c>down</c> (a bucket at a closed port); shared by a test class.
/// </summary>
public sealed class StackSecretsUpFixture : IAsyncLifetime
{
    private ConfiguredUp? _up;

    public StackSecretsUpFixture()
    {
        // `up` inherits these: its S3 client uses the SDK's default credential chain, here the environment.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3rverFixture.Credential);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3rverFixture.Credential);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public S3rverFixture S3 { get; } = new();

    internal ConfiguredUp Up => _up!;

    public async Task InitializeAsync()
    {
        await S3.InitializeAsync();
        _up = await ConfiguredUp.StartAsync("stack-secrets", $"""
            stacks:
              - Name: vault
                Queue: vault
                MaxSize: 1
                Isolation: none
                SecretsBucket: {S3rverFixture.Bucket}
                SecretsBucketEndpoint: {S3.ServiceUrl}
              - Name: plain
                Queue: plain
                MaxSize: 0
                Isolation: none
              - Name: down
                Queue: down
                MaxSize: 0
                Isolation: none
                SecretsBucket: gone-bucket
                SecretsBucketEndpoint: http://127.0.0.1:{ClosedPort()}
            """);
    }

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            await _up.DisposeAsync();
        }
        await S3.DisposeAsync();
    }

    /// <summary>The object's bytes as s3rver holds them (plain HTTP: s3rver does not check signatures), or null when there is none.</summary>
    public async Task<string?> ObjectAsync(string key)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"{S3.ServiceUrl}/{S3rverFixture.Bucket}/{key}"));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
