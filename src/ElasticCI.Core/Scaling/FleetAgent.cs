namespace ElasticCI.Scaling;

/// <summary>An agent of an instance: busy with a job or idle since a moment.</summary>
internal sealed record FleetAgent(string Id, bool Busy, DateTimeOffset? IdleSince);
