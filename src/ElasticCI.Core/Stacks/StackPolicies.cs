namespace ElasticCI.Stacks;

/// <summary>The values of a stack's <c>Policy</c> parameter.</summary>
internal static class StackPolicies
{
    /// <summary>ElasticCI's own policy: size to demand at once, drain only instances idle for ScaleInIdlePeriod.</summary>
    public const string Elastic = "elastic";

    /// <summary>The original buildkite-agent-scaler's tick: cooldowns, factors, availability boost.</summary>
    public const string Buildkite = "buildkite";

    public static IReadOnlyList<string> All { get; } = [Elastic, Buildkite];
}
