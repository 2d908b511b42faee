namespace ElasticCI.Simulator;

/// <summary>Lognormal job durations given by their median and 99th percentile.</summary>
internal sealed record DurationSpec(double MedianSeconds, double P99Seconds);
