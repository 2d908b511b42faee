using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Security;

/// <summary>
/// The long-lived agent registration token as every replica must see it: alone on SQLite it is the <c>agent-token</c> file
/// (<see cref="TokenFiles"/>); on a store replicas share it is the store's value, read on each use (registrations and the
/// metrics API are rare), so a rotation through any replica is accepted, and the old token refused, by all of them at once.
/// A replica that finds a newer value than its own file writes it there, so scripts reading <c>agent-token</c> find it.
/// </summary>
internal sealed class AgentRegistrationToken(TokenFiles files, ISharedTokenRotation? shared, TimeProvider time)
{
    // A read that started before a rotation of this replica must not write its (older) value over the rotated file.
    private readonly Lock _gate = new();
    private long _rotations;

    /// <summary>The token that registers agents now.</summary>
    public async Task<string> CurrentAsync(CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            return files.AgentToken;
        }
        var rotations = Volatile.Read(ref _rotations);
        var value = await shared.ReadTokenAsync(SharedTokenFiles.AgentTokenName, cancellationToken);
        if (value is null)
        {
            return files.AgentToken;
        }
        lock (_gate)
        {
            if (value != files.AgentToken && _rotations == rotations)
            {
                files.ReplaceAgentToken(value);
            }
        }
        return value;
    }

    /// <summary>Makes a new token (in the shared store first, when there is one) and writes it to this replica's <c>agent-token</c>.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            files.RotateAgentToken();
            return;
        }
        var token = AccessTokens.Create();
        lock (_gate)
        {
            _rotations++;
        }
        await shared.ReplaceTokenAsync(SharedTokenFiles.AgentTokenName, token, time.GetUtcNow(), cancellationToken);
        lock (_gate)
        {
            files.ReplaceAgentToken(token);
        }
    }
}
