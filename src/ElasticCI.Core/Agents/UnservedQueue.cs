namespace ElasticCI.Agents;

/// <summary>A queue that waiting jobs target and nothing serves, with those jobs (in build order).</summary>
internal sealed record UnservedQueue(string Queue, IReadOnlyList<string> JobIds);
