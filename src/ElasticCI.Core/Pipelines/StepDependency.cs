namespace ElasticCI.Pipelines;

/// <summary>One <c>depends_on</c> entry: a step (or group) key, and whether that step may fail.</summary>
internal sealed record StepDependency(string Key, bool AllowFailure);
