namespace ElasticCI.Stacks;

/// <summary>
/// One stack from <c>elastic-ci.yml</c>: a fleet serving one queue. Parameter names follow the
/// original Elastic CI Stack (README "Stack parameters" lists each with its default).
/// </summary>
internal sealed record StackDefinition
{
    public required string Name { get; init; }

    /// <remarks>Default: <c>default</c>.</remarks>
    public string Queue { get; init; } = "default";

    /// <remarks>Default: <c>local</c>.</remarks>
    public string Provider { get; init; } = "local";

    /// <remarks>Default: 0.</remarks>
    public int MinSize { get; init; }

    /// <remarks>Default: 10 (the original stack's).</remarks>
    public int MaxSize { get; init; } = 10;

    /// <remarks>Default: 1.</remarks>
    public int AgentsPerInstance { get; init; } = 1;

    /// <summary>How long every agent of an instance must have been idle before the instance is drained.</summary>
    /// <remarks>Default: 600 seconds (the original stack's).</remarks>
    public TimeSpan ScaleInIdlePeriod { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Instance shape; for the local provider a label only.</summary>
    /// <remarks>Default: <c>local</c>.</remarks>
    public string InstanceType { get; init; } = "local";

    /// <summary>The stack <c>elastic-ci up</c> runs when no configuration file is given.</summary>
    public static StackDefinition EmbeddedDefault { get; } = new()
    {
        Name = "default",
        Queue = "default",
        Provider = "local",
        MinSize = 0,
        MaxSize = 4,
        AgentsPerInstance = 2,
        ScaleInIdlePeriod = TimeSpan.FromSeconds(30),
    };
}
