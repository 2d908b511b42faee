namespace ElasticCI.Stacks;

/// <summary>A whole <c>elastic-ci.yml</c>: its stacks, the optional global instance budget and the artifact-store keys.</summary>
internal sealed record StackConfig(IReadOnlyList<StackDefinition> Stacks, int? MaxInstances)
{
    /// <summary>The <c>Artifacts*</c> keys; read at start-up only (a reload does not move the artifact store).</summary>
    public ArtifactSettings Artifacts { get; init; } = ArtifactSettings.None;
}
