using System.Globalization;

namespace ElasticCI.Compute.Local;

/// <summary>Reads what an instance's bootstrap left behind (<c>bootstrap.exit</c>, <c>bootstrap.log</c>) in its directory.</summary>
internal static class LocalBootstrap
{
    private const int TimedOut = 124;

    public static string? Failure(string directory)
    {
        // The container engine starts before the bootstrap script (DockerEngine: rootless); its failure says why itself.
        var engineFailure = Path.Combine(directory, "engine.failed");
        if (File.Exists(engineFailure))
        {
            var text = File.ReadAllText(engineFailure).Trim();
            return text.Length <= 800 ? text : text[..800] + "…";
        }
        var exitFile = Path.Combine(directory, "bootstrap.exit");
        if (!File.Exists(exitFile)
            || !int.TryParse(File.ReadAllText(exitFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
            || code == 0)
        {
            return null;
        }
        var what = code == TimedOut ? "timed out (BootstrapScriptTimeout)" : $"exited with code {code}";
        var tail = InstanceFiles.Tail(Path.Combine(directory, "bootstrap.log"), 400);
        return $"bootstrap script {what}; output tail: {(tail.Length == 0 ? "(none)" : tail)}";
    }
}
