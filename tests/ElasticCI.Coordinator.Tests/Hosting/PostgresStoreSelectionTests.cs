using ElasticCI.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Hosting;

public sealed class PostgresStoreSelectionTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sqlite")]
    [InlineData(" SQLite ")]
    public async Task TryAddAsync_SqliteOrNothing_RegistersNothing(string? store)
    {
        var services = new ServiceCollection();

        Assert.False(await PostgresStoreSelection.TryAddAsync(services, store, "unused", new InProcessClusterSignal(), CancellationToken.None));
        Assert.Empty(services);
    }

    [Theory]
    [InlineData("mysql://app:pw@db:3306/ci", "got 'mysql://app:***@db:3306/ci'")]
    [InlineData("sqlite3", "got 'sqlite3'")]
    [InlineData("postgres://app:pw@db:70000/ci", "port for host db must be a number from 1 to 65535")]
    public async Task TryAddAsync_NotAStore_RefusedWithoutThePassword(string store, string expected)
    {
        var services = new ServiceCollection();

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => PostgresStoreSelection.TryAddAsync(services, store, "unused", new InProcessClusterSignal(), CancellationToken.None));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw", refused.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }
}
