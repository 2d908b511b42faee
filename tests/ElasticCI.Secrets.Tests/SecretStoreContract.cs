using System.Text;

namespace ElasticCI.Secrets;

/// <summary>
/// The <see cref="ISecretStore"/> contract, run against every store: one subclass per store (and mode) that hands out
/// a fresh, empty store for each test. A new store passes this suite before anything else uses it.
/// </summary>
public abstract class SecretStoreContract : IAsyncLifetime
{
    private ISecretStore? _store;

    /// <summary>Keys <see cref="SecretKeys"/> refuses, each for a different rule.</summary>
    public static TheoryData<string> BadKeys { get; } = new()
    {
        "",
        "/absolute",
        "back\\slash",
        "empty//segment",
        "trailing/",
        "./dot",
        "up/../escape",
        "up/..",
        "control\nchar",
        new string('k', SecretKeys.MaxKeyLength + 1),
        "long/" + new string('s', SecretKeys.MaxSegmentBytes + 1),
    };

    /// <summary>Listing prefixes that are neither "" nor a valid key followed by '/'.</summary>
    public static TheoryData<string> BadPrefixes { get; } = new() { "no-slash", "/absolute/", "empty//", "up/../", "/" };

    private protected ISecretStore Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run");

    /// <summary>A new store with nothing in it, used by one test only.</summary>
    private protected abstract Task<ISecretStore> CreateEmptyStoreAsync();

    public async Task InitializeAsync() => _store = await CreateEmptyStoreAsync();

