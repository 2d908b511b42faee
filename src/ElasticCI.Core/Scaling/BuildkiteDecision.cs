namespace ElasticCI.Scaling;

/// <summary>What a dry-run tick decided.</summary>
/// <param name="Desired">The desired capacity after the tick: the value set for <c>out</c> and <c>in</c>, otherwise unchanged.</param>
/// <param name="Action">What the tick does; its wire name is <see cref="ScalingActions.ToName"/>.</param>
/// <param name="Reason">The inputs and the arithmetic that led to the decision.</param>
internal sealed record BuildkiteDecision(int Desired, ScalingAction Action, string Reason);
