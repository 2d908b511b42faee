using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Security;

/// <summary>
/// The named registration tokens (<see cref="ScopedAgentTokens"/>) as every replica must see them, like
/// <see cref="AgentRegistrationToken"/> for the unnamed one: alone on SQLite they are the files; on a store replicas share,
/// token NAME is the store's <c>agent-token/NAME</c>, read at each registration (the first replica to use a name
/// publishes its file's value), so a rotation through any replica is accepted, and the old value refused, by all of them.
/// A replica that finds a newer value than its own file writes it there.
/// </summary>
internal sealed class SharedScopedAgentTokens(ScopedAgentTokens files, ISharedTokenStore? store, ISharedTokenRotation? shared, TimeProvider time)
{
    // A read that started before a rotation of this replica must not write its (older) value over the rotated file.
    private readonly Lock _gate = new();
    private long _rotations;

    /// <summary>The store's name of token <paramref name="name"/>.</summary>
    public static string SharedName(string name) => "agent-token/" + name;

    /// <summary>The scope of the named token <paramref name="presented"/> is, with every replica's latest values; null when none.</summary>
    public async Task<AgentTokenScope?> MatchAsync(string presented, CancellationToken cancellationToken)
    {
        if (store is not null && shared is not null)
        {
            foreach (var (name, token) in files.Current.ToList())
            {
                var rotations = Volatile.Read(ref _rotations);
                var value = await shared.ReadTokenAsync(SharedName(name), cancellationToken)
                    ?? await store.GetOrCreateTokenAsync(SharedName(name), token, time.GetUtcNow(), cancellationToken);
                lock (_gate)
                {
                    if (value != token && _rotations == rotations)
                    {
                        files.Replace(name, value);
                    }
                }
            }
        }
        return files.Match(presented);
    }

    /// <summary>A new value for token <paramref name="name"/> (in the shared store first, when there is one); false when there is no such token.</summary>
    public async Task<bool> RotateAsync(string name, CancellationToken cancellationToken)
    {
        if (files.PathOf(name) is null)
        {
            return false;
        }
        var token = AccessTokens.Create();
        lock (_gate)
        {
            _rotations++;
        }
        if (store is not null && shared is not null)
        {
            await shared.ReplaceTokenAsync(SharedName(name), token, time.GetUtcNow(), cancellationToken);
        }
        lock (_gate)
        {
            files.Replace(name, token);
        }
        return true;
    }
}
