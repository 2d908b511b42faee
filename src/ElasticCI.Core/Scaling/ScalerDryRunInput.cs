namespace ElasticCI.Scaling;

/// <summary>One parsed dry-run tick: the stack's scaling parameters and what the scaler sees.</summary>
internal sealed record ScalerDryRunInput(ScalingParameters Parameters, BuildkiteTickInput Tick);
