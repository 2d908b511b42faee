using System.Text;
using System.Text.Json;

namespace ElasticCI.Agent.Jobs;

/// <summary>
/// <c>BUILDKITE_ENV_FILE</c> and <c>BUILDKITE_ENV_JSON_FILE</c>: the job's environment as it started, written into the
/// job's private scratch directory (mode 0700), as <c>NAME="value"</c> lines a shell can source and as one JSON object.
/// </summary>
internal static class JobEnvFiles
{
    public static async Task WriteAsync(Dictionary<string, string> environment, string directory)
    {
        var text = Path.Combine(directory, "job-env");
        var json = Path.Combine(directory, "job-env.json");
        environment["BUILDKITE_ENV_FILE"] = text;
        environment["BUILDKITE_ENV_JSON_FILE"] = json;
        var lines = new StringBuilder();
        foreach (var (name, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (StepEnvironment.IsValidName(name))
            {
                lines.Append(name).Append("=\"").Append(Quote(StepEnvironment.CString(value))).Append("\"\n");
            }
        }
        await File.WriteAllTextAsync(text, lines.ToString(), CancellationToken.None);
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(environment, JobEnvJson.Default.DictionaryStringString), CancellationToken.None);
    }

    // Inside double quotes only these four are special to a POSIX shell.
    private static string Quote(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("$", "\\$", StringComparison.Ordinal)
        .Replace("`", "\\`", StringComparison.Ordinal);
}
