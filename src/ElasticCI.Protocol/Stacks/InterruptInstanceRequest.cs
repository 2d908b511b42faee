namespace ElasticCI.Protocol.Stacks;

/// <summary>A spot interruption notice for one instance.</summary>
/// <param name="In">Time until the instance is terminated: <c>120s</c>, <c>2m</c> or seconds; null means 120 s (EC2's notice).</param>
public sealed record InterruptInstanceRequest(string? In);
