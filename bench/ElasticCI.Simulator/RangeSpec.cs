namespace ElasticCI.Simulator;

/// <summary>A uniform range in seconds.</summary>
internal sealed record RangeSpec(double Min, double Max);
