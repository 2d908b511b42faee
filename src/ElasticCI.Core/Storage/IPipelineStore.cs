namespace ElasticCI.Storage;

/// <summary>Stored pipeline definitions. A pipeline that only has builds (created by <c>build FILE</c>) has no definition.</summary>
internal interface IPipelineStore
{
    /// <summary>Creates or replaces the definition of <paramref name="pipeline"/>'s slug; true when it did not exist before.</summary>
    Task<bool> PutPipelineAsync(PipelineRecord pipeline, DateTimeOffset now, CancellationToken cancellationToken);

    Task<PipelineRecord?> GetPipelineAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Every stored definition, ordered by slug.</summary>
    Task<IReadOnlyList<PipelineRecord>> ListPipelinesAsync(CancellationToken cancellationToken);

    /// <summary>Removes the definition (the pipeline's builds and numbering stay); false when there was none.</summary>
    Task<bool> DeletePipelineAsync(string slug, CancellationToken cancellationToken);
}
