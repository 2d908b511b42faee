namespace ElasticCI.Pipelines;

/// <summary>One problem in a pipeline document, with where it is and which step it concerns.</summary>
internal sealed record PipelineError(string File, int Line, int Column, string? Step, string Message)
{
    /// <summary>"pipeline.yml:12:5: step 'test': message" — the one-line form the API and CLI print.</summary>
    public override string ToString()
        => Step is null ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: step '{Step}': {Message}";
}
