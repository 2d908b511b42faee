namespace ElasticCI.Coordinator.Security;

/// <summary>
/// The user API token (<c>api-token</c>) and the agent registration token (<c>agent-token</c>) in the data
/// directory: created at first start with mode 0600, read on every later start. The agent token can be rotated.
/// </summary>
internal sealed class TokenFiles(string apiToken, string agentToken, string apiTokenPath, string agentTokenPath)
{
    public const string ApiTokenFile = Protocol.CoordinatorDefaults.ApiTokenFile;
    public const string AgentTokenFile = "agent-token";

    private volatile string _agentToken = agentToken;
    private readonly Lock _rotating = new();

    public string ApiToken { get; } = apiToken;

    /// <summary>The long-lived registration token for agents started by hand; the current one after a rotation.</summary>
    public string AgentToken => _agentToken;

    public string ApiTokenPath { get; } = apiTokenPath;

    public string AgentTokenPath { get; } = agentTokenPath;

    public static TokenFiles LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var apiPath = Path.Combine(dataDirectory, ApiTokenFile);
        var agentPath = Path.Combine(dataDirectory, AgentTokenFile);
        return new TokenFiles(ReadOrCreate(apiPath), ReadOrCreate(agentPath), apiPath, agentPath);
    }

    /// <summary>
    /// Makes a new agent registration token, writes it to <c>agent-token</c> (a 0600 file renamed into place, so the
    /// file is never half-written) and from then on refuses the old one. Agents already registered keep working.
    /// </summary>
    public void RotateAgentToken() => ReplaceAgentToken(AccessTokens.Create());

    /// <summary>Makes <paramref name="token"/> the agent registration token (the file renamed into place, then refusing the old one).</summary>
    public void ReplaceAgentToken(string token)
    {
        lock (_rotating)
        {
            WriteInPlace(AgentTokenPath, token);
            _agentToken = token;
        }
    }

    /// <summary>Writes a new token to <paramref name="path"/> (a 0600 file renamed into place) and returns it.</summary>
    internal static string Replace(string path)
    {
        var token = AccessTokens.Create();
        WriteInPlace(path, token);
        return token;
    }

    /// <summary>Writes <paramref name="token"/> to a 0600 file next to <paramref name="path"/> and renames it into place.</summary>
    internal static void WriteInPlace(string path, string token)
    {
        var temporary = path + ".new";
        File.Delete(temporary);
        Write(temporary, token);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The token in <paramref name="path"/>, or a new one written there (0600) when the file does not exist.</summary>
    internal static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 16)
            {
                return existing;
            }
            throw new InvalidOperationException($"The token file {path} is empty or too short; delete it to have a new token made.");
        }
        var token = AccessTokens.Create();
        Write(path, token);
        return token;
    }

    private static void Write(string path, string token)
    {
        // Create with 0600 from the start, so the token is never readable by others, not even briefly.
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(token + "\n");
    }
}
