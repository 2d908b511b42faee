namespace ElasticCI.Stacks;

/// <summary>A whole <c>elastic-ci.yml</c>: its stacks and the optional global instance budget.</summary>
internal sealed record StackConfig(IReadOnlyList<StackDefinition> Stacks, int? MaxInstances)
{
    /// <summary>The top-level <c>store</c> key (<c>sqlite</c> or a PostgreSQL URL), read at start-up only; null when absent.</summary>
    public string? Store { get; init; }

    /// <summary>The <c>Artifacts*</c> keys; read at start-up only (a reload does not move the artifact store).</summary>
    public ArtifactSettings Artifacts { get; init; } = ArtifactSettings.None;
}
