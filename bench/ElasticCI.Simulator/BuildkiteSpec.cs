namespace ElasticCI.Simulator;

/// <summary>How the original stack runs its scaler and agents.</summary>
internal sealed record BuildkiteSpec(double TickSeconds, double ScaleOutCooldownSeconds, double AgentIdleTimeoutSeconds, double AvailabilityThreshold);
