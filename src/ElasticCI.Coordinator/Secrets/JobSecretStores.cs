using ElasticCI.Secrets;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Secrets;

/// <summary>
/// Which store serves a job's secrets: the S3 bucket of the stack serving the job's queue when that stack sets
/// <c>SecretsBucket</c>, the coordinator's default store otherwise (jobs of no stack, stacks without a bucket), and none
/// for a stack with <c>EnableSecretsPlugin: false</c>. Buckets are opened at start-up; nothing is contacted until a job asks.
/// </summary>
internal sealed class JobSecretStores : IDisposable
{
    private readonly ISecretStore _default;
    private readonly Dictionary<string, ISecretStore?> _byQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, S3SecretStore> _bucketByStack = new(StringComparer.Ordinal);
    private readonly List<S3SecretStore> _owned = [];
    private readonly Dictionary<string, SecretsPrefixGrants> _grantsByQueue = new(StringComparer.Ordinal);

    public JobSecretStores(ISecretStore defaultStore, S3SecretStoreFactory buckets, IEnumerable<StackDefinition> stacks, string masterKeyPath)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(stacks);
        _default = defaultStore;
        foreach (var stack in stacks)
        {
            // Checked when the stack configuration was validated; a problem here only leaves the grant out.
            _grantsByQueue[stack.Queue] = SecretsPrefixGrants.Parse(stack.SecretsPrefixGrants, stack.Name, []);
            // A bucket is opened also when the stack turned secrets off, so `secrets ... --stack` can still fill it.
            if (stack.SecretsBucket is not null)
            {
                var store = buckets.Open(OptionsFor(stack, masterKeyPath));
                _owned.Add(store);
                _bucketByStack[stack.Name] = store;
            }
            if (!stack.EnableSecretsPlugin)
            {
                _byQueue[stack.Queue] = null;
            }
            else if (_bucketByStack.TryGetValue(stack.Name, out var bucket))
            {
                _byQueue[stack.Queue] = bucket;
            }
        }
    }

    /// <summary>The store for a job of <paramref name="queue"/>; null when that job's stack turned secrets off.</summary>
    public ISecretStore? For(string queue) => _byQueue.TryGetValue(queue, out var store) ? store : _default;

    /// <summary>
    /// The bucket of the stack named <paramref name="stack"/> as this coordinator opened it at start, the one its jobs read;
    /// null when that stack had no <c>SecretsBucket</c> then (or is not known).
    /// </summary>
    public ISecretStore? BucketOf(string stack) => _bucketByStack.GetValueOrDefault(stack);

    /// <summary>The secrets prefixes granted to pipelines for jobs of <paramref name="queue"/> (its stack's <c>SecretsPrefixGrants</c>).</summary>
    public SecretsPrefixGrants GrantsFor(string queue) => _grantsByQueue.TryGetValue(queue, out var grants) ? grants : SecretsPrefixGrants.None;

    /// <summary>The S3 settings of a stack with a bucket. Credentials come from the SDK's default chain (environment, profile, instance role), never from the stack file.</summary>
    internal static S3SecretStoreOptions OptionsFor(StackDefinition stack, string masterKeyPath) => new()
    {
        Bucket = stack.SecretsBucket!,
        Region = stack.SecretsBucketRegion ?? "us-east-1",
        ServiceUrl = stack.SecretsBucketEndpoint,
        ForcePathStyle = stack.SecretsBucketEndpoint is not null,
        ServerSideEncryption = stack.SecretsBucketEncryption ? S3ServerSideEncryption.Aes256 : S3ServerSideEncryption.None,
        ClientSideEncryptionKey = stack.SecretsClientSideEncryption ? MasterKeyFile.LoadOrCreate(masterKeyPath) : null,
    };

    public void Dispose()
    {
        foreach (var store in _owned)
        {
            store.Dispose();
        }
    }
}
