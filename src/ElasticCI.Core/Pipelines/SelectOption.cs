namespace ElasticCI.Pipelines;

/// <summary>One option of a select field.</summary>
internal sealed record SelectOption(string Label, string Value);
