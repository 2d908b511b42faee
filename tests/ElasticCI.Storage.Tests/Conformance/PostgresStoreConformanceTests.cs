using ElasticCI.Storage.Postgres;
using ElasticCI.Testing;

namespace ElasticCI.Storage.Conformance;

/// <summary>The store contract against <see cref="PostgresStore"/> on a real PostgreSQL server, a fresh database per test.</summary>
public sealed class PostgresStoreConformanceTests(PostgresServerFixture server) : StoreConformanceTests, IClassFixture<PostgresServerFixture>
{
    internal override async Task<StoreUnderTest> OpenStoreAsync(CancellationToken cancellationToken)
    {
        var database = await server.CreateDatabaseAsync();
        // Through the URL users give, so the contract holds with the connection settings the store runs with.
        if (!PostgresStoreOptions.TryParse(server.Url(database), out var options, out var error))
        {
            throw new InvalidOperationException(error);
        }
        var store = await PostgresStore.OpenAsync(options!.ConnectionString, cancellationToken);
        return new StoreUnderTest(store, store, store, store, store, store);
    }

    // Each test's database stays until the server (one per test class) is removed with its directory.
    protected override Task DeleteStorageAsync() => Task.CompletedTask;
}
