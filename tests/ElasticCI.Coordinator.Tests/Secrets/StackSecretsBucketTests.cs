using System.Net;
using System.Net.Sockets;
using System.Text;
using ElasticCI.Secrets;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Secrets;

/// <summary>
/// A stack with <c>SecretsBucket</c>: its jobs read that bucket (a real s3rver), other jobs the coordinator's local store;
/// an unreachable bucket fails the job in the environment phase. The stacks have MaxSize 0 so the hand-started agents run the jobs.
/// </summary>
public sealed class StackSecretsBucketTests : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private readonly S3rverFixture _s3;
    private readonly List<CoordinatorFixture> _fixtures = [];

    public StackSecretsBucketTests(S3rverFixture s3)
    {
        _s3 = s3;
        // The coordinator's S3 client uses the SDK's default credential chain, here the environment.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3rverFixture.Credential);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3rverFixture.Credential);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var fixture in _fixtures)
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task JobOfStackWithBucket_ReadsTheBucket_JobOfNoStack_ReadsTheLocalStore()
    {
        var fixture = await StartAsync(new StackDefinition { Name = "bucketed", Queue = "bucketed", Scaling = new() { MaxSize = 0 }, SecretsBucket = S3rverFixture.Bucket, SecretsBucketEndpoint = _s3.ServiceUrl });
        using (var bucket = _s3.CreateStore())
        {
            await bucket.PutAsync("pipe-b1/env", "WHERE=from-the-bucket\n"u8.ToArray(), CancellationToken.None);
        }
        await fixture.Client.PutSecretAsync("pipe-b1/env", null, "WHERE=from-the-local-store\n"u8.ToArray(), CancellationToken.None);
        fixture.StartAgent("agent-bucketed", queue: "bucketed");
        fixture.StartAgent("agent-local");

        var build = await fixture.CreateBuildAsync("""
            steps:
              - command: echo "where=$WHERE"
                agents: {queue: bucketed}
              - command: echo "where=$WHERE"
            """, "pipe-b1");
        var done = await fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.True(done.State == "passed", done.State);
        Assert.Contains("where=from-the-bucket", await fixture.LogAsync(done.Jobs[0].Id), StringComparison.Ordinal);
        Assert.Contains("where=from-the-local-store", await fixture.LogAsync(done.Jobs[1].Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobOfStackWithClientSideEncryption_ReadsPlaintext_BucketHoldsOnlyCiphertext()
    {
        var fixture = await StartAsync(new StackDefinition
        {
            Name = "sealed", Queue = "sealed", Scaling = new() { MaxSize = 0 }, SecretsBucket = S3rverFixture.Bucket, SecretsBucketEndpoint = _s3.ServiceUrl,
            SecretsClientSideEncryption = true,
        });
        var key = MasterKeyFile.LoadOrCreate(Path.Combine(fixture.DataDirectory, CoordinatorHost.SecretsDirectory) + ".master.key");
        using (var bucket = _s3.CreateStore(key))
        {
            await bucket.PutAsync("pipe-b2/secret-files/SEALED_TOKEN", "sealed-plain-value-5"u8.ToArray(), CancellationToken.None);
        }
        fixture.StartAgent("agent-sealed", queue: "sealed");

        var build = await fixture.CreateBuildAsync("steps:\n  - command: test \"$SEALED_TOKEN\" = sealed-plain-value-5\n    agents: {queue: sealed}\n", "pipe-b2");
        var done = await fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.True(done.State == "passed", await fixture.LogAsync(done.Jobs[0].Id));
        var stored = Directory.GetFiles(_s3.DataDirectory, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, bytes => Encoding.UTF8.GetString(bytes).Contains("sealed-plain-value-5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JobOfStackWithUnreachableBucket_FailsInEnvironmentPhase_CommandNotRun_PreExitRuns()
    {
        var fixture = await StartAsync(new StackDefinition
        {
            Name = "down", Queue = "down", Scaling = new() { MaxSize = 0 }, SecretsBucket = "gone-bucket", SecretsBucketEndpoint = $"http://127.0.0.1:{ClosedPort()}",
        });
        await fixture.Client.PutSecretAsync("pipe-b3/env", null, "LOCAL_ONLY=local-value-3\n"u8.ToArray(), CancellationToken.None);
        fixture.StartAgent("agent-down", queue: "down", extraArgs: ["--hooks-path", SecretsDeliveryTests.HooksWithPreExit(fixture.DataDirectory)]);

        var build = await fixture.CreateBuildAsync("steps:\n  - command: echo \"command-$((40+2))\"\n    agents: {queue: down}\n", "pipe-b3");
        var done = await fixture.WaitForPassedOrFailedAsync(build.Id);
        var log = await fixture.LogAsync(done.Jobs[0].Id);

        Assert.Equal("failed", done.State);
        Assert.Contains("secrets store unreachable: ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("command-42", log, StringComparison.Ordinal);
        Assert.DoesNotContain("local-value-3", log, StringComparison.Ordinal);
        Assert.DoesNotContain(S3rverFixture.Credential, log, StringComparison.Ordinal);
        Assert.Contains("pre-exit-ran", log, StringComparison.Ordinal);
    }

    private async Task<CoordinatorFixture> StartAsync(StackDefinition stack)
    {
        var fixture = await CoordinatorFixture.StartAsync(options =>
        {
            options.Stacks = [stack];
            options.AgentCommand = ["/bin/false"];
        });
        _fixtures.Add(fixture);
        return fixture;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
