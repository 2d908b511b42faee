namespace ElasticCI.Scaling;

/// <summary>Wire names of <see cref="ScalingAction"/> (<c>scaler decide</c>'s <c>action</c>), in the style of <c>JobStates</c>: lower case.</summary>
internal static class ScalingActions
{
    private static readonly Dictionary<string, ScalingAction> ByName = Enum.GetValues<ScalingAction>().ToDictionary(ToName, s => s, StringComparer.Ordinal);

    public static string ToName(this ScalingAction action) => action.ToString().ToLowerInvariant();

    public static ScalingAction Parse(string name)
        => ByName.TryGetValue(name, out var action) ? action : throw new FormatException($"Unknown scaling action '{name}'.");
}
