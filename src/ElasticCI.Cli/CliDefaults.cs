using ElasticCI.Client;
using ElasticCI.Protocol;

namespace ElasticCI.Cli;

/// <summary>Where the CLI finds the coordinator and its token: flag, then environment, then the data directory.</summary>
internal static class CliDefaults
{
    public const string DefaultDataDirectory = ".elastic-ci";

    public static string DataDirectory(string? flag)
        => flag ?? (Environment.GetEnvironmentVariable("ELASTIC_CI_DATA_DIR") is { Length: > 0 } env ? env : DefaultDataDirectory);

    public static string ServerUrl(string? flag)
        => flag ?? (Environment.GetEnvironmentVariable("ELASTIC_CI_SERVER") is { Length: > 0 } env ? env : $"http://{CoordinatorDefaults.Listen}");

    /// <summary>The API token, or null with <paramref name="problem"/> saying where it looked.</summary>
    public static string? ApiToken(string? flag, string? dataDirectoryFlag, out string problem)
    {
        problem = "";
        if (flag is { Length: > 0 })
        {
            return flag;
        }
        if (Environment.GetEnvironmentVariable("ELASTIC_CI_TOKEN") is { Length: > 0 } env)
        {
            return env;
        }
        var path = Path.Combine(DataDirectory(dataDirectoryFlag), CoordinatorDefaults.ApiTokenFile);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        problem = $"no API token: pass --token, set ELASTIC_CI_TOKEN, or run where {path} exists (made by 'elastic-ci up')";
        return null;
    }

    public static CoordinatorClient CreateClient(string serverUrl, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri(serverUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
        return new CoordinatorClient(http, token);
    }

    /// <summary>How to run this very CLI again (executable and leading arguments), for instances and the in-job command.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var processPath = Environment.ProcessPath ?? "elastic-ci";
        var assembly = typeof(CliDefaults).Assembly.Location;
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet" ? [processPath, assembly] : [processPath];
    }
}
