using ElasticCI.Coordinator.Tests.Cluster;
using ElasticCI.Storage;
using ElasticCI.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Tests.Composition;

/// <summary>The PostgreSQL store's registration serves every store contract the SQLite store's does, on a real server.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresCompositionTests(PostgresServerFixture server)
{
    [Fact]
    public async Task AddPostgresStoreAsync_EveryStoreInterface_IsTheOneStore()
    {
        Assert.True(PostgresStoreOptions.TryParse(server.Url(await server.CreateDatabaseAsync()), out var options, out var error), error);
        var services = await new ServiceCollection().AddPostgresStoreAsync(options!, CancellationToken.None);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<PostgresStore>();
        Type[] contracts = [typeof(IBuildStore), typeof(IJobStore), typeof(IAgentStore), typeof(IAgentDirectory), typeof(IFleetStore), typeof(ISpotStore),
            typeof(IRegistrationCredentialStore), typeof(IJobDataStore), typeof(IMetricsStore), typeof(IJobTimingsStore), typeof(IPipelineStore),
            typeof(INotificationStore), typeof(IStepStore), typeof(ISecretsAuditStore), typeof(IRolloutStore), typeof(ISharedTokenStore)];
        Assert.All(contracts, contract => Assert.Same(store, provider.GetRequiredService(contract)));
        Assert.Contains(90, await store.AppliedMigrationsAsync(CancellationToken.None));
    }
}
