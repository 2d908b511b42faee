namespace ElasticCI.Secrets;

/// <summary>The secret-store contract against the local store, values envelope-encrypted under the master key (the default).</summary>
public sealed class LocalSecretStoreContractTests : SecretStoreContract
{
    private readonly TempDirectory _temp = new();

    private protected override Task<ISecretStore> CreateEmptyStoreAsync() => Task.FromResult<ISecretStore>(new LocalSecretStore(new LocalSecretStoreOptions
    {
        Directory = Path.Combine(_temp.Path, "secrets"),
        UseKms = true,
        MasterKeyPath = Path.Combine(_temp.Path, "master.key"),
    }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _temp.Dispose();
    }
}
