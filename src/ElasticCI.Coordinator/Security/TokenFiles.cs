namespace ElasticCI.Coordinator.Security;

/// <summary>
/// The user API token (<c>api-token</c>) and the agent registration token (<c>agent-token</c>) in the data
/// directory: created at first start with mode 0600, read on every later start.
/// </summary>
internal sealed record TokenFiles(string ApiToken, string AgentToken, string ApiTokenPath, string AgentTokenPath)
{
    public const string ApiTokenFile = Protocol.CoordinatorDefaults.ApiTokenFile;
    public const string AgentTokenFile = "agent-token";

    public static TokenFiles LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var apiPath = Path.Combine(dataDirectory, ApiTokenFile);
        var agentPath = Path.Combine(dataDirectory, AgentTokenFile);
        return new TokenFiles(ReadOrCreate(apiPath), ReadOrCreate(agentPath), apiPath, agentPath);
    }

    private static string ReadOrCreate(string path)
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
        // Create with 0600 from the start, so the token is never readable by others, not even briefly.
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(token + "\n");
        }
        return token;
    }
}
