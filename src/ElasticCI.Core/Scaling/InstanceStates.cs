namespace ElasticCI.Scaling;

/// <summary>Wire and stored names of <see cref="InstanceState"/>, in the style of <c>JobStates</c>: lower case.</summary>
internal static class InstanceStates
{
    private static readonly Dictionary<string, InstanceState> ByName = Enum.GetValues<InstanceState>().ToDictionary(ToName, s => s, StringComparer.OrdinalIgnoreCase);

    public static string ToName(this InstanceState state) => state.ToString().ToLowerInvariant();

    public static InstanceState Parse(string name)
        => ByName.TryGetValue(name, out var state) ? state : throw new FormatException($"Unknown instance state '{name}'.");

    /// <summary>A final state: the instance is gone and nothing changes it afterwards.</summary>
    public static bool IsTerminal(this InstanceState state) => state is InstanceState.Terminated;
}
