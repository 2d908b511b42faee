namespace ElasticCI.Protocol;

/// <summary>Defaults a client shares with the coordinator without referencing it: where it listens and where it keeps the API token.</summary>
public static class CoordinatorDefaults
{
    /// <summary>The address the coordinator listens on when none is given, and the CLI's default server.</summary>
    public const string Listen = "127.0.0.1:8722";

    /// <summary>The API token's file name under the data directory; the CLI reads it from there.</summary>
    public const string ApiTokenFile = "api-token";
}
