namespace ElasticCI.Coordinator.Artifacts;

/// <summary>The rules for an artifact's path: relative, forward slashes, no <c>..</c>, no control characters.</summary>
internal static class ArtifactPaths
{
    public const int MaxLength = 1024;

    /// <summary>The normalised path, or null with <paramref name="problem"/> saying why it is refused.</summary>
    public static string? Normalise(string? path, out string problem)
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(path))
        {
            problem = "the artifact path is empty";
            return null;
        }
        if (path.Length > MaxLength)
        {
            problem = $"the artifact path is longer than {MaxLength} characters";
            return null;
        }
        if (path.Any(char.IsControl))
        {
            problem = "the artifact path contains control characters";
            return null;
        }
        var normalised = path.Replace('\\', '/');
        if (normalised.StartsWith('/') || (normalised.Length > 1 && normalised[1] == ':'))
        {
            problem = $"the artifact path '{path}' is absolute; upload paths relative to the build directory";
            return null;
        }
        var segments = normalised.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == ".."))
        {
            problem = $"the artifact path '{path}' climbs out of the build directory ('..')";
            return null;
        }
        var clean = string.Join('/', segments.Where(s => s != "."));
        if (clean.Length == 0)
        {
            problem = "the artifact path names no file";
            return null;
        }
        return clean;
    }
}
