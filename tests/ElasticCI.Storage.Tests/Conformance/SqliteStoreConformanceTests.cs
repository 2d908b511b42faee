using ElasticCI.Storage.Sqlite;

namespace ElasticCI.Storage.Conformance;

/// <summary>The store contract against <see cref="SqliteStore"/> on a real SQLite file in a fresh temp directory.</summary>
public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elasticci-conformance-").FullName;

    internal override async Task<StoreUnderTest> OpenStoreAsync(CancellationToken cancellationToken)
    {
        var store = await SqliteStore.OpenAsync($"Data Source={Path.Combine(_directory, "x.db")};Pooling=false", cancellationToken);
        return new StoreUnderTest(store, store, store, store, store, store);
    }

    protected override Task DeleteStorageAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
