namespace ElasticCI.Simulator;

/// <summary>How ElasticCI runs its policy, and the ScaleInIdlePeriod values to compare.</summary>
internal sealed record ElasticSpec(double TickSeconds, double ReactionSeconds, double ScaleInIdlePeriodSeconds, double[] SensitivityScaleInIdlePeriodSeconds);
