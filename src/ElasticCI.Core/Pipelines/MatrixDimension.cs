namespace ElasticCI.Pipelines;

/// <summary>One matrix dimension; <see cref="Name"/> is "" for the single-dimension forms.</summary>
internal sealed record MatrixDimension(string Name, IReadOnlyList<string> Values);
