using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ElasticCI.Secrets.S3;

[Collection(S3rverCollection.Name)]
public sealed class S3SecretStoreTests(S3rverFixture server)
{
    private static readonly byte[] Value = Encoding.UTF8.GetBytes("export DEPLOY_TOKEN=plaintext-marker-7f3a");
    private readonly string _prefix = $"t{Guid.NewGuid():N}";

    [Fact]
    public async Task PutGetListDelete_RoundTrip()
    {
        using var store = server.CreateStore();
        var env = $"{_prefix}/env";
        var token = $"{_prefix}/secret-files/API_TOKEN";

        await store.PutAsync(env, Value, CancellationToken.None);
        await store.PutAsync(token, "abc"u8.ToArray(), CancellationToken.None);

        Assert.Equal(Value, await store.GetAsync(env, CancellationToken.None));
        var listed = await store.ListAsync($"{_prefix}/", CancellationToken.None);
        Assert.Equal([env, token], listed.Select(e => e.Key));
        Assert.Equal(Value.Length, listed[0].Size);
        Assert.Equal(3, listed[1].Size);
        Assert.All(listed, e => Assert.True(e.UpdatedAt > DateTimeOffset.UnixEpoch));
        Assert.Equal([token], (await store.ListAsync($"{_prefix}/secret-files/", CancellationToken.None)).Select(e => e.Key));

        await store.DeleteAsync(env, CancellationToken.None);

        Assert.Null(await store.GetAsync(env, CancellationToken.None));
        Assert.Equal([token], (await store.ListAsync($"{_prefix}/", CancellationToken.None)).Select(e => e.Key));
    }

    [Fact]
    public async Task PutAsync_ClientSideEncryption_ServerHoldsOnlyCiphertext()
    {
        var masterKey = RandomNumberGenerator.GetBytes(32);
        using var store = server.CreateStore(masterKey);
        var key = $"{_prefix}/secret-files/DEPLOY_TOKEN";

        await store.PutAsync(key, Value, CancellationToken.None);

        Assert.Equal(Value, await store.GetAsync(key, CancellationToken.None));
        Assert.Equal(Value.Length, Assert.Single(await store.ListAsync($"{_prefix}/", CancellationToken.None)).Size);
        var written = Directory.EnumerateFiles(server.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains(_prefix, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(written);
        Assert.Contains(written, f => new FileInfo(f).Length == Value.Length + Envelope.Overhead);
        foreach (var file in written)
        {
            Assert.Equal(-1, (await File.ReadAllBytesAsync(file)).AsSpan().IndexOf("plaintext-marker-7f3a"u8));
        }
        using var otherKey = server.CreateStore(RandomNumberGenerator.GetBytes(32));
        await Assert.ThrowsAsync<SecretEnvelopeException>(() => otherKey.GetAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_WithoutEncryption_ServerHoldsPlaintext()
    {
        using var store = server.CreateStore();
        var key = $"{_prefix}/env";

        await store.PutAsync(key, Value, CancellationToken.None);

        var written = Directory.EnumerateFiles(server.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains(_prefix, StringComparison.Ordinal));
        Assert.Contains(written, f => File.ReadAllBytes(f).AsSpan().IndexOf("plaintext-marker-7f3a"u8) >= 0);
    }

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        using var store = server.CreateStore();

        Assert.Null(await store.GetAsync($"{_prefix}/nothing-here", CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_EmptyPrefix_ReturnsEmpty()
    {
        using var store = server.CreateStore();

        Assert.Empty(await store.ListAsync($"{_prefix}/", CancellationToken.None));
    }

    [Fact]
    public async Task AnyCall_NothingListening_ThrowsSecretStoreUnavailable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        using var store = new S3SecretStore(new S3SecretStoreOptions
        {
            Bucket = S3rverFixture.Bucket,
            ServiceUrl = $"http://127.0.0.1:{port}",
            ForcePathStyle = true,
            AccessKeyId = S3rverFixture.Credential,
            SecretAccessKey = S3rverFixture.Credential,
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(5),
        });

        var get = await Assert.ThrowsAsync<SecretStoreUnavailableException>(() => store.GetAsync("env", CancellationToken.None));
        await Assert.ThrowsAsync<SecretStoreUnavailableException>(() => store.ListAsync("", CancellationToken.None));
        await Assert.ThrowsAsync<SecretStoreUnavailableException>(() => store.PutAsync("env", Value, CancellationToken.None));

        Assert.Contains("'secrets'", get.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", get.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_MissingBucket_ThrowsSecretStoreUnavailable()
    {
        using var store = new S3SecretStore(new S3SecretStoreOptions
        {
            Bucket = "no-such-bucket",
            ServiceUrl = server.ServiceUrl,
            ForcePathStyle = true,
            AccessKeyId = S3rverFixture.Credential,
            SecretAccessKey = S3rverFixture.Credential,
        });

        await Assert.ThrowsAsync<SecretStoreUnavailableException>(() => store.GetAsync("env", CancellationToken.None));
        await Assert.ThrowsAsync<SecretStoreUnavailableException>(() => store.ListAsync("", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_OversizedValue_RefusedBeforeUpload()
    {
        using var store = server.CreateStore();

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => store.PutAsync($"{_prefix}/big", new byte[SecretKeys.MaxValueBytes + 1], CancellationToken.None));

        Assert.Contains("1 MiB", ex.Message, StringComparison.Ordinal);
    }
}
