using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Security;

/// <summary>
/// With a store several replicas share, the API token and the agent registration token live in the store: the first
/// replica to start creates them (from its own token files when it has them, so a coordinator moved onto PostgreSQL keeps
/// its tokens), and every replica writes them to its data directory as <c>api-token</c> and <c>agent-token</c> (0600),
/// where <see cref="TokenFiles"/> then reads them as always.
/// </summary>
internal static class SharedTokenFiles
{
    public const string ApiTokenName = "api-token";
    public const string AgentTokenName = "agent-token";

    public static async Task WriteAsync(ISharedTokenStore store, string dataDirectory, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        foreach (var (name, file) in new[] { (ApiTokenName, TokenFiles.ApiTokenFile), (AgentTokenName, TokenFiles.AgentTokenFile) })
        {
            var path = Path.Combine(dataDirectory, file);
            var existing = File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim() : "";
            var token = await store.GetOrCreateTokenAsync(name, existing.Length >= 16 ? existing : AccessTokens.Create(), now, cancellationToken);
            if (token != existing)
            {
                TokenFiles.WriteInPlace(path, token);
            }
        }
    }
}