    public virtual Task DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GetAsync_AfterPut_ReturnsTheSameBytes()
    {
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await Store.PutAsync("my-app/secret-files/BINARY_SECRET", value, CancellationToken.None);

        Assert.Equal(value, await Store.GetAsync("my-app/secret-files/BINARY_SECRET", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        await Store.PutAsync("present", "x"u8.ToArray(), CancellationToken.None);

        Assert.Null(await Store.GetAsync("absent", CancellationToken.None));
        Assert.Null(await Store.GetAsync("present-not/nested", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_ExistingKey_ReplacesValue()
    {
        await Store.PutAsync("env", "export A=1\n"u8.ToArray(), CancellationToken.None);
        await Store.PutAsync("env", "export A=2\n"u8.ToArray(), CancellationToken.None);

        Assert.Equal("export A=2\n"u8.ToArray(), await Store.GetAsync("env", CancellationToken.None));
        Assert.Single(await Store.ListAsync("", CancellationToken.None));
    }

    [Theory]
    [InlineData("private_ssh_key")]
    [InlineData("my-app/git-credentials")]
    [InlineData("ünïcödé/sécret")]
    [InlineData("a.b/c_d-e/F.G")]
    public async Task PutAsync_ValidKey_RoundTrips(string key)
    {
        await Store.PutAsync(key, Encoding.UTF8.GetBytes(key), CancellationToken.None);

        Assert.Equal(Encoding.UTF8.GetBytes(key), await Store.GetAsync(key, CancellationToken.None));
        Assert.Equal([key], (await Store.ListAsync("", CancellationToken.None)).Select(e => e.Key));
    }

    [Fact]
    public async Task PutAsync_ExactlyTheLimit_Accepted()
    {
        var value = new byte[SecretKeys.MaxValueBytes];
        value[^1] = 7;

        await Store.PutAsync("big", value, CancellationToken.None);

        Assert.Equal(value, await Store.GetAsync("big", CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_OverTheLimit_RefusedAndNothingStored()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Store.PutAsync("too-big", new byte[SecretKeys.MaxValueBytes + 1], CancellationToken.None));

        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetAsync("too-big", CancellationToken.None));
        Assert.Empty(await Store.ListAsync("", CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsNothing()
        => Assert.Empty(await Store.ListAsync("", CancellationToken.None));

    [Fact]
    public async Task ListAsync_Everything_KeysOrderedWithPlaintextSizesAndTimes()
    {
        var before = TimeProvider.System.GetUtcNow().AddMinutes(-5);
        await Store.PutAsync("b/env", "12345"u8.ToArray(), CancellationToken.None);
        await Store.PutAsync("a", "1"u8.ToArray(), CancellationToken.None);
        await Store.PutAsync("b/secret-files/Z_TOKEN", "123"u8.ToArray(), CancellationToken.None);

        var listed = await Store.ListAsync("", CancellationToken.None);

        Assert.Equal(["a", "b/env", "b/secret-files/Z_TOKEN"], listed.Select(e => e.Key));
        Assert.Equal([1L, 5L, 3L], listed.Select(e => e.Size));
        Assert.All(listed, e => Assert.True(e.UpdatedAt > before, $"{e.Key} updated at {e.UpdatedAt}"));
    }

    [Fact]
    public async Task ListAsync_Prefix_OnlyKeysUnderIt()
    {
        await Store.PutAsync("app/env", "1"u8.ToArray(), CancellationToken.None);
        await Store.PutAsync("app/secret-files/A_TOKEN", "1"u8.ToArray(), CancellationToken.None);
        await Store.PutAsync("apple/env", "1"u8.ToArray(), CancellationToken.None);
        await Store.PutAsync("env", "1"u8.ToArray(), CancellationToken.None);

        Assert.Equal(["app/env", "app/secret-files/A_TOKEN"], (await Store.ListAsync("app/", CancellationToken.None)).Select(e => e.Key));
        Assert.Equal(["app/secret-files/A_TOKEN"], (await Store.ListAsync("app/secret-files/", CancellationToken.None)).Select(e => e.Key));
        Assert.Empty(await Store.ListAsync("nothing/", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesValueAndListing()
    {
        await Store.PutAsync("app/env", "1"u8.ToArray(), CancellationToken.None);
        await Store.PutAsync("app/git-credentials", "2"u8.ToArray(), CancellationToken.None);

        await Store.DeleteAsync("app/env", CancellationToken.None);

        Assert.Null(await Store.GetAsync("app/env", CancellationToken.None));
        Assert.Equal(["app/git-credentials"], (await Store.ListAsync("", CancellationToken.None)).Select(e => e.Key));
    }

    [Fact]
    public async Task DeleteAsync_MissingKey_CompletesNormally()
    {
        await Store.DeleteAsync("never-written", CancellationToken.None);
        await Store.DeleteAsync("never/written/either", CancellationToken.None);

        Assert.Empty(await Store.ListAsync("", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task EveryKeyedCall_BadKey_ThrowsArgumentExceptionAndChangesNothing(string key)
    {
        await Store.PutAsync("kept", "1"u8.ToArray(), CancellationToken.None);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(key, "x"u8.ToArray(), CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync(key, CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(key, CancellationToken.None));

        Assert.Equal(["kept"], (await Store.ListAsync("", CancellationToken.None)).Select(e => e.Key));
    }

    [Theory]
    [MemberData(nameof(BadPrefixes))]
    public async Task ListAsync_BadPrefix_ThrowsArgumentException(string prefix)
        => await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ListAsync(prefix, CancellationToken.None));

    [Fact]
    public async Task PutAsync_ConcurrentDifferentKeys_AllStored()
    {
        var keys = Enumerable.Range(0, 16).Select(i => $"concurrent/k{i:00}").ToList();

        await Task.WhenAll(keys.Select(k => Store.PutAsync(k, Encoding.UTF8.GetBytes(k), CancellationToken.None)));

        Assert.Equal(keys, (await Store.ListAsync("concurrent/", CancellationToken.None)).Select(e => e.Key));
        foreach (var key in keys)
        {
            Assert.Equal(Encoding.UTF8.GetBytes(key), await Store.GetAsync(key, CancellationToken.None));
        }
    }
}
