using ElasticCI.Coordinator.Composition;
using ElasticCI.Secrets;
using ElasticCI.Storage;
using ElasticCI.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Tests.Composition;

/// <summary>The registration seam: each backend's one Add* call, TryAdd so a caller's registration wins, the Store setting choosing.</summary>
public sealed class CompositionTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("elastic-ci-composition-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task AddSqliteStore_EveryStoreInterface_IsTheOneStore()
    {
        await using var provider = new ServiceCollection().AddSqliteStore(Path.Combine(_directory.FullName, "x.db")).BuildServiceProvider();

        var store = provider.GetRequiredService<SqliteStore>();
        Type[] contracts = [typeof(IBuildStore), typeof(IJobStore), typeof(IAgentStore), typeof(IAgentDirectory), typeof(IFleetStore), typeof(ISpotStore),
            typeof(IRegistrationCredentialStore), typeof(IJobDataStore), typeof(IMetricsStore), typeof(IJobTimingsStore), typeof(IPipelineStore),
            typeof(INotificationStore), typeof(IStepStore), typeof(ISecretsAuditStore), typeof(IRolloutStore)];
        Assert.All(contracts, contract => Assert.Same(store, provider.GetRequiredService(contract)));
        Assert.True(File.Exists(Path.Combine(_directory.FullName, "x.db")));
        Assert.NotEmpty(await store.AppliedMigrationsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddLocalSecrets_CallerRegisteredFirst_Wins()
    {
        var mine = new LocalSecretStore(new LocalSecretStoreOptions { Directory = Path.Combine(_directory.FullName, "mine") });
        var services = new ServiceCollection().AddSingleton<ISecretStore>(mine);

        services.AddLocalSecrets(Path.Combine(_directory.FullName, "theirs")).AddS3Secrets();
        await using var provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<ISecretStore>());
        Assert.NotNull(provider.GetRequiredService<S3SecretStoreFactory>());
    }

    [Fact]
    public async Task BuildAsync_CallerClusterSignal_IsTheOneTheStoreRaises()
    {
        var signal = new CountingSignal();
        var options = new CoordinatorOptions { DataDirectory = _directory.FullName, Listen = "127.0.0.1:0" };

        await using var app = await CoordinatorHost.BuildAsync(options, l => l.SetMinimumLevel(LogLevel.Warning),
            services => services.AddSingleton<IClusterSignal>(signal), CancellationToken.None);
        await app.Services.GetRequiredService<IAgentStore>().RegisterAsync(
            new NewAgent("a1", "a1", "hash", new Dictionary<string, string>(), null, null, 1), DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Same(signal, app.Services.GetRequiredService<IClusterSignal>());
        Assert.True(signal.Raised > 0);
    }

    [Fact]
    public async Task BuildAsync_UnknownStore_IsRefusedNamingTheSettingAndWritesNothing()
    {
        var dataDirectory = Path.Combine(_directory.FullName, "never");
        var options = new CoordinatorOptions { DataDirectory = dataDirectory, Listen = "127.0.0.1:0", Store = "mongodb" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CoordinatorHost.BuildAsync(options, null, CancellationToken.None));

        Assert.Contains("Store must be one of sqlite or a postgres:// URL, was 'mongodb'.", error.Failures);
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public void Registrations_StoreNames_CompareCaseInsensitively()
        => Assert.True(CoordinatorStores.Registrations.ContainsKey("SQLite"));

    private sealed class CountingSignal : IClusterSignal
    {
        private readonly InProcessClusterSignal _inner = new();

        public int Raised { get; private set; }

        public void Raise()
        {
            Raised++;
            _inner.Raise();
        }

        public Task Changed => _inner.Changed;
    }
}
