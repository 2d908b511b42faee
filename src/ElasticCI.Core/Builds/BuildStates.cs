namespace ElasticCI.Builds;

/// <summary>Wire and stored names of <see cref="BuildState"/>, in the style of <c>JobStates</c>: lower case.</summary>
internal static class BuildStates
{
    private static readonly Dictionary<string, BuildState> ByName = Enum.GetValues<BuildState>().ToDictionary(ToName, s => s, StringComparer.Ordinal);

    public static string ToName(this BuildState state) => state.ToString().ToLowerInvariant();

    public static BuildState Parse(string name)
        => ByName.TryGetValue(name, out var state) ? state : throw new FormatException($"Unknown build state '{name}'.");

    /// <summary>A final state: the build is finished and nothing changes it afterwards (a rebuild is a new build).</summary>
    public static bool IsTerminal(this BuildState state) => state is BuildState.Passed or BuildState.Failed or BuildState.Canceled;
}
