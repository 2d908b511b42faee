using System.Text;

namespace ElasticCI.Secrets;

public sealed class LocalSecretStoreTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0700 = Mode0600 | UnixFileMode.UserExecute;
    private static readonly byte[] Value = Encoding.UTF8.GetBytes("DB_PASSWORD=correct-horse-battery");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string StoreDirectory => Path.Combine(_temp.Path, "secrets");

    private LocalSecretStore CreateStore(bool useKms = true) => new(new LocalSecretStoreOptions
    {
        Directory = StoreDirectory,
        UseKms = useKms,
        MasterKeyPath = Path.Combine(_temp.Path, "master.key"),
    });

    [Fact]
    public async Task GetAsync_AfterPut_ReturnsValue()
    {
        var store = CreateStore();

        await store.PutAsync("my-pipeline/env", Value, CancellationToken.None);

        Assert.Equal(Value, await store.GetAsync("my-pipeline/env", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_Encrypted_File0600Dirs0700AndCiphertextOnly()
    {
        var store = CreateStore();

        await store.PutAsync("my-pipeline/secret-files/DB_PASSWORD", Value, CancellationToken.None);

        var file = Path.Combine(StoreDirectory, "my-pipeline", "secret-files", "DB_PASSWORD");
        Assert.Equal(Mode0600, File.GetUnixFileMode(file));
        Assert.Equal(Mode0700, File.GetUnixFileMode(Path.Combine(StoreDirectory, "my-pipeline")));
        Assert.Equal(Mode0700, File.GetUnixFileMode(Path.Combine(StoreDirectory, "my-pipeline", "secret-files")));
        Assert.Equal(Mode0700, File.GetUnixFileMode(StoreDirectory));
        var onDisk = await File.ReadAllBytesAsync(file);
        Assert.Equal(-1, onDisk.AsSpan().IndexOf(Value));
        Assert.Equal(-1, onDisk.AsSpan().IndexOf("correct-horse"u8));
    }

    [Fact]
    public async Task PutAsync_UseKmsFalse_StoresPlainFile0600()
    {
        var store = CreateStore(useKms: false);

        await store.PutAsync("env", Value, CancellationToken.None);

        var file = Path.Combine(StoreDirectory, "env");
        Assert.Equal(Value, await File.ReadAllBytesAsync(file));
        Assert.Equal(Mode0600, File.GetUnixFileMode(file));
        Assert.False(File.Exists(Path.Combine(_temp.Path, "master.key")));
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var store = CreateStore();

        Assert.Null(await store.GetAsync("nope/env", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_OtherMasterKey_ThrowsClearError()
    {
        await CreateStore().PutAsync("env", Value, CancellationToken.None);
        var other = new LocalSecretStore(new LocalSecretStoreOptions
        {
            Directory = StoreDirectory,
            MasterKeyPath = Path.Combine(_temp.Path, "other.key"),
        });

        var ex = await Assert.ThrowsAsync<SecretEnvelopeException>(() => other.GetAsync("env", CancellationToken.None));

        Assert.Contains("master key is wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ReturnsKeysSizesTimesUnderPrefix()
    {
        var store = CreateStore();
        await store.PutAsync("env", Value, CancellationToken.None);
        await store.PutAsync("p/secret-files/A_TOKEN", "abc"u8.ToArray(), CancellationToken.None);
        await store.PutAsync("p/env", Value, CancellationToken.None);

        var all = await store.ListAsync("", CancellationToken.None);
        var underP = await store.ListAsync("p/", CancellationToken.None);

        Assert.Equal(["env", "p/env", "p/secret-files/A_TOKEN"], all.Select(e => e.Key));
        Assert.Equal(["p/env", "p/secret-files/A_TOKEN"], underP.Select(e => e.Key));
        Assert.Equal(3, all.Single(e => e.Key == "p/secret-files/A_TOKEN").Size);
        Assert.All(all, e => Assert.True(e.UpdatedAt > DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task DeleteAsync_RemovesValue_AndMissingIsFine()
    {
        var store = CreateStore();
        await store.PutAsync("env", Value, CancellationToken.None);

        await store.DeleteAsync("env", CancellationToken.None);
        await store.DeleteAsync("env", CancellationToken.None);

        Assert.Null(await store.GetAsync("env", CancellationToken.None));
        Assert.Empty(await store.ListAsync("", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_Overwrite_ReplacesValue()
    {
        var store = CreateStore();
        await store.PutAsync("env", Value, CancellationToken.None);

        await store.PutAsync("env", "B=2"u8.ToArray(), CancellationToken.None);

        Assert.Equal("B=2"u8.ToArray(), await store.GetAsync("env", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_OversizedValue_RefusedWithLimit()
    {
        var store = CreateStore();

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => store.PutAsync("big", new byte[SecretKeys.MaxValueBytes + 1], CancellationToken.None));

        Assert.Contains("1048576", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 MiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_ExactlyOneMiB_Accepted()
    {
        var store = CreateStore();

        await store.PutAsync("big", new byte[SecretKeys.MaxValueBytes], CancellationToken.None);

        Assert.Equal(SecretKeys.MaxValueBytes, (await store.GetAsync("big", CancellationToken.None))!.Length);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc/passwd")]
    [InlineData(".staging/x")]
    public async Task PutAsync_BadKey_Throws(string key)
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, Value, CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_KeyThatIsAPrefixOrUnderASecret_ThrowsArgumentExceptionAndKeepsBoth()
    {
        var store = CreateStore();
        await store.PutAsync("app/env", Value, CancellationToken.None);
        await store.PutAsync("solo", Value, CancellationToken.None);

        var prefix = await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("app", Value, CancellationToken.None));
        var under = await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("solo/env", Value, CancellationToken.None));

        Assert.Contains("is a prefix of other secrets", prefix.Message, StringComparison.Ordinal);
        Assert.Contains("is under 'solo', which is a secret", under.Message, StringComparison.Ordinal);
        Assert.Equal(Value, await store.GetAsync("app/env", CancellationToken.None));
        Assert.Equal(Value, await store.GetAsync("solo", CancellationToken.None));
    }

    [Fact]
    public async Task GetAndDeleteAsync_KeyThatIsAPrefixOrUnderASecret_NotFoundAndNoOp()
    {
        var store = CreateStore();
        await store.PutAsync("app/env", Value, CancellationToken.None);
        await store.PutAsync("solo", Value, CancellationToken.None);

        Assert.Null(await store.GetAsync("app", CancellationToken.None));
        Assert.Null(await store.GetAsync("solo/env", CancellationToken.None));
        await store.DeleteAsync("app", CancellationToken.None);
        await store.DeleteAsync("solo/env", CancellationToken.None);
        Assert.Equal(2, (await store.ListAsync("", CancellationToken.None)).Count);
    }
}
