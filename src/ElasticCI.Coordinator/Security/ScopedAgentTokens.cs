namespace ElasticCI.Coordinator.Security;

/// <summary>
/// The named registration tokens of <see cref="CoordinatorOptions.AgentTokens"/>, each scoped to its queues: the value of
/// token NAME is in <c>&lt;data-dir&gt;/agent-tokens/NAME</c> (0600 in a 0700 directory), made at first start and read at
/// every later one; <see cref="Replace"/> replaces it (<see cref="SharedScopedAgentTokens"/> rotates it). Thread-safe.
/// </summary>
internal sealed class ScopedAgentTokens
{
    public const string Directory = "agent-tokens";

    private readonly Dictionary<string, Entry> _byName;
    private readonly Lock _rotating = new();

    private ScopedAgentTokens(Dictionary<string, Entry> byName) => _byName = byName;

    /// <summary>The token names, in configuration order.</summary>
    public IReadOnlyList<string> Names => [.. _byName.Keys];

    public static ScopedAgentTokens LoadOrCreate(string dataDirectory, IReadOnlyList<AgentTokenScope> scopes)
    {
        var byName = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (scopes.Count == 0)
        {
            return new ScopedAgentTokens(byName);
        }
        var directory = Path.Combine(dataDirectory, Directory);
        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var scope in scopes)
        {
            var path = Path.Combine(directory, scope.Name);
            byName[scope.Name] = new Entry(scope, path, TokenFiles.ReadOrCreate(path));
        }
        return new ScopedAgentTokens(byName);
    }

    /// <summary>The scope of the named token <paramref name="presented"/> is, or null when it is none of them (compared in constant time).</summary>
    public AgentTokenScope? Match(string? presented)
    {
        AgentTokenScope? found = null;
        foreach (var entry in _byName.Values)
        {
            // Every token is compared, so the time taken does not tell which one came close.
            if (AccessTokens.Same(presented, entry.Token))
            {
                found = entry.Scope;
            }
        }
        return found;
    }

    /// <summary>The file of token <paramref name="name"/>, or null when no token has that name.</summary>
    public string? PathOf(string name) => _byName.TryGetValue(name, out var entry) ? entry.Path : null;

    /// <summary>The names with their current values, for <see cref="SharedScopedAgentTokens"/>.</summary>
    public IEnumerable<(string Name, string Token)> Current => _byName.Values.Select(e => (e.Scope.Name, e.Token));

    /// <summary>Writes <paramref name="token"/> as token <paramref name="name"/>'s value (its file renamed into place) and refuses the old one.</summary>
    public void Replace(string name, string token)
    {
        lock (_rotating)
        {
            var entry = _byName[name];
            TokenFiles.WriteInPlace(entry.Path, token);
            entry.Token = token;
        }
    }

    private sealed class Entry(AgentTokenScope scope, string path, string token)
    {
        private volatile string _token = token;

        public AgentTokenScope Scope { get; } = scope;

        public string Path { get; } = path;

        public string Token
        {
            get => _token;
            set => _token = value;
        }
    }
}
